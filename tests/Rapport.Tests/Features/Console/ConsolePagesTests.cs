using System.Net;
using Rapport.Tests.Features.Accounts;
using Rapport.Tests.Infrastructure;

namespace Rapport.Tests.Features.AgentConsole;

/// <summary>The console's server-side guards; what it looks like is tested in Chromium (Rapport.BrowserTests).</summary>
public sealed class ConsolePagesTests(SqliteApp app) : IClassFixture<SqliteApp>
{
    [Fact]
    public async Task SignedOutVisitorsAreSentToSignInAndBack()
    {
        var response = await app.CreateClient(null).GetAsync("/?view=open");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/signin?ReturnUrl=%2F%3Fview%3Dopen", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheInboxSpeaksTheAgentsLanguage()
    {
        var user = await app.CreateUserAsync();
        var browser = app.CreateClient(null);
        await Forms.SignInAsync(browser, user.Email, RapportApp.Password);
        var (html, antiforgery) = await Forms.GetFormAsync(browser, "/");
        Assert.Contains("<html lang=\"en\" dir=\"ltr\">", html, StringComparison.Ordinal);

        var switched = await Forms.PostAsync(browser, "/console/language", antiforgery, ("language", "fa"), ("returnUrl", "/?view=open"));
        Assert.Equal(HttpStatusCode.Redirect, switched.StatusCode);
        Assert.Equal("/?view=open", switched.Headers.Location!.OriginalString);
        var (persian, _) = await Forms.GetFormAsync(browser, "/");
        Assert.Contains("<html lang=\"fa\" dir=\"rtl\">", persian, StringComparison.Ordinal);

        var unknown = await Forms.PostAsync(browser, "/console/language", antiforgery, ("language", "xx"));
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        var offSite = await Forms.PostAsync(browser, "/console/language", antiforgery, ("language", "en"), ("returnUrl", "//evil.example/"));
        Assert.Equal("/", offSite.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task ChangingLanguageNeedsTheFormsAntiforgeryToken()
    {
        var user = await app.CreateUserAsync();
        var browser = app.CreateClient(null);
        await Forms.SignInAsync(browser, user.Email, RapportApp.Password);
        var response = await Forms.PostAsync(browser, "/console/language", null, ("language", "fa"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
