using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Rapport.Features.Accounts;
using Rapport.Tests.Infrastructure;
using static Rapport.Tests.Features.Conversations.ConversationScenarios;

namespace Rapport.Tests.Features.Conversations;

/// <summary>POST /api/v1/conversations/bulk: one change for many, each through the single endpoint's handler.</summary>
public abstract partial class ConversationsApiTests
{
    private static async Task<JsonArray> BulkAsync(HttpClient client, object body)
    {
        var response = await (await client.PostJsonAsync("/api/v1/conversations/bulk", body)).ExpectAsync(HttpStatusCode.OK);
        return response["items"]!.AsArray();
    }

    [Fact]
    public async Task BulkStatusChangesEachConversationAndReportsEachFailure()
    {
        var agent = await app.CreateUserAsync();
        var a = await CreateAsync(agent.Client);
        var b = await CreateAsync(agent.Client);
        var closed = await CreateAsync(agent.Client);
        await PatchStatusAsync(agent.Client, closed.Id(), "solved");
        await PatchStatusAsync(agent.Client, closed.Id(), "closed");
        const long missing = long.MaxValue - 7;

        var items = await BulkAsync(agent.Client, new { ids = new[] { a.Id(), closed.Id(), missing, b.Id() }, action = "status", status = "pending" });

        Assert.Equal([a.Id(), closed.Id(), missing, b.Id()], items.Select(i => i!.Id()));
        Assert.Equal([true, false, false, true], items.Select(i => i!["ok"]!.GetValue<bool>()));
        Assert.Equal(409, items[1]!["status"]!.GetValue<int>());
        Assert.Equal(404, items[2]!["status"]!.GetValue<int>());
        foreach (var id in new[] { a.Id(), b.Id() })
        {
            var fetched = await (await agent.Client.GetAsync($"/api/v1/conversations/{id}")).ExpectAsync(HttpStatusCode.OK);
            Assert.Equal("pending", fetched.Str("status"));
            Assert.Equal("conversation.status_changed", (await ActivityKindsAsync(app, id)).Last());
        }
        var stillClosed = await (await agent.Client.GetAsync($"/api/v1/conversations/{closed.Id()}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("closed", stillClosed.Str("status"));
    }

    [Fact]
    public async Task BulkAssignAndTagGoThroughTheSingleEndpointsChecks()
    {
        var agent = await app.CreateUserAsync();
        var other = await app.CreateUserAsync();
        var a = await CreateAsync(agent.Client, tags: ["old", "keep"]);
        var b = await CreateAsync(agent.Client);

        var assigned = await BulkAsync(agent.Client, new { ids = new[] { a.Id(), b.Id() }, action = "assign", assignee_id = other.Id });
        Assert.All(assigned, i => Assert.True(i!["ok"]!.GetValue<bool>()));
        var mine = await ListAllAsync(other.Client, "/api/v1/conversations?assignee_id=me", 50);
        Assert.Contains(a.Id(), mine);
        Assert.Contains(b.Id(), mine);

        var tagged = await BulkAsync(agent.Client, new { ids = new[] { a.Id(), b.Id() }, action = "tag", add = new[] { "VIP" }, remove = new[] { "old" } });
        Assert.All(tagged, i => Assert.True(i!["ok"]!.GetValue<bool>()));
        var fetchedA = await (await agent.Client.GetAsync($"/api/v1/conversations/{a.Id()}")).ExpectAsync(HttpStatusCode.OK);
        var fetchedB = await (await agent.Client.GetAsync($"/api/v1/conversations/{b.Id()}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(["keep", "vip"], fetchedA["tags"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.Equal(["vip"], fetchedB["tags"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.Contains("conversation.tags_changed", await ActivityKindsAsync(app, b.Id()));

        // The owner is checked once, as the assign endpoint checks it: a missing agent changes nothing.
        var invalid = await (await agent.Client.PostJsonAsync("/api/v1/conversations/bulk", new { ids = new[] { a.Id() }, action = "assign", assignee_id = long.MaxValue - 3 }))
            .ExpectAsync(HttpStatusCode.BadRequest);
        Assert.NotNull(invalid["errors"]!["assignee_id"]);
    }

    [Fact]
    public async Task BulkNeedsTheWriteScopeAListOfIdsWithinTheLimitAndAnAction()
    {
        var agent = await app.CreateUserAsync();
        var a = await CreateAsync(agent.Client);
        var reader = await app.CreateUserAsync(Role.Agent, TokenScope.Read);
        var body = new { ids = new[] { a.Id() }, action = "status", status = "solved" };

        Assert.Equal(HttpStatusCode.Forbidden, (await reader.Client.PostJsonAsync("/api/v1/conversations/bulk", body)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.CreateClient(null).PostJsonAsync("/api/v1/conversations/bulk", body)).StatusCode);
        var unchanged = await (await agent.Client.GetAsync($"/api/v1/conversations/{a.Id()}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("new", unchanged.Str("status"));

        async Task<JsonNode> Invalid(object request) =>
            (await (await agent.Client.PostJsonAsync("/api/v1/conversations/bulk", request)).ExpectAsync(HttpStatusCode.BadRequest))["errors"]!;

        Assert.NotNull((await Invalid(new { ids = Enumerable.Range(1, 201).Select(i => (long)i).ToArray(), action = "status", status = "solved" }))["ids"]);
        Assert.NotNull((await Invalid(new { ids = Array.Empty<long>(), action = "status", status = "solved" }))["ids"]);
        Assert.NotNull((await Invalid(new { ids = new[] { a.Id() }, action = "delete" }))["action"]);
        Assert.NotNull((await Invalid(new { ids = new[] { a.Id() }, action = "status" }))["status"]);
        Assert.NotNull((await Invalid(new { ids = new[] { a.Id() }, action = "tag" }))["add"]);

        // Two hundred is allowed; ids that do not exist are reported one by one.
        var many = await BulkAsync(agent.Client, new { ids = Enumerable.Range(0, 200).Select(i => long.MaxValue - 1000 - i).ToArray(), action = "status", status = "solved" });
        Assert.Equal(200, many.Count);
        Assert.All(many, i => Assert.Equal(404, i!["status"]!.GetValue<int>()));
    }

    [Fact]
    public async Task BulkChangesBumpEachConversationsVersionAsSingleChangesDo()
    {
        var agent = await app.CreateUserAsync();
        var a = await CreateAsync(agent.Client);
        var b = await CreateAsync(agent.Client);
        var versions = await app.WithDbAsync(db => db.Conversations.Where(c => c.Id == a.Id() || c.Id == b.Id()).Select(c => c.Version).ToListAsync());

        await BulkAsync(agent.Client, new { ids = new[] { a.Id(), b.Id() }, action = "status", status = "open" });

        var after = await app.WithDbAsync(db => db.Conversations.Where(c => c.Id == a.Id() || c.Id == b.Id()).Select(c => c.Version).ToListAsync());
        Assert.All(after.Zip(versions), pair => Assert.True(pair.First > pair.Second));
    }
}
