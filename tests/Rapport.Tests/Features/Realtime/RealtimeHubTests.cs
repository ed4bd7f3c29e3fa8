using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rapport.Features.Accounts;
using Rapport.Tests.Features.Conversations;
using Rapport.Tests.Infrastructure;

namespace Rapport.Tests.Features.Realtime;

/// <summary>The console hub end to end: API changes reach connected agents; presence and typing pass between agents.</summary>
public abstract class RealtimeHubTests(RapportApp app)
{
    protected static readonly TimeSpan Soon = TimeSpan.FromSeconds(2);
    protected static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(700);

    protected RapportApp App => app;

    [Fact]
    public async Task InboundMessagePostedThroughTheApiReachesAConnectedAgentWithinTwoSeconds()
    {
        var agent = await app.CreateUserAsync(Role.Agent);
        var conversation = await ConversationScenarios.CreateAsync(agent.Client);
        var id = conversation.Id();
        await using var hub = await ConnectAsync(app, agent.Token);
        await hub.InvokeAsync("ViewConversation", id);

        await (await agent.Client.PostJsonAsync($"/api/v1/conversations/{id}/inbound", new { body_text = "Any news?" }))
            .ExpectAsync(HttpStatusCode.Created);

        var changed = await hub.WaitForAsync("ConversationChanged", a => IsMessage(a[0], id), Soon);
        Assert.Equal("new", changed.Arguments[0]!["status"]!.GetValue<string>());
        var added = await hub.WaitForAsync("ActivityAdded", a => IsMessage(a[0], id), Soon);
        // The composer warns on this: a customer wrote while the agent may be typing.
        Assert.Equal("inbound", added.Arguments[0]!["message_kind"]!.GetValue<string>());
        Assert.True(added.Arguments[0]!["activity_id"]!.GetValue<long>() > 0);
        Assert.NotNull(added.Arguments[0]!["customer_id"]);
        Assert.NotNull(added.Arguments[0]!["occurred_at"]);
    }

    [Fact]
    public async Task NewConversationsAndAssignmentsReachTheInbox()
    {
        var agent = await app.CreateUserAsync(Role.Agent);
        var other = await app.CreateUserAsync(Role.Agent);
        await using var hub = await ConnectAsync(app, other.Token);

        var id = (await ConversationScenarios.CreateAsync(agent.Client)).Id();
        await hub.WaitForAsync("ConversationChanged", a => Is(a[0], id, "conversation.created"), Soon);
        await (await agent.Client.PostJsonAsync($"/api/v1/conversations/{id}/assign", new { assignee_id = other.Id }))
            .ExpectAsync(HttpStatusCode.OK);

        var assigned = await hub.WaitForAsync("ConversationChanged", a => Is(a[0], id, "conversation.assigned"), Soon);
        Assert.Equal(other.Id, assigned.Arguments[0]!["assignee_id"]!.GetValue<long>());
        // The agent it was given to is told personally.
        await hub.WaitForAsync("Notification", a => Is(a[0], id, "conversation.assigned"), Soon);
        // Not in the conversation's group: no ActivityAdded.
        Assert.Empty(hub.ReceivedFor("ActivityAdded"));
    }

    [Fact]
    public async Task ARejectedChangePublishesNothing()
    {
        var agent = await app.CreateUserAsync(Role.Agent);
        var id = (await ConversationScenarios.CreateAsync(agent.Client)).Id();
        await using var hub = await ConnectAsync(app, agent.Token);
        await hub.InvokeAsync("ViewConversation", id);
        // The creation's own events may still be on their way (through NOTIFY on PostgreSQL): look only past them.
        var before = await app.WithDbAsync(db => db.Activities.MaxAsync(a => a.Id));

        // Only a solved conversation may close: 409, and nothing was committed.
        await (await agent.Client.PatchJsonAsync($"/api/v1/conversations/{id}", new { status = "closed" }))
            .ExpectProblemAsync(HttpStatusCode.Conflict);
        // A later change on the same conversation arrives, and nothing came before it.
        await (await agent.Client.PatchJsonAsync($"/api/v1/conversations/{id}", new { priority = "high" })).ExpectAsync(HttpStatusCode.OK);
        await hub.WaitForAsync("ActivityAdded", a => Is(a[0], id, "conversation.priority_changed"), Soon);

        var after = hub.Received.Where(m => m.Target is "ActivityAdded" or "ConversationChanged"
            && m.Arguments[0]!["activity_id"]!.GetValue<long>() > before && Is(m.Arguments[0], id, m.Arguments[0]!["kind"]!.GetValue<string>())).ToList();
        Assert.NotEmpty(after);
        Assert.All(after, m => Assert.Equal("conversation.priority_changed", m.Arguments[0]!["kind"]!.GetValue<string>()));
    }

    [Fact]
    public async Task TwoAgentsSeeEachOthersPresenceAndItEndsOnDisconnect()
    {
        var shirin = await app.CreateUserAsync(Role.Agent, name: "Shirin");
        var arman = await app.CreateUserAsync(Role.Agent, name: "Arman");
        var id = (await ConversationScenarios.CreateAsync(shirin.Client)).Id();
        await using var first = await ConnectAsync(app, shirin.Token);
        var second = await ConnectAsync(app, arman.Token);
        try
        {
            var alone = (await first.InvokeAsync("ViewConversation", id))!.AsArray();
            Assert.Equal([shirin.Id], alone.Select(v => v!["id"]!.GetValue<long>()));
            var both = (await second.InvokeAsync("ViewConversation", id))!.AsArray();
            Assert.Equal(new[] { shirin.Id, arman.Id }.Order(), both.Select(v => v!["id"]!.GetValue<long>()));

            var seen = await first.WaitForAsync("Viewers", a => a[0]!.GetValue<long>() == id && a[1]!.AsArray().Count == 2, Soon);
            Assert.Contains(seen.Arguments[1]!.AsArray(), v => v!["name"]!.GetValue<string>() == "Arman");
        }
        finally
        {
            var beforeClose = first.Received.Count;
            await second.DisposeAsync();
            await first.WaitForAsync("Viewers", a => a[0]!.GetValue<long>() == id && a[1]!.AsArray().Count == 1, Soon, beforeClose);
        }

        // A reload is a new connection that views again: the agent is back; leaving removes them.
        await using var reloaded = await ConnectAsync(app, arman.Token);
        var beforeReload = first.Received.Count;
        await reloaded.InvokeAsync("ViewConversation", id);
        await first.WaitForAsync("Viewers", a => a[0]!.GetValue<long>() == id && a[1]!.AsArray().Count == 2, Soon, beforeReload);
        var beforeLeave = first.Received.Count;
        await reloaded.InvokeAsync("LeaveConversation", id);
        await first.WaitForAsync("Viewers", a => a[0]!.GetValue<long>() == id && a[1]!.AsArray().Count == 1, Soon, beforeLeave);
    }

    [Fact]
    public async Task TypingIsRelayedToTheOtherAgentButNotEchoed()
    {
        var shirin = await app.CreateUserAsync(Role.Agent, name: "Shirin");
        var arman = await app.CreateUserAsync(Role.Agent, name: "Arman");
        var id = (await ConversationScenarios.CreateAsync(shirin.Client)).Id();
        await using var first = await ConnectAsync(app, shirin.Token);
        await using var second = await ConnectAsync(app, arman.Token);
        await first.InvokeAsync("ViewConversation", id);
        await second.InvokeAsync("ViewConversation", id);

        await first.InvokeAsync("Typing", id, true);
        var typing = await second.WaitForAsync("Typing", a => a[2]!.GetValue<bool>(), Soon);
        Assert.Equal(id, typing.Arguments[0]!.GetValue<long>());
        Assert.Equal(shirin.Id, typing.Arguments[1]!["id"]!.GetValue<long>());
        await first.InvokeAsync("Typing", id, false);
        await second.WaitForAsync("Typing", a => !a[2]!.GetValue<bool>(), Soon);
        await second.InvokeAsync("Typing", id, true);
        await first.WaitForAsync("Typing", a => a[1]!["id"]!.GetValue<long>() == arman.Id, Soon);

        Assert.DoesNotContain(first.ReceivedFor("Typing"), m => m.Arguments[1]!["id"]!.GetValue<long>() == shirin.Id);
        Assert.DoesNotContain(second.ReceivedFor("Typing"), m => m.Arguments[1]!["id"]!.GetValue<long>() == arman.Id);
    }

    [Fact]
    public async Task JoiningOrTypingInAConversationThatDoesNotExistFails()
    {
        var agent = await app.CreateUserAsync(Role.Agent);
        await using var hub = await ConnectAsync(app, agent.Token);

        var error = await Assert.ThrowsAsync<HubErrorException>(() => hub.InvokeAsync("ViewConversation", long.MaxValue));
        Assert.Contains("does not exist", error.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<HubErrorException>(() => hub.InvokeAsync("JoinConversation", long.MaxValue));
        await Assert.ThrowsAsync<HubErrorException>(() => hub.InvokeAsync("Typing", long.MaxValue, true));
    }

    [Fact]
    public async Task UnauthenticatedOrBadTokenConnectionsAreRefused()
    {
        var refused = await Assert.ThrowsAnyAsync<Exception>(() => ConnectAsync(app, null));
        Assert.Contains("401", refused.Message, StringComparison.Ordinal);
        refused = await Assert.ThrowsAnyAsync<Exception>(() => ConnectAsync(app, "rpt_not-a-real-token"));
        Assert.Contains("401", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheAccessTokenQueryIsIgnoredOutsideTheHub()
    {
        var agent = await app.CreateUserAsync(Role.Agent);
        using var anonymous = app.CreateClient((string?)null);
        await (await anonymous.GetAsync($"/api/v1/me?access_token={Uri.EscapeDataString(agent.Token)}"))
            .ExpectProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task ALightAgentCanConnectAndIsToldWhenMentioned()
    {
        var light = await app.CreateUserAsync(Role.LightAgent, TokenScope.Read);
        var agent = await app.CreateUserAsync(Role.Agent);
        var id = (await ConversationScenarios.CreateAsync(agent.Client)).Id();
        await using var hub = await ConnectAsync(app, light.Token);
        await hub.InvokeAsync("ViewConversation", id);

        await (await agent.Client.PostJsonAsync($"/api/v1/conversations/{id}/notes", new { body_text = "Can you check?", mentions = new[] { light.Id } }))
            .ExpectAsync(HttpStatusCode.Created);

        var note = await hub.WaitForAsync("Notification", a => Is(a[0], id, "conversation.note_added"), Soon);
        Assert.Equal([light.Id], note.Arguments[0]!["mentions"]!.AsArray().Select(m => m!.GetValue<long>()));
        await hub.WaitForAsync("ActivityAdded", a => Is(a[0], id, "conversation.note_added"), Soon);
    }

    protected static Task<SignalRTestClient> ConnectAsync(WebApplicationFactory<Program> host, string? token)
    {
        var sockets = host.Server.CreateWebSocketClient();
        return SignalRTestClient.ConnectAsync((uri, ct) => sockets.ConnectAsync(uri, ct), SignalRTestClient.HubUri(host.Server.BaseAddress, token));
    }

    protected static bool Is(JsonNode? e, long conversationId, string kind) =>
        e?["conversation_id"]?.GetValue<long>() == conversationId && e["kind"]?.GetValue<string>() == kind;

    protected static bool IsMessage(JsonNode? e, long conversationId) => Is(e, conversationId, "conversation.message_added");
}

public sealed class RealtimeHubTestsOnSqlite(SqliteApp app) : RealtimeHubTests(app), IClassFixture<SqliteApp>;

public sealed class RealtimeHubTestsOnPostgres(PostgresApp app) : RealtimeHubTests(app), IClassFixture<PostgresApp>
{
    [Fact]
    public void OnPostgresEventsLeaveOnlyThroughNotify()
    {
        var outlet = App.Services.GetRequiredService<Rapport.Features.Realtime.IRealtimeOutlet>();
        Assert.Equal("PostgresNotifier", outlet.GetType().Name);
    }

    [Fact]
    public async Task AnEventFromNodeAReachesAClientOnNodeBExactlyOnce()
    {
        await using var nodeB = App.WithWebHostBuilder(_ => { });
        var agent = await App.CreateUserAsync(Role.Agent);
        var id = (await ConversationScenarios.CreateAsync(agent.Client)).Id();
        await using var onA = await ConnectAsync(App, agent.Token);
        await using var onB = await ConnectAsync(nodeB, agent.Token);
        await onB.InvokeAsync("JoinConversation", id);

        // Posted to node A (the app's own client).
        await (await agent.Client.PostJsonAsync($"/api/v1/conversations/{id}/inbound", new { body_text = "Hello from node A" }))
            .ExpectAsync(HttpStatusCode.Created);

        var onNodeB = await onB.WaitForAsync("ActivityAdded", a => IsMessage(a[0], id), Soon);
        await onA.WaitForAsync("ConversationChanged", a => IsMessage(a[0], id), Soon);
        await Task.Delay(Quiet);
        var activity = onNodeB.Arguments[0]!["activity_id"]!.GetValue<long>();
        Assert.Single(onB.ReceivedFor("ActivityAdded"), m => m.Arguments[0]!["activity_id"]!.GetValue<long>() == activity);
        Assert.Single(onB.ReceivedFor("ConversationChanged"), m => m.Arguments[0]!["activity_id"]!.GetValue<long>() == activity);
        Assert.Single(onA.ReceivedFor("ConversationChanged"), m => m.Arguments[0]!["activity_id"]!.GetValue<long>() == activity);
    }
}
