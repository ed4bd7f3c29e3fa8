using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rapport.Features.Accounts;
using Rapport.Features.AgentConsole.Pages.Conversations;
using Rapport.Features.Conversations;
using Rapport.Features.Timeline;
using Rapport.Tests.Features.Conversations;
using Rapport.Tests.Infrastructure;
using Rapport.Web.Auth;

namespace Rapport.Tests.Features.AgentConsole;

/// <summary>
/// The conversation page's changes, without a browser: they go through the API's handlers, so the
/// server's rules (a light agent never replies) and the activity log hold for the console too.
/// </summary>
public sealed class ConversationActionsTests(SqliteApp app) : IClassFixture<SqliteApp>
{
    [Fact]
    public async Task ALightAgentsReplyFromTheConsoleIsRefusedOnTheServer()
    {
        var admin = await app.CreateAdminAsync();
        var id = (await ConversationScenarios.CreateAsync(admin.Client)).Id();
        var light = await app.CreateUserAsync(Role.LightAgent);

        var outcome = await Actions.ReplyAsync(Principal(light.Id, Role.LightAgent), id, "Hello from a light agent", null, CancellationToken.None);

        Assert.False(outcome.Done);
        Assert.Equal("forbidden", outcome.ErrorCode);
        Assert.Equal(0, await app.WithDbAsync(db => db.Messages.CountAsync(m => m.ConversationId == id && m.Kind == MessageKind.Outbound)));
        var note = await Actions.NoteAsync(Principal(light.Id, Role.LightAgent), id, "A note is fine", ConversationStatus.Pending, CancellationToken.None);
        Assert.True(note.Done);
    }

    [Fact]
    public async Task ARoleTakenAwayAppliesToAnOpenPageAtOnce()
    {
        var admin = await app.CreateAdminAsync();
        var id = (await ConversationScenarios.CreateAsync(admin.Client)).Id();
        var agent = await app.CreateUserAsync(Role.Agent);
        var signedInAsAgent = Principal(agent.Id, Role.Agent);
        await app.WithDbAsync(async db =>
        {
            (await db.Users.SingleAsync(u => u.Id == agent.Id)).Role = Role.LightAgent;
            await db.SaveChangesAsync();
        });

        var outcome = await Actions.ReplyAsync(signedInAsAgent, id, "Still an agent?", null, CancellationToken.None);

        Assert.Equal("forbidden", outcome.ErrorCode);
    }

    [Fact]
    public async Task ATransferFromTheConsoleNeedsAReasonAndIsLoggedLikeTheApis()
    {
        var admin = await app.CreateAdminAsync();
        var id = (await ConversationScenarios.CreateAsync(admin.Client)).Id();
        var team = await ConversationScenarios.CreateTeamAsync(app);
        var user = Principal(admin.Id, Role.Admin);

        var missing = await Actions.TransferAsync(user, id, team, null, " ", CancellationToken.None);
        var done = await Actions.TransferAsync(user, id, team, null, "Billing question", CancellationToken.None);

        Assert.NotNull(missing.FieldError("reason"));
        Assert.True(done.Done);
        var activity = await app.WithDbAsync(db => db.Activities.SingleAsync(a => a.ConversationId == id && a.Kind == ActivityKinds.Transferred));
        Assert.Equal(admin.Id, activity.ActorUserId);
        Assert.Contains("Billing question", activity.Data, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ANoteFromTheConsoleCarriesItsMentionsAndFiles()
    {
        var admin = await app.CreateAdminAsync();
        var colleague = await app.CreateUserAsync();
        var id = (await ConversationScenarios.CreateAsync(admin.Client)).Id();
        var file = new PickedFile("receipt.txt", "text/plain", "paid in full"u8.ToArray());

        var outcome = await Actions.NoteAsync(Principal(admin.Id, Role.Admin), id, "@Colleague see the receipt", null, CancellationToken.None,
            [colleague.Id], [file.ToUpload()]);

        Assert.True(outcome.Done);
        var note = await app.WithDbAsync(db => db.Messages.Include(m => m.Attachments).SingleAsync(m => m.ConversationId == id && m.Kind == MessageKind.Note));
        Assert.Equal("receipt.txt", Assert.Single(note.Attachments).FileName);
        Assert.Equal(1, await app.WithDbAsync(db => db.Notifications.CountAsync(n => n.UserId == colleague.Id && n.ConversationId == id && n.Kind == "mention")));
    }

    [Fact]
    public async Task AReplyFromTheConsoleMayBeOnlyAFile()
    {
        var admin = await app.CreateAdminAsync();
        var id = (await ConversationScenarios.CreateAsync(admin.Client)).Id();

        var outcome = await Actions.ReplyAsync(Principal(admin.Id, Role.Admin), id, "", null, CancellationToken.None,
            [new PickedFile("label.pdf", "application/pdf", [1, 2, 3]).ToUpload()]);

        Assert.True(outcome.Done);
        Assert.Equal(1, await app.WithDbAsync(db => db.Messages.Where(m => m.ConversationId == id).SelectMany(m => m.Attachments).CountAsync(a => a.FileName == "label.pdf")));
    }

    [Fact]
    public async Task LinkUnlinkAndMergeFromThePageGoThroughTheApi()
    {
        var admin = await app.CreateAdminAsync();
        var user = Principal(admin.Id, Role.Admin);
        var customer = ConversationScenarios.NewEmail();
        var a = (await ConversationScenarios.CreateAsync(admin.Client, email: customer)).Id();
        var b = (await ConversationScenarios.CreateAsync(admin.Client, email: customer)).Id();
        var stranger = (await ConversationScenarios.CreateAsync(admin.Client)).Id();

        Assert.True((await Actions.LinkAsync(user, a, b, CancellationToken.None)).Done);
        Assert.True((await Actions.UnlinkAsync(user, b, a, CancellationToken.None)).Done);
        Assert.Equal("not_found", (await Actions.UnlinkAsync(user, b, a, CancellationToken.None)).ErrorCode);
        Assert.Equal("different_customers", (await Actions.MergeAsync(user, a, stranger, CancellationToken.None)).ErrorCode);
        Assert.True((await Actions.MergeAsync(user, a, b, CancellationToken.None)).Done);

        var merged = await app.WithDbAsync(db => db.Conversations.SingleAsync(c => c.Id == a));
        Assert.Equal(b, merged.MergedIntoId);
        Assert.Equal(ConversationStatus.Closed, merged.Status);
    }

    private ConversationActions Actions => new(
        app.Services.GetRequiredService<IServiceScopeFactory>(), app.Services.GetRequiredService<IAuthorizationService>(),
        app.Services.GetRequiredService<AttachmentStore>(), app.Services.GetRequiredService<TimeProvider>());

    private static ClaimsPrincipal Principal(long id, Role role) =>
        new(RapportClaims.Identity(id, "Agent", role, TokenScope.Admin, AuthSetup.CookieScheme));
}
