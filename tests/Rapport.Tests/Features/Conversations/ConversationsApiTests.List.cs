using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Rapport.Tests.Infrastructure;
using static Rapport.Tests.Features.Conversations.ConversationScenarios;

namespace Rapport.Tests.Features.Conversations;

public abstract partial class ConversationsApiTests
{
    [Fact]
    public async Task PagingWalksEveryConversationOnceNewestFirstEvenWhenTimesTie()
    {
        var agent = await app.CreateUserAsync();
        var teamId = await CreateTeamAsync(app);
        var ids = new List<long>();
        for (var i = 0; i < 7; i++)
        {
            // Pairs share an updated_at, so the id must break the tie between pages.
            if (i % 2 == 0)
            {
                app.Clock.Advance(TimeSpan.FromSeconds(1));
            }
            ids.Add((await CreateAsync(agent.Client, teamId: teamId)).Id());
        }

        foreach (var limit in new[] { 1, 2, 3, 50 })
        {
            var served = await ListAllAsync(agent.Client, $"/api/v1/conversations?team_id={teamId}", limit);
            Assert.Equal(Enumerable.Reverse(ids), served);
        }

        // A conversation that changes moves to the front.
        app.Clock.Advance(TimeSpan.FromSeconds(1));
        await PatchStatusAsync(agent.Client, ids[0], "open");
        var after = await ListAllAsync(agent.Client, $"/api/v1/conversations?team_id={teamId}", 2);
        Assert.Equal(ids[0], after[0]);
        Assert.Equal(ids.Count, after.Distinct().Count());
    }

    [Fact]
    public async Task ListFiltersEachPageAcrossTheirMatches()
    {
        var agent = await app.CreateUserAsync();
        var other = await app.CreateUserAsync();
        var teamId = await CreateTeamAsync(app);
        var tag = $"tag-{Guid.NewGuid():N}";
        var a = await CreateAsync(agent.Client, teamId: teamId, assigneeId: agent.Id, tags: [tag], channel: "chat", priority: "high");
        var b = await CreateAsync(agent.Client, teamId: teamId, assigneeId: other.Id, channel: "chat", priority: "low");
        var c = await CreateAsync(agent.Client, teamId: teamId, tags: [tag.ToUpperInvariant()], channel: "phone", priority: "high");
        var d = await CreateAsync(agent.Client, teamId: teamId, assigneeId: agent.Id, tags: [tag], channel: "sms", priority: "urgent");
        await PatchStatusAsync(agent.Client, b.Id(), "pending");
        await PatchStatusAsync(agent.Client, d.Id(), "solved");
        var team = $"/api/v1/conversations?team_id={teamId}";

        async Task Expect(string filter, params System.Text.Json.Nodes.JsonNode[] expected)
        {
            var served = await ListAllAsync(agent.Client, team + filter, 1);
            Assert.Equal(served.Count, served.Distinct().Count());
            Assert.Equal(expected.Select(e => e.Id()).Order(), served.Order());
        }

        await Expect("", a, b, c, d);
        await Expect("&status=new", a, c);
        await Expect("&status=pending,solved", b, d);
        await Expect("&assignee_id=me", a, d);
        await Expect($"&assignee_id={other.Id}", b);
        await Expect("&assignee_id=none", c);
        await Expect($"&tag={tag}", a, c, d);
        await Expect("&channel=chat", a, b);
        await Expect("&priority=high", a, c);
        await Expect("&status=new&priority=high&tag=" + tag, a, c);

        // "me" is whoever calls.
        var mine = await ListAllAsync(other.Client, "/api/v1/conversations?assignee_id=me", 1);
        Assert.Equal([b.Id()], mine);
    }

    [Fact]
    public async Task UpdatedSinceKeepsOnlyRecentChanges()
    {
        var agent = await app.CreateUserAsync();
        var teamId = await CreateTeamAsync(app);
        var old = await CreateAsync(agent.Client, teamId: teamId);
        app.Clock.Advance(TimeSpan.FromMinutes(5));
        var since = app.Clock.GetUtcNow().AddSeconds(-1);
        var recent1 = await CreateAsync(agent.Client, teamId: teamId);
        var recent2 = await CreateAsync(agent.Client, teamId: teamId);

        var stamp = Uri.EscapeDataString(since.ToString("O", CultureInfo.InvariantCulture));
        var served = await ListAllAsync(agent.Client, $"/api/v1/conversations?team_id={teamId}&updated_since={stamp}", 1);

        Assert.Equal([recent2.Id(), recent1.Id()], served);
        Assert.DoesNotContain(old.Id(), served);
    }

    [Fact]
    public async Task CustomerFilterIncludesCustomersMergedIntoIt()
    {
        var agent = await app.CreateUserAsync();
        var kept = await CreateAsync(agent.Client);
        var keptAgain = await CreateAsync(agent.Client, customerId: kept.Id("customer_id"));
        var merged = await CreateAsync(agent.Client);
        await CreateAsync(agent.Client);
        await app.WithDbAsync(db => db.Database.ExecuteSqlAsync(
            $"UPDATE customers SET merged_into_id = {kept.Id("customer_id")} WHERE id = {merged.Id("customer_id")}"));

        var served = await ListAllAsync(agent.Client, $"/api/v1/conversations?customer_id={kept.Id("customer_id")}", 1);

        Assert.Equal(new[] { kept.Id(), keptAgain.Id(), merged.Id() }.Order(), served.Order());
    }

    [Theory]
    [InlineData("status=open,archived", "status")]
    [InlineData("assignee_id=someone", "assignee_id")]
    [InlineData("channel=fax", "channel")]
    [InlineData("priority=meh", "priority")]
    [InlineData("updated_since=yesterday", "updated_since")]
    [InlineData("cursor=not-a-cursor", "cursor")]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=201", "limit")]
    public async Task BadListParametersAreFieldErrors(string query, string field)
    {
        var agent = await app.CreateUserAsync();

        var problem = await (await agent.Client.GetAsync($"/api/v1/conversations?{query}")).ExpectProblemAsync(HttpStatusCode.BadRequest);

        Assert.NotNull(problem["errors"]![field]);
    }

    [Fact]
    public async Task ANonNumericTeamIdIs400()
    {
        var agent = await app.CreateUserAsync();

        await (await agent.Client.GetAsync("/api/v1/conversations?team_id=abc")).ExpectProblemAsync(HttpStatusCode.BadRequest);
    }
}
