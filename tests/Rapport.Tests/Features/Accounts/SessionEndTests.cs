using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rapport.Tests.Infrastructure;

namespace Rapport.Tests.Features.Accounts;

/// <summary>
/// A session cookie copied before the user signs out, changes their password or is deactivated
/// must not work afterwards: each of these rotates the user's security stamp, which every cookie carries.
/// </summary>
public abstract class SessionEndTests(RapportApp app)
{
    [Fact]
    public async Task ACookieCopiedBeforeSignOutIsRefusedAfterwards()
    {
        var user = await app.CreateUserAsync();
        var (browser, antiforgery, jar) = await SignInWithJarAsync(user.Email);
        var copied = SessionCookie(jar);
        Assert.NotEmpty(copied);
        await (await Replay(copied).GetAsync("/api/v1/me")).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal(HttpStatusCode.Redirect, (await Forms.PostAsync(browser, "/signout", antiforgery)).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await Replay(copied).GetAsync("/api/v1/me")).StatusCode);
        var page = await Replay(copied).GetAsync("/profile");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Contains("/signin", page.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AChangedPasswordEndsOtherSessionsButKeepsTheOneThatChangedIt()
    {
        var user = await app.CreateUserAsync();
        var (elsewhere, _, jar) = await SignInWithJarAsync(user.Email);
        var copied = SessionCookie(jar);
        var (here, antiforgery) = await Forms.SignedInAsync(app, user.Email);

        var changed = await Forms.PostConsoleFormAsync(here, "/profile", "profile-password", antiforgery,
            ("Password.Current", RapportApp.Password), ("Password.New", "a new long password"), ("Password.Confirmation", "a new long password"));
        Assert.True(changed.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.OK, $"got {(int)changed.StatusCode}");

        Assert.Equal(HttpStatusCode.Unauthorized, (await Replay(copied).GetAsync("/api/v1/me")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await elsewhere.GetAsync("/api/v1/me")).StatusCode);
        await (await here.GetAsync("/api/v1/me")).ExpectAsync(HttpStatusCode.OK);
        // Tokens were not asked to go, so they still work.
        await (await user.Client.GetAsync("/api/v1/me")).ExpectAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task APasswordChangedThroughTheApiEndsCookieSessions()
    {
        var user = await app.CreateUserAsync();
        var (browser, _) = await Forms.SignedInAsync(app, user.Email);

        await (await user.Client.PatchJsonAsync("/api/v1/me", new { new_password = "a new long password", current_password = RapportApp.Password }))
            .ExpectAsync(HttpStatusCode.OK);

        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/api/v1/me")).StatusCode);
    }

    [Fact]
    public async Task APasswordChangeRevokesTheUsersTokensWhenAsked()
    {
        var user = await app.CreateUserAsync();
        var other = await (await user.Client.PostJsonAsync("/api/v1/me/tokens", new { name = "script", scope = "read" })).ExpectAsync(HttpStatusCode.Created);
        var stranger = await app.CreateUserAsync();

        await (await user.Client.PatchJsonAsync("/api/v1/me",
            new { new_password = "a new long password", current_password = RapportApp.Password, revoke_tokens = true })).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal(HttpStatusCode.Unauthorized, (await user.Client.GetAsync("/api/v1/me")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.CreateClient(other["token"]!.GetValue<string>()).GetAsync("/api/v1/me")).StatusCode);
        Assert.Equal(0, await app.WithDbAsync(db => db.ApiTokens.CountAsync(t => t.UserId == user.Id && t.RevokedAt == null)));
        await (await stranger.Client.GetAsync("/api/v1/me")).ExpectAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task TheProfilePageRevokesTokensWhenTheBoxIsTicked()
    {
        var user = await app.CreateUserAsync();
        var (browser, antiforgery) = await Forms.SignedInAsync(app, user.Email);
        var (html, _) = await Forms.GetFormAsync(browser, "/profile");
        Assert.Contains("name=\"Password.RevokeTokens\"", html, StringComparison.Ordinal);

        await Forms.PostConsoleFormAsync(browser, "/profile", "profile-password", antiforgery,
            ("Password.Current", RapportApp.Password), ("Password.New", "a new long password"), ("Password.Confirmation", "a new long password"),
            ("Password.RevokeTokens", "true"));

        Assert.Equal(HttpStatusCode.Unauthorized, (await user.Client.GetAsync("/api/v1/me")).StatusCode);
        await (await browser.GetAsync("/api/v1/me")).ExpectAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task AReactivatedUsersOldCookiesStayDead()
    {
        var admin = await app.CreateAdminAsync();
        var agent = await app.CreateUserAsync();
        var (browser, _, jar) = await SignInWithJarAsync(agent.Email);
        var copied = SessionCookie(jar);

        await (await admin.Client.PatchJsonAsync($"/api/v1/agents/{agent.Id}", new { is_active = false })).ExpectAsync(HttpStatusCode.OK);
        await (await admin.Client.PatchJsonAsync($"/api/v1/agents/{agent.Id}", new { is_active = true })).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal(HttpStatusCode.Unauthorized, (await Replay(copied).GetAsync("/api/v1/me")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/api/v1/me")).StatusCode);
        // Signing in again works: the account is active.
        var (again, _) = await Forms.SignedInAsync(app, agent.Email);
        await (await again.GetAsync("/api/v1/me")).ExpectAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task AnOpenHubConnectionOfASignedOutSessionIsClosed()
    {
        var user = await app.CreateUserAsync();
        var (browser, antiforgery, jar) = await SignInWithJarAsync(user.Email);
        var cookie = SessionCookie(jar);
        var sockets = app.Server.CreateWebSocketClient();
        sockets.ConfigureRequest = request => request.Headers.Cookie = cookie;
        await using var hub = await SignalRTestClient.ConnectAsync((uri, ct) => sockets.ConnectAsync(uri, ct), SignalRTestClient.HubUri(app.Server.BaseAddress, null));
        var live = app.Services.GetRequiredService<Rapport.Web.Auth.LiveConnections>();
        await live.SweepAsync(CancellationToken.None);
        await Task.Delay(100);
        Assert.False(hub.Closed.IsCompleted);

        Assert.Equal(HttpStatusCode.Redirect, (await Forms.PostAsync(browser, "/signout", antiforgery)).StatusCode);

        await live.SweepAsync(CancellationToken.None);
        await hub.Closed.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task AnOpenHubConnectionOfARevokedTokenIsClosed()
    {
        var user = await app.CreateUserAsync();
        var sockets = app.Server.CreateWebSocketClient();
        await using var hub = await SignalRTestClient.ConnectAsync((uri, ct) => sockets.ConnectAsync(uri, ct), SignalRTestClient.HubUri(app.Server.BaseAddress, user.Token));
        var live = app.Services.GetRequiredService<Rapport.Web.Auth.LiveConnections>();

        await (await user.Client.DeleteAsync($"/api/v1/me/tokens/{user.TokenId}")).ExpectAsync(HttpStatusCode.NoContent);

        await live.SweepAsync(CancellationToken.None);
        await hub.Closed.WaitAsync(TimeSpan.FromSeconds(10));
    }

    /// <summary>Signs in through a client whose cookie jar the test can read.</summary>
    private async Task<(HttpClient Browser, string Antiforgery, CookieContainer Jar)> SignInWithJarAsync(string email)
    {
        var jar = new CookieContainer();
        var browser = app.CreateDefaultClient(app.ClientOptions.BaseAddress, new CookieContainerHandler(jar));
        Assert.Equal(HttpStatusCode.Redirect, (await Forms.SignInAsync(browser, email, RapportApp.Password)).StatusCode);
        var (_, antiforgery) = await Forms.GetFormAsync(browser, "/profile");
        return (browser, antiforgery, jar);
    }

    /// <summary>The session cookie(s) as a thief would copy them from the browser.</summary>
    private string SessionCookie(CookieContainer jar) => string.Join("; ", jar.GetCookies(app.ClientOptions.BaseAddress)
        .Where(c => c.Name.StartsWith("rapport.session", StringComparison.Ordinal)).Select(c => $"{c.Name}={c.Value}"));

    private HttpClient Replay(string cookie)
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        client.DefaultRequestHeaders.Add("Cookie", cookie);
        return client;
    }
}

public sealed class SessionEndTestsOnSqlite(SqliteApp app) : SessionEndTests(app), IClassFixture<SqliteApp>;

public sealed class SessionEndTestsOnPostgres(PostgresApp app) : SessionEndTests(app), IClassFixture<PostgresApp>;
