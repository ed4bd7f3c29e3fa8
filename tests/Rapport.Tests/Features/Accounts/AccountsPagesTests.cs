using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rapport.Features.Accounts;
using Rapport.Tests.Infrastructure;

namespace Rapport.Tests.Features.Accounts;

public abstract class AccountsPagesTests(RapportApp app)
{
    [Fact]
    public async Task SignInPageHasAnAntiforgeryFieldAndRefusesAPostWithoutIt()
    {
        var user = await app.CreateUserAsync();
        var browser = app.CreateClient(null);
        var (html, _) = await Forms.GetFormAsync(browser, "/signin");
        Assert.Contains("<label for=\"email\">", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("style=", html, StringComparison.OrdinalIgnoreCase);

        var response = await Forms.PostAsync(browser, "/signin", null, ("email", user.Email), ("password", RapportApp.Password));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
    }

    [Fact]
    public async Task SigningInOpensTheConsole()
    {
        var user = await app.CreateUserAsync(name: "<script>alert(1)</script> Ārsh");
        var browser = app.CreateClient(null);
        var response = await Forms.SignInAsync(browser, user.Email.ToUpperInvariant(), RapportApp.Password);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location!.OriginalString);

        var (html, _) = await Forms.GetFormAsync(browser, "/profile");
        Assert.Contains(user.Email, html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>alert", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;", html, StringComparison.Ordinal);
        Assert.Contains("Ārsh", html, StringComparison.Ordinal);
        // The cookie session works on the API as well.
        await (await browser.GetAsync("/api/v1/me")).ExpectAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task WrongPasswordShowsTheFormAgainWithAGenericMessage()
    {
        var user = await app.CreateUserAsync();
        var browser = app.CreateClient(null);
        var response = await Forms.SignInAsync(browser, user.Email, "not the password");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains(System.Net.WebUtility.HtmlEncode(PasswordSignIn.FailureMessage), html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("/account")).StatusCode);

        var empty = await Forms.SignInAsync(browser, "", "");
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.Contains("id=\"email-error\"", await empty.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TwentyWrongPasswordsPostedAtOnceLockTheAccount()
    {
        var user = await app.CreateUserAsync();
        var browser = app.CreateClient(null);
        var (_, token) = await Forms.GetFormAsync(browser, "/signin");
        var guesses = await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            Forms.PostAsync(browser, "/signin", token, ("email", user.Email), ("password", "wrong password " + i))));
        Assert.All(guesses, r => Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode));

        var right = await Forms.SignInAsync(app.CreateClient(null), user.Email, RapportApp.Password);
        Assert.Equal(HttpStatusCode.Unauthorized, right.StatusCode);
        var stored = await app.WithDbAsync(db => db.Users.AsNoTracking().SingleAsync(u => u.Id == user.Id));
        Assert.True(stored.LockedUntil > app.Clock.GetUtcNow().UtcDateTime);
    }

    [Theory]
    [InlineData("//evil.example/steal", "/")]
    [InlineData("https://evil.example/", "/")]
    [InlineData("/\\evil.example", "/")]
    [InlineData("/api/v1/me?x=1", "/api/v1/me?x=1")]
    public async Task SignInRedirectsOnlyToLocalPaths(string returnUrl, string expected)
    {
        var user = await app.CreateUserAsync();
        var response = await Forms.SignInAsync(app.CreateClient(null), user.Email, RapportApp.Password, returnUrl);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(expected, response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task TheOldAccountAddressLeadsToTheProfile()
    {
        var anonymous = app.CreateClient(null);
        var redirect = await anonymous.GetAsync("/account");
        Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
        Assert.StartsWith("/signin", redirect.Headers.Location!.PathAndQuery, StringComparison.Ordinal);

        var user = await app.CreateUserAsync();
        var browser = app.CreateClient(null);
        await Forms.SignInAsync(browser, user.Email, RapportApp.Password);
        var profile = await browser.GetAsync("/account");
        Assert.Equal(HttpStatusCode.Redirect, profile.StatusCode);
        Assert.Equal("/profile", profile.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task SigningOutEndsTheSession()
    {
        var user = await app.CreateUserAsync();
        var browser = app.CreateClient(null);
        await Forms.SignInAsync(browser, user.Email, RapportApp.Password);
        var (_, antiforgery) = await Forms.GetFormAsync(browser, "/profile");
        Assert.Equal(HttpStatusCode.BadRequest, (await Forms.PostAsync(browser, "/signout", null)).StatusCode);
        var response = await Forms.PostAsync(browser, "/signout", antiforgery);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("/profile")).StatusCode);
    }

    [Fact]
    public async Task SetupLinkCreatesTheFirstAdminOnceAndStopsWorkingAfterwards()
    {
        // Arrange a workspace without an active admin; other tests in this class may have made some.
        await app.WithDbAsync(db => db.Users.Where(u => u.Role == Role.Admin).ExecuteUpdateAsync(s => s.SetProperty(u => u.IsActive, false)));
        var stale = await IssueSetupTokenAsync();
        var token = await IssueSetupTokenAsync();
        Assert.NotNull(token);
        var browser = app.CreateClient(null);
        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync($"/setup?token={stale}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync("/setup?token=guess")).StatusCode);

        var (_, antiforgery) = await Forms.GetFormAsync(browser, $"/setup?token={token}");
        var email = $"first-{Guid.NewGuid():N}@example.test";
        Assert.Equal(HttpStatusCode.BadRequest, (await Forms.PostAsync(browser, "/setup", null,
            ("token", token!), ("email", email), ("display_name", "First"), ("password", "a long admin password"))).StatusCode);
        var tooShort = await Forms.PostAsync(browser, "/setup", antiforgery, ("token", token!), ("email", email), ("display_name", "First"), ("password", "short"));
        Assert.Equal(HttpStatusCode.BadRequest, tooShort.StatusCode);
        Assert.Contains("id=\"password-error\"", await tooShort.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var created = await Forms.PostAsync(browser, "/setup", antiforgery, ("token", token!), ("email", email), ("display_name", "First"), ("password", "a long admin password"));
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/profile")).StatusCode);
        Assert.Equal(Role.Admin, await app.WithDbAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.Role).SingleAsync()));

        Assert.Equal(HttpStatusCode.NotFound, (await app.CreateClient(null).GetAsync($"/setup?token={token}")).StatusCode);
        Assert.Null(await IssueSetupTokenAsync());
    }

    [Fact]
    public async Task SetupLinkExpiresAfterADay()
    {
        await app.WithDbAsync(db => db.Users.Where(u => u.Role == Role.Admin).ExecuteUpdateAsync(s => s.SetProperty(u => u.IsActive, false)));
        var token = await IssueSetupTokenAsync();
        Assert.Equal(HttpStatusCode.OK, (await app.CreateClient(null).GetAsync($"/setup?token={token}")).StatusCode);
        app.Clock.Advance(TimeSpan.FromHours(25));
        Assert.Equal(HttpStatusCode.NotFound, (await app.CreateClient(null).GetAsync($"/setup?token={token}")).StatusCode);
    }

    [Fact]
    public void OnlyPathsOnThisSiteAreLocal()
    {
        Assert.True(AccountsPages.IsLocalUrl("/"));
        Assert.True(AccountsPages.IsLocalUrl("/inbox?view=mine"));
        Assert.False(AccountsPages.IsLocalUrl(null));
        Assert.False(AccountsPages.IsLocalUrl("//evil.example"));
        Assert.False(AccountsPages.IsLocalUrl("/\\evil.example"));
        Assert.False(AccountsPages.IsLocalUrl("http://evil.example"));
        Assert.False(AccountsPages.IsLocalUrl("/\tevil"));
        Assert.False(AccountsPages.IsLocalUrl("javascript:alert(1)"));
    }

    private async Task<string?> IssueSetupTokenAsync()
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<SetupToken>().IssueAsync();
    }
}

public sealed class AccountsPagesTestsOnSqlite(SqliteApp app) : AccountsPagesTests(app), IClassFixture<SqliteApp>;

public sealed class AccountsPagesTestsOnPostgres(PostgresApp app) : AccountsPagesTests(app), IClassFixture<PostgresApp>;
