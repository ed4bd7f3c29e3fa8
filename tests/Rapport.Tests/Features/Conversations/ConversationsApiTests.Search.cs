using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Rapport.Data;
using Rapport.Tests.Infrastructure;
using static Rapport.Tests.Features.Conversations.ConversationScenarios;

namespace Rapport.Tests.Features.Conversations;

/// <summary>The list's search (<c>q</c>) and sort, on both providers.</summary>
public abstract partial class ConversationsApiTests
{
    [Fact]
    public async Task SearchFindsMessageTextInEnglishPersianAndArmenianHoweverItIsTyped()
    {
        var agent = await app.CreateUserAsync();
        var teamId = await CreateTeamAsync(app);
        // Stored with Arabic yeh and kaf, a ZWNJ and Arabic-Indic digits, as a customer's keyboard may write it.
        var persian = await CreateAsync(agent.Client, teamId: teamId, subject: "Order", body: "كتاب را ديروز خريدم ولی هنوز نرسيده، سفارش ٤٥٢١");
        var armenian = await CreateAsync(agent.Client, teamId: teamId, subject: "Order", body: "Իմ պատվերը դեռ չի հասել");
        var english = await CreateAsync(agent.Client, teamId: teamId, subject: "Order", body: "The parcel arrived CRUSHED on Tuesday.");
        var team = $"/api/v1/conversations?team_id={teamId}&q=";

        async Task Expect(string q, params JsonNode[] expected)
        {
            var served = await ListAllAsync(agent.Client, team + Uri.EscapeDataString(q), 1);
            Assert.Equal(expected.Select(e => e.Id()).Order(), served.Order());
        }

        await Expect("crushed", english);
        await Expect("Parcel Arrived", english);
        await Expect("کتاب", persian);           // Persian keheh finds Arabic kaf
        await Expect("دیروز", persian);          // Persian yeh finds Arabic yeh
        await Expect("نرسیده", persian);
        await Expect("۴۵۲۱", persian);           // Persian digits find Arabic-Indic ones
        await Expect("ՊԱՏՎԵՐԸ", armenian);        // Armenian capitals find small letters
        await Expect("չի հասել", armenian);
        await Expect("nothing like this anywhere", []);

        // A reply written later is found too: the index follows every new message.
        await (await agent.Client.PostJsonAsync($"/api/v1/conversations/{armenian.Id()}/reply", new { body_text = "Ձեր ծանրոցը ճանապարհին է" })).ExpectAsync(HttpStatusCode.Created);
        await Expect("ծանրոցը", armenian);
    }

    [Fact]
    public async Task SearchFindsSubjectsAndCustomersAndKeepsTheOtherFilters()
    {
        var agent = await app.CreateUserAsync();
        var teamId = await CreateTeamAsync(app);
        var marker = $"m{Guid.NewGuid():N}"[..12];
        var bySubject = await CreateAsync(agent.Client, teamId: teamId, subject: $"Refund for invoice {marker}", body: "Please help.");
        var byCustomer = await CreateAsync(agent.Client, teamId: teamId, email: $"{marker}@example.test", body: "Hello again.");
        var byMessage = await CreateAsync(agent.Client, teamId: teamId, body: $"My code is {marker.ToUpperInvariant()}", priority: "high");
        await CreateAsync(agent.Client, teamId: teamId, body: "Unrelated.");
        var team = $"/api/v1/conversations?team_id={teamId}";

        Assert.Equal(new[] { bySubject.Id(), byCustomer.Id(), byMessage.Id() }.Order(), (await ListAllAsync(agent.Client, $"{team}&q={marker}", 1)).Order());
        Assert.Equal([byMessage.Id()], await ListAllAsync(agent.Client, $"{team}&q={marker}&priority=high", 1));
        // Persian subjects fold the same way.
        var persianSubject = await CreateAsync(agent.Client, teamId: teamId, subject: "مشكل در پرداخت", body: "Hi.");
        Assert.Equal([persianSubject.Id()], await ListAllAsync(agent.Client, $"{team}&q={Uri.EscapeDataString("مشکل")}", 5));

        var tooLong = await agent.Client.GetAsync($"/api/v1/conversations?q={new string('x', 201)}");
        var problem = await tooLong.ExpectAsync(HttpStatusCode.BadRequest);
        Assert.NotNull(problem["errors"]!["q"]);
    }

    [Fact]
    public async Task SearchFollowsRenamedSubjectsAndCustomersAndStillFindsTwoLetters()
    {
        var agent = await app.CreateUserAsync();
        var teamId = await CreateTeamAsync(app);
        var old = $"o{Guid.NewGuid():N}"[..12];
        var renamed = $"r{Guid.NewGuid():N}"[..12];
        var bySubject = await CreateAsync(agent.Client, teamId: teamId, subject: $"Invoice {old}", body: "Hi.");
        var byCustomer = await CreateAsync(agent.Client, teamId: teamId, email: $"{old}-c@example.test", body: "Hello.");
        var team = $"/api/v1/conversations?team_id={teamId}";

        await (await agent.Client.PatchJsonAsync($"/api/v1/conversations/{bySubject.Id()}", new { subject = $"Invoice {renamed}" })).ExpectAsync(HttpStatusCode.OK);
        await (await agent.Client.PatchJsonAsync($"/api/v1/customers/{byCustomer["customer_id"]!.GetValue<long>()}", new { full_name = $"Someone {renamed}x" })).ExpectAsync(HttpStatusCode.OK);

        // The indexes follow the edits: the new text finds both, the old subject no longer does.
        Assert.Equal(new[] { bySubject.Id(), byCustomer.Id() }.Order(), (await ListAllAsync(agent.Client, $"{team}&q={renamed}", 1)).Order());
        Assert.Equal([byCustomer.Id()], await ListAllAsync(agent.Client, $"{team}&q={old}", 1));
        // Fewer letters than a trigram still search subjects (by a scan).
        var shortOne = await CreateAsync(agent.Client, teamId: teamId, subject: "Qz", body: "Hi.");
        Assert.Equal([shortOne.Id()], await ListAllAsync(agent.Client, $"{team}&q=qz", 1));
    }

    [Fact]
    public async Task TextInManyMessagesIsFoundRowByRowWithTheSameAnswer()
    {
        var agent = await app.CreateUserAsync();
        var teamId = await CreateTeamAsync(app);
        var marker = $"w{Guid.NewGuid():N}"[..12];
        var many = await CreateAsync(agent.Client, teamId: teamId, body: $"The {marker} is broken.");
        var once = await CreateAsync(agent.Client, teamId: teamId, body: $"Mine too: {marker.ToUpperInvariant()}!");
        await CreateAsync(agent.Client, teamId: teamId, body: "Something else.");
        // Past TextIndex.CommonAt matching messages the search checks each conversation instead of gathering ids.
        await app.WithDbAsync(db => db.Database.ExecuteSqlAsync($"""
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {TextIndex.CommonAt + 100})
            INSERT INTO messages (conversation_id, kind, channel, body_text, created_at, search_text)
            SELECT m.conversation_id, m.kind, m.channel, m.body_text, m.created_at, m.search_text FROM messages m, n
            WHERE m.conversation_id = {many.Id()}
            """));

        Assert.Equal(new[] { many.Id(), once.Id() }.Order(), (await ListAllAsync(agent.Client, $"/api/v1/conversations?team_id={teamId}&q={marker}", 1)).Order());
        Assert.Equal([once.Id()], await ListAllAsync(agent.Client, $"/api/v1/conversations?team_id={teamId}&q={marker}&customer_id={once.Id("customer_id")}", 1));
    }

    [Fact]
    public async Task SortByCreatedOrPriorityEitherWayPagesEveryConversationOnce()
    {
        var agent = await app.CreateUserAsync();
        var teamId = await CreateTeamAsync(app);
        var priorities = new[] { "low", "urgent", "normal", "high", "urgent", "low" };
        var ids = new List<long>();
        foreach (var priority in priorities)
        {
            app.Clock.Advance(TimeSpan.FromSeconds(1));
            ids.Add((await CreateAsync(agent.Client, teamId: teamId, priority: priority)).Id());
        }
        // The first one changes last: the newest by updated_at, still the oldest by created_at.
        app.Clock.Advance(TimeSpan.FromSeconds(1));
        await PatchStatusAsync(agent.Client, ids[0], "open");
        var team = $"/api/v1/conversations?team_id={teamId}";

        foreach (var limit in new[] { 1, 4 })
        {
            Assert.Equal(ids, await ListAllAsync(agent.Client, $"{team}&sort=created_at&order=asc", limit));
            Assert.Equal(Enumerable.Reverse(ids), await ListAllAsync(agent.Client, $"{team}&sort=created_at", limit));
            Assert.Equal([ids[0], .. Enumerable.Reverse(ids.Skip(1))], await ListAllAsync(agent.Client, $"{team}&sort=updated_at&order=desc", limit));
            // Urgent first; within a priority, the latest change first.
            Assert.Equal([ids[4], ids[1], ids[3], ids[2], ids[0], ids[5]], await ListAllAsync(agent.Client, $"{team}&sort=priority", limit));
            Assert.Equal([ids[5], ids[0], ids[2], ids[3], ids[1], ids[4]], await ListAllAsync(agent.Client, $"{team}&sort=priority&order=asc", limit));
        }

        var bad = await (await agent.Client.GetAsync("/api/v1/conversations?sort=subject&order=up")).ExpectAsync(HttpStatusCode.BadRequest);
        Assert.NotNull(bad["errors"]!["sort"]);
        Assert.NotNull(bad["errors"]!["order"]);
    }
}
