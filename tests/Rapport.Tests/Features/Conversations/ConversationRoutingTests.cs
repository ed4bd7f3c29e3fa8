using System.Net;
using System.Text.Json.Nodes;
using Rapport.Tests.Infrastructure;
using static Rapport.Tests.Features.Conversations.ConversationScenarios;

namespace Rapport.Tests.Features.Conversations;

public abstract class ConversationRoutingTests(RapportApp app)
{
    [Fact]
    public async Task AssigningSetsTeamAndAgentAndRecordsBoth()
    {
        var agent = await app.CreateUserAsync();
        var teamId = await CreateTeamAsync(app);
        var id = (await CreateAsync(agent.Client)).Id();

        var assigned = await (await agent.Client.PostJsonAsync($"/api/v1/conversations/{id}/assign", new { team_id = teamId, assignee_id = agent.Id }))
            .ExpectAsync(HttpStatusCode.OK);

        Assert.Equal(teamId, assigned.Id("team_id"));
        Assert.Equal(agent.Id, assigned.Id("assignee_id"));
        Assert.Equal(0, assigned["transfer_count"]!.GetValue<int>());
        var data = JsonNode.Parse((await ActivitiesAsync(app, id)).Single(a => a.Kind == "conversation.assigned").Data)!;
        Assert.Null(data["from"]!["team_id"]);
        Assert.Equal(teamId, data["to"]!.Id("team_id"));
        Assert.Equal(agent.Id, data["to"]!.Id("assignee_id"));

        // Another agent in the same team is an assignment; another team is a transfer.
        var colleague = await app.CreateUserAsync();
        await (await agent.Client.PostJsonAsync($"/api/v1/conversations/{id}/assign", new { team_id = teamId, assignee_id = colleague.Id }))
            .ExpectAsync(HttpStatusCode.OK);
        var otherTeam = await CreateTeamAsync(app);
        var problem = await (await agent.Client.PostJsonAsync($"/api/v1/conversations/{id}/assign", new { team_id = otherTeam }))
            .ExpectProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains("transfer", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);

        var unknown = await (await agent.Client.PostJsonAsync($"/api/v1/conversations/{id}/assign", new { team_id = 999_999, assignee_id = 999_998 }))
            .ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.NotNull(unknown["errors"]!["team_id"]);
        Assert.NotNull(unknown["errors"]!["assignee_id"]);
    }

    [Fact]
    public async Task ATransferNeedsAReason()
    {
        var agent = await app.CreateUserAsync();
        var teamId = await CreateTeamAsync(app);
        var id = (await CreateAsync(agent.Client)).Id();

        var noReason = await (await agent.Client.PostJsonAsync($"/api/v1/conversations/{id}/transfer", new { team_id = teamId, reason = "  " }))
            .ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.NotNull(noReason["errors"]!["reason"]);
        var nowhere = await (await agent.Client.PostJsonAsync($"/api/v1/conversations/{id}/transfer", new { reason = "Billing question" }))
            .ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.NotNull(nowhere["errors"]!["team_id"]);
        var longReason = await (await agent.Client.PostJsonAsync($"/api/v1/conversations/{id}/transfer", new { team_id = teamId, reason = new string('r', 1001) }))
            .ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.NotNull(longReason["errors"]!["reason"]);

        var conversation = await (await agent.Client.GetAsync($"/api/v1/conversations/{id}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(0, conversation["transfer_count"]!.GetValue<int>());
        Assert.DoesNotContain("conversation.transferred", await ActivityKindsAsync(app, id));
    }

    [Fact]
    public async Task EveryTransferIsCountedAndRecordedWithItsReason()
    {
        var agent = await app.CreateUserAsync();
        var billing = await CreateTeamAsync(app);
        var shipping = await CreateTeamAsync(app);
        var specialist = await app.CreateUserAsync();
        var id = (await CreateAsync(agent.Client, teamId: billing, assigneeId: agent.Id)).Id();

        await (await agent.Client.PostJsonAsync($"/api/v1/conversations/{id}/transfer", new { team_id = shipping, reason = "Parcel is with the courier" }))
            .ExpectAsync(HttpStatusCode.OK);
        var second = await (await agent.Client.PostJsonAsync($"/api/v1/conversations/{id}/transfer", new { team_id = shipping, assignee_id = specialist.Id, reason = "Needs a claims specialist" }))
            .ExpectAsync(HttpStatusCode.OK);

        Assert.Equal(2, second["transfer_count"]!.GetValue<int>());
        Assert.Equal(shipping, second.Id("team_id"));
        Assert.Equal(specialist.Id, second.Id("assignee_id"));
        var transfers = (await ActivitiesAsync(app, id)).Where(a => a.Kind == "conversation.transferred").Select(a => JsonNode.Parse(a.Data)!).ToList();
        Assert.Equal(2, transfers.Count);
        Assert.Equal("Parcel is with the courier", transfers[0].Str("reason"));
        Assert.Equal(1, transfers[0]["transfer_number"]!.GetValue<int>());
        Assert.Equal(billing, transfers[0]["from"]!.Id("team_id"));
        Assert.Equal(agent.Id, transfers[0]["from"]!.Id("assignee_id"));
        Assert.Equal(shipping, transfers[0]["to"]!.Id("team_id"));
        Assert.Null(transfers[0]["to"]!["assignee_id"]);
        Assert.Equal(2, transfers[1]["transfer_number"]!.GetValue<int>());

        await (await agent.Client.PostJsonAsync($"/api/v1/conversations/{id}/transfer", new { team_id = shipping, assignee_id = specialist.Id, reason = "again" }))
            .ExpectProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task MergingMovesTheMessagesAndClosesAndLinksTheSource()
    {
        var agent = await app.CreateUserAsync();
        var target = await CreateAsync(agent.Client, body: "target first");
        var customerId = target.Id("customer_id");
        var source = await CreateAsync(agent.Client, customerId: customerId, body: "source first");
        await (await agent.Client.PostJsonAsync($"/api/v1/conversations/{source.Id()}/reply", new { body_text = "source reply" })).ExpectAsync(HttpStatusCode.Created);

        var merged = await (await agent.Client.PostJsonAsync($"/api/v1/conversations/{source.Id()}/merge", new { into_id = target.Id() }))
            .ExpectAsync(HttpStatusCode.OK);

        Assert.Equal("closed", merged.Str("status"));
        Assert.Equal(target.Id(), merged.Id("merged_into_id"));
        Assert.Equal(0, merged["message_count"]!.GetValue<int>());
        Assert.Equal([target.Id()], merged["links"]!.AsArray().Select(l => l!.GetValue<long>()));
        var after = await (await agent.Client.GetAsync($"/api/v1/conversations/{target.Id()}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(3, after["message_count"]!.GetValue<int>());
        Assert.Equal([source.Id()], after["links"]!.AsArray().Select(l => l!.GetValue<long>()));
        var messages = await (await agent.Client.GetAsync($"/api/v1/conversations/{target.Id()}/messages")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(["target first", "source first", "source reply"], messages["items"]!.AsArray().Select(m => m!.Str("body_text")));
        var sourceMessages = await (await agent.Client.GetAsync($"/api/v1/conversations/{source.Id()}/messages")).ExpectAsync(HttpStatusCode.OK);
        Assert.Empty(sourceMessages["items"]!.AsArray());

        var sourceActivity = JsonNode.Parse((await ActivitiesAsync(app, source.Id())).Single(a => a.Kind == "conversation.merged_into").Data)!;
        Assert.Equal(target.Id(), sourceActivity.Id("into_id"));
        var targetActivity = JsonNode.Parse((await ActivitiesAsync(app, target.Id())).Single(a => a.Kind == "conversation.merged").Data)!;
        Assert.Equal(source.Id(), targetActivity.Id("from_id"));
        Assert.Equal(2, targetActivity["moved_messages"]!.GetValue<int>());

        // The merged conversation is closed for good.
        await (await agent.Client.PostJsonAsync($"/api/v1/conversations/{source.Id()}/merge", new { into_id = target.Id() })).ExpectProblemAsync(HttpStatusCode.Conflict);
        await (await agent.Client.PostJsonAsync($"/api/v1/conversations/{target.Id()}/merge", new { into_id = source.Id() })).ExpectProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task MergesThatMakeNoSenseAreRefused()
    {
        var agent = await app.CreateUserAsync();
        var one = await CreateAsync(agent.Client);
        var stranger = await CreateAsync(agent.Client);

        await (await agent.Client.PostJsonAsync($"/api/v1/conversations/{one.Id()}/merge", new { into_id = one.Id() })).ExpectProblemAsync(HttpStatusCode.Conflict);
        await (await agent.Client.PostJsonAsync($"/api/v1/conversations/{one.Id()}/merge", new { into_id = stranger.Id() })).ExpectProblemAsync(HttpStatusCode.Conflict);
        var unknown = await (await agent.Client.PostJsonAsync($"/api/v1/conversations/{one.Id()}/merge", new { into_id = 999_999 })).ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.NotNull(unknown["errors"]!["into_id"]);
        await (await agent.Client.PostJsonAsync("/api/v1/conversations/999999/merge", new { into_id = one.Id() })).ExpectProblemAsync(HttpStatusCode.NotFound);

        var unchanged = await (await agent.Client.GetAsync($"/api/v1/conversations/{one.Id()}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("new", unchanged.Str("status"));
        Assert.Equal(1, unchanged["message_count"]!.GetValue<int>());
    }

    [Fact]
    public async Task LinkingRelatesTwoConversationsOnce()
    {
        var agent = await app.CreateUserAsync();
        var closed = (await CreateAsync(agent.Client)).Id();
        await PatchStatusAsync(agent.Client, closed, "solved");
        await PatchStatusAsync(agent.Client, closed, "closed");
        var followUp = (await CreateAsync(agent.Client, subject: "Follow-up")).Id();

        var response = await agent.Client.PostJsonAsync($"/api/v1/conversations/{followUp}/links", new { conversation_id = closed });
        var link = await response.ExpectAsync(HttpStatusCode.Created);
        Assert.Equal(closed, link.Id("conversation_id"));
        Assert.Equal("closed", link.Str("status"));
        Assert.Equal(agent.Id, link.Id("created_by_user_id"));
        await (await agent.Client.PostJsonAsync($"/api/v1/conversations/{closed}/links", new { conversation_id = followUp })).ExpectAsync(HttpStatusCode.OK);

        var fromClosed = await (await agent.Client.GetAsync($"/api/v1/conversations/{closed}/links")).ExpectAsync(HttpStatusCode.OK);
        var only = Assert.Single(fromClosed["items"]!.AsArray())!;
        Assert.Equal(followUp, only.Id("conversation_id"));
        Assert.Equal("Follow-up", only.Str("subject"));
        Assert.Single(await ActivityKindsAsync(app, closed), k => k == "conversation.linked");
        Assert.Single(await ActivityKindsAsync(app, followUp), k => k == "conversation.linked");

        var unknown = await (await agent.Client.PostJsonAsync($"/api/v1/conversations/{followUp}/links", new { conversation_id = 999_999 }))
            .ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.NotNull(unknown["errors"]!["conversation_id"]);
        await (await agent.Client.PostJsonAsync($"/api/v1/conversations/{followUp}/links", new { conversation_id = followUp })).ExpectProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task TagsAreReplacedAndTheDifferenceRecorded()
    {
        var agent = await app.CreateUserAsync();
        var id = (await CreateAsync(agent.Client, tags: ["refund"])).Id();

        var tagged = await (await agent.Client.PutJsonAsync($"/api/v1/conversations/{id}/tags", new { tags = new[] { " VIP ", "refund", "مرجوعی" } }))
            .ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(["refund", "vip", "مرجوعی"], tagged["tags"]!.AsArray().Select(t => t!.GetValue<string>()).Order(StringComparer.Ordinal));
        var change = JsonNode.Parse((await ActivitiesAsync(app, id)).Last(a => a.Kind == "conversation.tags_changed").Data)!;
        Assert.Equal(["vip", "مرجوعی"], change["added"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.Empty(change["removed"]!.AsArray());

        var before = await ActivityKindsAsync(app, id);
        await (await agent.Client.PutJsonAsync($"/api/v1/conversations/{id}/tags", new { tags = new[] { "vip", "REFUND", "مرجوعی" } })).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(before, await ActivityKindsAsync(app, id));

        var cleared = await (await agent.Client.PutJsonAsync($"/api/v1/conversations/{id}/tags", new { tags = Array.Empty<string>() })).ExpectAsync(HttpStatusCode.OK);
        Assert.Empty(cleared["tags"]!.AsArray());
        var removed = JsonNode.Parse((await ActivitiesAsync(app, id)).Last(a => a.Kind == "conversation.tags_changed").Data)!;
        Assert.Equal(3, removed["removed"]!.AsArray().Count);

        var bad = await (await agent.Client.PutJsonAsync($"/api/v1/conversations/{id}/tags", new { tags = new[] { "ok", new string('x', 101) } }))
            .ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.NotNull(bad["errors"]!["tags[1]"]);
        await (await agent.Client.PutJsonAsync($"/api/v1/conversations/{id}/tags", new { })).ExpectProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task FollowersComeAndGo()
    {
        var agent = await app.CreateUserAsync();
        var colleague = await app.CreateUserAsync();
        var id = (await CreateAsync(agent.Client)).Id();

        var followed = await (await agent.Client.PutAsync($"/api/v1/conversations/{id}/followers/{colleague.Id}", null)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal([colleague.Id], followed["followers"]!.AsArray().Select(f => f!.GetValue<long>()));
        await (await agent.Client.PutAsync($"/api/v1/conversations/{id}/followers/{colleague.Id}", null)).ExpectAsync(HttpStatusCode.OK);
        await (await agent.Client.PutAsync($"/api/v1/conversations/{id}/followers/{agent.Id}", null)).ExpectAsync(HttpStatusCode.OK);

        var unfollowed = await (await agent.Client.DeleteAsync($"/api/v1/conversations/{id}/followers/{colleague.Id}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal([agent.Id], unfollowed["followers"]!.AsArray().Select(f => f!.GetValue<long>()));
        Assert.Equal(3, (await ActivityKindsAsync(app, id)).Count(k => k == "conversation.followers_changed"));

        await (await agent.Client.PutAsync($"/api/v1/conversations/{id}/followers/999999", null)).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await agent.Client.PutAsync($"/api/v1/conversations/999999/followers/{agent.Id}", null)).ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task TheConversationLogIsPagedNewestFirst()
    {
        var agent = await app.CreateUserAsync();
        var id = (await CreateAsync(agent.Client)).Id();
        await PatchStatusAsync(agent.Client, id, "open");
        await PatchStatusAsync(agent.Client, id, "pending");
        await (await agent.Client.PutJsonAsync($"/api/v1/conversations/{id}/tags", new { tags = new[] { "x" } })).ExpectAsync(HttpStatusCode.OK);

        var ids = await ListAllAsync(agent.Client, $"/api/v1/conversations/{id}/activity", 2);

        Assert.Equal(5, ids.Count);
        Assert.Equal(ids.OrderDescending(), ids);
        var first = await (await agent.Client.GetAsync($"/api/v1/conversations/{id}/activity?limit=1")).ExpectAsync(HttpStatusCode.OK);
        var item = first["items"]![0]!;
        Assert.Equal("conversation.tags_changed", item.Str("kind"));
        Assert.Equal("user", item["actor"]!.Str("kind"));
        Assert.Equal(agent.Id, item["actor"]!.Id("user_id"));
        Assert.Equal(id, item.Id("conversation_id"));
        Assert.Equal("Late order", item.Str("subject"));
        Assert.Equal("x", item["data"]!["added"]![0]!.GetValue<string>());
    }
}

public sealed class ConversationRoutingTestsOnSqlite(ConversationsSqliteApp app) : ConversationRoutingTests(app), IClassFixture<ConversationsSqliteApp>;

public sealed class ConversationRoutingTestsOnPostgres(ConversationsPostgresApp app) : ConversationRoutingTests(app), IClassFixture<ConversationsPostgresApp>;
