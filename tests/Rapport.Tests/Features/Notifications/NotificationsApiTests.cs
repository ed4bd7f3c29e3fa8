using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Rapport.Features.Accounts;
using Rapport.Tests.Features.Conversations;
using Rapport.Tests.Infrastructure;
using static Rapport.Tests.Features.Conversations.ConversationScenarios;

namespace Rapport.Tests.Features.Notifications;

public abstract class NotificationsApiTests(RapportApp app)
{
    [Fact]
    public async Task AMentionNotifiesTheMentionedAgentOnlyAndNotTheAuthor()
    {
        var author = await app.CreateUserAsync(name: "Ana Author");
        var colleague = await app.CreateUserAsync();
        var bystander = await app.CreateUserAsync();
        var id = (await CreateAsync(author.Client)).Id();

        await (await author.Client.PostJsonAsync($"/api/v1/conversations/{id}/notes",
            new { body_text = "Can you check the invoice?", mentions = new[] { colleague.Id, author.Id } })).ExpectAsync(HttpStatusCode.Created);

        var items = await ItemsAsync(colleague.Client, "/api/v1/notifications");
        var mention = Assert.Single(items);
        Assert.Equal("mention", mention.Str("kind"));
        Assert.Equal(id, mention.Id("conversation_id"));
        Assert.Equal(author.Id, mention.Id("actor_user_id"));
        Assert.Equal("Ana Author", mention.Str("actor_name"));
        Assert.Equal("Can you check the invoice?", mention.Str("excerpt"));
        Assert.Null(mention["read_at"]);
        Assert.Empty(await ItemsAsync(author.Client, "/api/v1/notifications"));
        Assert.Empty(await ItemsAsync(bystander.Client, "/api/v1/notifications"));
        Assert.Equal(1, await UnreadAsync(colleague.Client));
    }

    [Fact]
    public async Task AssigningOrTransferringToAnAgentNotifiesThem()
    {
        var agent = await app.CreateUserAsync();
        var colleague = await app.CreateUserAsync();
        var id = (await CreateAsync(agent.Client)).Id();
        var team = await CreateTeamAsync(app);
        var otherTeam = await CreateTeamAsync(app);

        await (await agent.Client.PostJsonAsync($"/api/v1/conversations/{id}/assign", new { team_id = team, assignee_id = colleague.Id }))
            .ExpectAsync(HttpStatusCode.OK);
        await (await agent.Client.PostJsonAsync($"/api/v1/conversations/{id}/assign", new { team_id = team, assignee_id = agent.Id }))
            .ExpectAsync(HttpStatusCode.OK);
        await (await agent.Client.PostJsonAsync($"/api/v1/conversations/{id}/transfer", new { team_id = otherTeam, assignee_id = colleague.Id, reason = "Billing knows this" }))
            .ExpectAsync(HttpStatusCode.OK);

        var items = await ItemsAsync(colleague.Client, "/api/v1/notifications");
        Assert.Equal(["assigned", "assigned"], items.Select(i => i.Str("kind")));
        Assert.Equal("Billing knows this", items[0].Str("excerpt"));
        // Taking a conversation yourself is no news to you.
        Assert.Empty(await ItemsAsync(agent.Client, "/api/v1/notifications"));
    }

    [Fact]
    public async Task MentioningADeactivatedAgentIsRefusedAndNotifiesNobody()
    {
        var agent = await app.CreateUserAsync();
        var gone = await app.CreateUserAsync();
        await app.WithDbAsync(db => db.Users.Where(u => u.Id == gone.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.IsActive, false)));
        var id = (await CreateAsync(agent.Client)).Id();

        var problem = await (await agent.Client.PostJsonAsync($"/api/v1/conversations/{id}/notes", new { body_text = "Ping", mentions = new[] { gone.Id } }))
            .ExpectProblemAsync(HttpStatusCode.BadRequest);

        Assert.NotNull(problem["errors"]!["mentions"]);
        Assert.Equal(0, await app.WithDbAsync(db => db.Notifications.CountAsync(n => n.UserId == gone.Id)));
    }

    [Fact]
    public async Task MarkingReadAndMarkingAllReadCountDown()
    {
        var author = await app.CreateUserAsync();
        var reader = await app.CreateUserAsync();
        var id = (await CreateAsync(author.Client)).Id();
        for (var i = 0; i < 3; i++)
        {
            await (await author.Client.PostJsonAsync($"/api/v1/conversations/{id}/notes", new { body_text = $"note {i}", mentions = new[] { reader.Id } }))
                .ExpectAsync(HttpStatusCode.Created);
        }
        var items = await ItemsAsync(reader.Client, "/api/v1/notifications");
        Assert.Equal(["note 2", "note 1", "note 0"], items.Select(i => i.Str("excerpt")));

        (await reader.Client.PostAsync($"/api/v1/notifications/{items[0].Id()}/read", null)).EnsureSuccessStatusCode();
        (await reader.Client.PostAsync($"/api/v1/notifications/{items[0].Id()}/read", null)).EnsureSuccessStatusCode();

        Assert.Equal(2, await UnreadAsync(reader.Client));
        Assert.Equal(["note 1", "note 0"], (await ItemsAsync(reader.Client, "/api/v1/notifications?unread=true")).Select(i => i.Str("excerpt")));
        var all = await (await reader.Client.PostAsync("/api/v1/notifications/read-all", null)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(2, all["marked"]!.GetValue<int>());
        Assert.Equal(0, await UnreadAsync(reader.Client));
        Assert.Equal(3, (await ItemsAsync(reader.Client, "/api/v1/notifications")).Count(i => i["read_at"] is not null));
    }

    [Fact]
    public async Task NotificationsAreListedNewestFirstAcrossPages()
    {
        var author = await app.CreateUserAsync();
        var reader = await app.CreateUserAsync();
        var id = (await CreateAsync(author.Client)).Id();
        for (var i = 0; i < 5; i++)
        {
            await (await author.Client.PostJsonAsync($"/api/v1/conversations/{id}/notes", new { body_text = $"n{i}", mentions = new[] { reader.Id } }))
                .ExpectAsync(HttpStatusCode.Created);
        }

        var ids = await ListAllAsync(reader.Client, "/api/v1/notifications", 2);

        Assert.Equal(5, ids.Count);
        Assert.Equal(ids.OrderDescending(), ids);
        await (await reader.Client.GetAsync("/api/v1/notifications?limit=0")).ExpectProblemAsync(HttpStatusCode.BadRequest);
        await (await reader.Client.GetAsync("/api/v1/notifications?cursor=nonsense!")).ExpectProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task NobodyReadsOrMarksAnotherUsersNotifications()
    {
        var author = await app.CreateUserAsync();
        var owner = await app.CreateUserAsync();
        var admin = await app.CreateAdminAsync();
        var id = (await CreateAsync(author.Client)).Id();
        await (await author.Client.PostJsonAsync($"/api/v1/conversations/{id}/notes", new { body_text = "for owner", mentions = new[] { owner.Id } }))
            .ExpectAsync(HttpStatusCode.Created);
        var notification = Assert.Single(await ItemsAsync(owner.Client, "/api/v1/notifications"));

        // Not even an admin: a notification is its owner's alone, and another's is simply not there.
        await (await admin.Client.PostAsync($"/api/v1/notifications/{notification.Id()}/read", null)).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await author.Client.PostAsync($"/api/v1/notifications/{notification.Id()}/read", null)).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await admin.Client.PostAsync("/api/v1/notifications/read-all", null)).ExpectAsync(HttpStatusCode.OK);
        Assert.Empty(await ItemsAsync(admin.Client, "/api/v1/notifications"));
        Assert.Equal(1, await UnreadAsync(owner.Client));
    }

    [Fact]
    public async Task AReadOnlyTokenListsButCannotMarkRead()
    {
        var author = await app.CreateUserAsync();
        var reader = await app.CreateUserAsync(scope: TokenScope.Read);
        var id = (await CreateAsync(author.Client)).Id();
        await (await author.Client.PostJsonAsync($"/api/v1/conversations/{id}/notes", new { body_text = "x", mentions = new[] { reader.Id } }))
            .ExpectAsync(HttpStatusCode.Created);
        var notification = Assert.Single(await ItemsAsync(reader.Client, "/api/v1/notifications"));

        Assert.Equal(HttpStatusCode.Forbidden, (await reader.Client.PostAsync($"/api/v1/notifications/{notification.Id()}/read", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await reader.Client.PostAsync("/api/v1/notifications/read-all", null)).StatusCode);
        Assert.Equal(1, await UnreadAsync(reader.Client));
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.CreateClient((string?)null).GetAsync("/api/v1/notifications")).StatusCode);
    }

    [Fact]
    public async Task ALightAgentIsNotifiedOfMentionsToo()
    {
        var author = await app.CreateUserAsync();
        var light = await app.CreateUserAsync(Role.LightAgent);
        var id = (await CreateAsync(author.Client)).Id();

        await (await author.Client.PostJsonAsync($"/api/v1/conversations/{id}/notes", new { body_text = "your view?", mentions = new[] { light.Id } }))
            .ExpectAsync(HttpStatusCode.Created);

        Assert.Equal(1, await UnreadAsync(light.Client));
    }

    private static async Task<List<JsonNode>> ItemsAsync(HttpClient client, string url) =>
        [.. (await (await client.GetAsync(url)).ExpectAsync(HttpStatusCode.OK))["items"]!.AsArray().Select(i => i!)];

    private static async Task<int> UnreadAsync(HttpClient client) =>
        (await (await client.GetAsync("/api/v1/notifications/unread-count")).ExpectAsync(HttpStatusCode.OK))["count"]!.GetValue<int>();
}

public sealed class NotificationsApiTestsOnSqlite(ConversationsSqliteApp app) : NotificationsApiTests(app), IClassFixture<ConversationsSqliteApp>;

public sealed class NotificationsApiTestsOnPostgres(ConversationsPostgresApp app) : NotificationsApiTests(app), IClassFixture<ConversationsPostgresApp>;
