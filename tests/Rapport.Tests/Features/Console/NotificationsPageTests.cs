using System.Net;
using Rapport.Tests.Features.Accounts;
using Rapport.Tests.Features.Conversations;
using Rapport.Tests.Infrastructure;

namespace Rapport.Tests.Features.AgentConsole;

/// <summary>The notifications page and the bell, as the server renders them.</summary>
public sealed class NotificationsPageTests(SqliteApp app) : IClassFixture<SqliteApp>
{
    [Fact]
    public async Task ThePageAndTheBellShowOnlyTheSignedInAgentsNotifications()
    {
        var author = await app.CreateUserAsync(name: "Arpi Author");
        var mentioned = await app.CreateUserAsync();
        var other = await app.CreateUserAsync();
        var marker = Guid.NewGuid().ToString("N")[..8];
        var id = (await ConversationScenarios.CreateAsync(author.Client)).Id();
        await (await author.Client.PostJsonAsync($"/api/v1/conversations/{id}/notes", new { body_text = $"look at {marker}", mentions = new[] { mentioned.Id } }))
            .ExpectAsync(HttpStatusCode.Created);

        var (mine, _) = await Forms.SignedInAsync(app, mentioned.Email);
        var (theirs, _) = await Forms.SignedInAsync(app, other.Email);
        var minePage = await mine.GetStringAsync("/notifications");
        var theirPage = await theirs.GetStringAsync("/notifications");

        Assert.Contains(marker, minePage, StringComparison.Ordinal);
        Assert.Contains("Arpi Author mentioned you", minePage, StringComparison.Ordinal);
        Assert.Contains("data-unread=\"1\"", minePage, StringComparison.Ordinal);
        Assert.DoesNotContain(marker, theirPage, StringComparison.Ordinal);
        Assert.Contains("data-unread=\"0\"", theirPage, StringComparison.Ordinal);
        var signedOut = await app.CreateClient((string?)null).GetAsync("/notifications");
        Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);
    }
}
