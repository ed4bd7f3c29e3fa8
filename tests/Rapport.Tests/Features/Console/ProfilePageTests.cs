using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Rapport.Features.Accounts;
using Rapport.Tests.Features.Accounts;
using Rapport.Tests.Infrastructure;

namespace Rapport.Tests.Features.AgentConsole;

/// <summary>The profile page's forms on the server; the same rules as PATCH /me and /me/tokens.</summary>
public abstract partial class ProfilePageTests(RapportApp app)
{
    [Fact]
    public async Task ChangingLanguageAndTimeZoneAppliesOnTheNextPage()
    {
        var user = await app.CreateUserAsync(Role.LightAgent);
        var (browser, antiforgery) = await Forms.SignedInAsync(app, user.Email);

        var unknown = await Forms.PostConsoleFormAsync(browser, "/profile", "profile-details", antiforgery,
            ("Details.DisplayName", "Sara"), ("Details.Language", "fa"), ("Details.TimeZone", "Mars/Olympus"));
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Contains("id=\"error-time_zone\"", await unknown.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var saved = await Forms.PostConsoleFormAsync(browser, "/profile", "profile-details", antiforgery,
            ("Details.DisplayName", "سارا"), ("Details.Language", "fa"), ("Details.TimeZone", "Asia/Tehran"));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var (html, _) = await Forms.GetFormAsync(browser, "/profile?done=saved");
        Assert.Contains("<html lang=\"fa\" dir=\"rtl\">", html, StringComparison.Ordinal);
        // Blazor writes letters outside ASCII as character references.
        Assert.Contains("نمایهٔ شما ذخیره شد.", WebUtility.HtmlDecode(html), StringComparison.Ordinal);
        var stored = await app.WithDbAsync(db => db.Users.SingleAsync(u => u.Id == user.Id));
        Assert.Equal(("سارا", "fa", "Asia/Tehran"), (stored.DisplayName, stored.Language, stored.TimeZone));
    }

    [Fact]
    public async Task ChangingThePasswordNeedsTheCurrentOne()
    {
        var user = await app.CreateUserAsync();
        var (browser, antiforgery) = await Forms.SignedInAsync(app, user.Email);
        const string next = "a brand new passphrase";

        var wrong = await Forms.PostConsoleFormAsync(browser, "/profile", "profile-password", antiforgery,
            ("Password.Current", "not my password"), ("Password.New", next), ("Password.Confirmation", next));
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.Contains("id=\"error-current_password\"", await wrong.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var mismatch = await Forms.PostConsoleFormAsync(browser, "/profile", "profile-password", antiforgery,
            ("Password.Current", RapportApp.Password), ("Password.New", next), ("Password.Confirmation", next + "!"));
        Assert.Contains("id=\"error-password_confirmation\"", await mismatch.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var shortOne = await Forms.PostConsoleFormAsync(browser, "/profile", "profile-password", antiforgery,
            ("Password.Current", RapportApp.Password), ("Password.New", "short"), ("Password.Confirmation", "short"));
        Assert.Contains("id=\"error-new_password\"", await shortOne.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var changed = await Forms.PostConsoleFormAsync(browser, "/profile", "profile-password", antiforgery,
            ("Password.Current", RapportApp.Password), ("Password.New", next), ("Password.Confirmation", next));
        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Forms.SignInAsync(app.CreateClient(null), user.Email, RapportApp.Password)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await Forms.SignInAsync(app.CreateClient(null), user.Email, next)).StatusCode);
    }

    [Fact]
    public async Task ATokenIsShownOnceListedWithItsLastUseAndRevoked()
    {
        var user = await app.CreateUserAsync(Role.Agent);
        var (browser, antiforgery) = await Forms.SignedInAsync(app, user.Email);

        var tooBroad = await Forms.PostConsoleFormAsync(browser, "/profile", "profile-token", antiforgery, ("Token.Name", "laptop"), ("Token.Scope", "admin"));
        Assert.Equal(HttpStatusCode.Forbidden, tooBroad.StatusCode);
        Assert.Contains("id=\"error-scope\"", await tooBroad.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var created = await Forms.PostConsoleFormAsync(browser, "/profile", "profile-token", antiforgery, ("Token.Name", "laptop <b>"), ("Token.Scope", "write"));
        var html = await created.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        Assert.Contains("laptop &lt;b&gt;", html, StringComparison.Ordinal);
        var secret = SecretInput().Match(html).Groups[1].Value;
        Assert.StartsWith("rpt_", secret, StringComparison.Ordinal);
        await (await app.CreateClient(secret).GetAsync("/api/v1/me")).ExpectAsync(HttpStatusCode.OK);

        var (list, _) = await Forms.GetFormAsync(browser, "/profile");
        Assert.DoesNotContain(secret, list, StringComparison.Ordinal);
        var id = await app.WithDbAsync(db => db.ApiTokens.Where(t => t.UserId == user.Id && t.Name == "laptop <b>").Select(t => t.Id).SingleAsync());
        Assert.NotNull(await app.WithDbAsync(db => db.ApiTokens.Where(t => t.Id == id).Select(t => t.LastUsedAt).SingleAsync()));

        var otherUsers = await app.CreateUserAsync();
        var notMine = await Forms.PostConsoleFormAsync(browser, "/profile", $"revoke-token-{otherUsers.TokenId}", antiforgery);
        Assert.Equal(HttpStatusCode.BadRequest, notMine.StatusCode);
        await (await otherUsers.Client.GetAsync("/api/v1/me")).ExpectAsync(HttpStatusCode.OK);

        var revoked = await Forms.PostConsoleFormAsync(browser, "/profile", $"revoke-token-{id}", antiforgery);
        Assert.Equal(HttpStatusCode.Redirect, revoked.StatusCode);
        await (await app.CreateClient(secret).GetAsync("/api/v1/me")).ExpectProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task TheTokenFormOffersIngestToAgentsButNeverToLightAgents()
    {
        var agent = await app.CreateUserAsync(Role.Agent);
        var (browser, antiforgery) = await Forms.SignedInAsync(app, agent.Email);
        var (page, _) = await Forms.GetFormAsync(browser, "/profile");
        Assert.Contains("<option value=\"ingest\"", page, StringComparison.Ordinal);

        var created = await Forms.PostConsoleFormAsync(browser, "/profile", "profile-token", antiforgery, ("Token.Name", "shop integration"), ("Token.Scope", "ingest"));
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        var integration = app.CreateClient(SecretInput().Match(await created.Content.ReadAsStringAsync()).Groups[1].Value);
        await (await integration.PostJsonAsync("/api/v1/conversations", new
        {
            customer = new { email = $"c-{Guid.NewGuid():N}@example.test" },
            message = new { kind = "inbound", body_text = "Where is my parcel?" },
        })).ExpectAsync(HttpStatusCode.Created);

        var light = await app.CreateUserAsync(Role.LightAgent);
        var (lightBrowser, lightAntiforgery) = await Forms.SignedInAsync(app, light.Email);
        var (lightPage, _) = await Forms.GetFormAsync(lightBrowser, "/profile");
        Assert.DoesNotContain("value=\"ingest\"", lightPage, StringComparison.Ordinal);
        var refused = await Forms.PostConsoleFormAsync(lightBrowser, "/profile", "profile-token", lightAntiforgery, ("Token.Name", "x"), ("Token.Scope", "ingest"));
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }

    [Fact]
    public async Task AReadOnlyTokenCanOpenTheProfileButNotChangeIt()
    {
        var user = await app.CreateUserAsync(Role.Agent, TokenScope.Read);
        var (_, antiforgery) = await Forms.GetFormAsync(user.Client, "/profile");
        var response = await Forms.PostConsoleFormAsync(user.Client, "/profile", "profile-details", antiforgery,
            ("Details.DisplayName", "Renamed"), ("Details.Language", "hy"), ("Details.TimeZone", "Asia/Yerevan"));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var stored = await app.WithDbAsync(db => db.Users.SingleAsync(u => u.Id == user.Id));
        Assert.Equal(("en", "UTC"), (stored.Language, stored.TimeZone));
    }

    [GeneratedRegex("id=\"new-token\"[^>]*value=\"(rpt_[^\"]+)\"")]
    private static partial Regex SecretInput();
}

public sealed class ProfilePageTestsOnSqlite(SqliteApp app) : ProfilePageTests(app), IClassFixture<SqliteApp>;

public sealed class ProfilePageTestsOnPostgres(PostgresApp app) : ProfilePageTests(app), IClassFixture<PostgresApp>;
