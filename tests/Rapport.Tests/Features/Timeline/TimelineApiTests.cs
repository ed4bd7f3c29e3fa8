using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Rapport.Tests.Features.Conversations;
using Rapport.Tests.Infrastructure;
using static Rapport.Tests.Features.Conversations.ConversationScenarios;

namespace Rapport.Tests.Features.Timeline;

public abstract class TimelineApiTests(RapportApp app)
{
    [Fact]
    public async Task TheTimelineShowsEveryChannelNewestFirst()
    {
        var agent = await app.CreateUserAsync();
        var byEmail = await CreateAsync(agent.Client, channel: "email", subject: "Invoice question");
        var customerId = byEmail.Id("customer_id");
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        var byChat = await CreateAsync(agent.Client, customerId: customerId, channel: "chat", subject: "Chat about delivery");
        await (await agent.Client.PostJsonAsync($"/api/v1/conversations/{byEmail.Id()}/reply", new { body_text = "Here is your invoice." }))
            .ExpectAsync(HttpStatusCode.Created);

        var timeline = await (await agent.Client.GetAsync($"/api/v1/customers/{customerId}/timeline")).ExpectAsync(HttpStatusCode.OK);
        var items = timeline["items"]!.AsArray().Select(i => i!).ToList();

        Assert.Null(timeline["next_cursor"]);
        Assert.Equal(items.Select(i => i.Id()).OrderDescending(), items.Select(i => i.Id()));
        Assert.Equal("customer.created", items[^1].Str("kind"));
        Assert.Null(items[^1]["conversation_id"]);
        var newest = items[0];
        Assert.Equal("conversation.status_changed", newest.Str("kind"));
        Assert.Equal(byEmail.Id(), newest.Id("conversation_id"));
        Assert.Equal("email", newest.Str("channel"));
        Assert.Equal("Invoice question", newest.Str("subject"));
        Assert.Equal("open", newest["data"]!.Str("to"));
        Assert.Equal("user", newest["actor"]!.Str("kind"));
        Assert.Equal(agent.Id, newest["actor"]!.Id("user_id"));
        var chat = items.First(i => i["conversation_id"]?.GetValue<long>() == byChat.Id() && i.Str("kind") == "conversation.message_added");
        Assert.Equal("chat", chat.Str("channel"));
        Assert.Equal("customer", chat["actor"]!.Str("kind"));
        Assert.Equal(customerId, chat["actor"]!.Id("customer_id"));
        Assert.IsType<JsonObject>(chat["data"]);
        Assert.NotNull(chat["occurred_at"]);
    }

    [Fact]
    public async Task TheTimelineIncludesCustomersMergedIntoThisOne()
    {
        var agent = await app.CreateUserAsync();
        var kept = await CreateAsync(agent.Client, channel: "email", subject: "By email");
        var duplicate = await CreateAsync(agent.Client, channel: "phone", subject: "By phone");
        var keptId = kept.Id("customer_id");
        var duplicateId = duplicate.Id("customer_id");
        Assert.NotEqual(keptId, duplicateId);
        var unrelated = await CreateAsync(agent.Client);

        await app.WithDbAsync(db => db.Database.ExecuteSqlAsync($"UPDATE customers SET merged_into_id = {keptId} WHERE id = {duplicateId}"));
        var ids = await ListAllAsync(agent.Client, $"/api/v1/customers/{keptId}/timeline", 2);

        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.Equal(ids.OrderDescending(), ids);
        var expected = await app.WithDbAsync(db => db.Activities
            .Where(a => a.CustomerId == keptId || a.CustomerId == duplicateId)
            .OrderByDescending(a => a.Id).Select(a => a.Id).ToListAsync());
        Assert.Equal(expected, ids);
        var unrelatedIds = await app.WithDbAsync(db => db.Activities.Where(a => a.ConversationId == unrelated.Id()).Select(a => a.Id).ToListAsync());
        Assert.Empty(ids.Intersect(unrelatedIds));

        var page = await (await agent.Client.GetAsync($"/api/v1/customers/{keptId}/timeline?limit=200")).ExpectAsync(HttpStatusCode.OK);
        var channels = page["items"]!.AsArray().Select(i => i!["channel"]?.GetValue<string>()).Where(c => c is not null).Distinct().Order();
        Assert.Equal(["email", "phone"], channels);
    }

    [Fact]
    public async Task UnknownCustomersAndBadParametersAreRefused()
    {
        var agent = await app.CreateUserAsync();
        var customerId = (await CreateAsync(agent.Client)).Id("customer_id");

        await (await agent.Client.GetAsync("/api/v1/customers/999999/timeline")).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await app.CreateClient((string?)null).GetAsync($"/api/v1/customers/{customerId}/timeline")).ExpectProblemAsync(HttpStatusCode.Unauthorized);
        var badCursor = await (await agent.Client.GetAsync($"/api/v1/customers/{customerId}/timeline?cursor=bogus")).ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.NotNull(badCursor["errors"]!["cursor"]);
        await (await agent.Client.GetAsync($"/api/v1/customers/{customerId}/timeline?limit=-1")).ExpectProblemAsync(HttpStatusCode.BadRequest);
        var tooMany = await (await agent.Client.GetAsync($"/api/v1/customers/{customerId}/timeline?limit=201")).ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.NotNull(tooMany["errors"]!["limit"]);
    }
}

public sealed class TimelineApiTestsOnSqlite(SqliteApp app) : TimelineApiTests(app), IClassFixture<SqliteApp>;

public sealed class TimelineApiTestsOnPostgres(PostgresApp app) : TimelineApiTests(app), IClassFixture<PostgresApp>;
