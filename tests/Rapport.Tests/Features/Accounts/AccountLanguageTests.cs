using System.Net;
using Rapport.Features.Accounts;
using Rapport.Tests.Infrastructure;

namespace Rapport.Tests.Features.Accounts;

/// <summary>The sign-in, setup and invite pages speak the visitor's language: chosen, remembered, or asked for by the browser.</summary>
public sealed class AccountLanguageTests(SqliteApp app) : IClassFixture<SqliteApp>
{
    [Fact]
    public async Task TheBrowsersLanguageGivesAPersianRightToLeftSignInPage()
    {
        var browser = app.CreateClient(null);
        browser.DefaultRequestHeaders.AcceptLanguage.ParseAdd("de-DE, fa-IR;q=0.8, en;q=0.5");
        var (html, _) = await Forms.GetFormAsync(browser, "/signin");
        Assert.Contains("<html lang=\"fa\" dir=\"rtl\">", html, StringComparison.Ordinal);
        Assert.Contains("<label for=\"email\">ایمیل</label>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("style=", html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task AChosenLanguageIsRememberedAndBeatsTheBrowsers()
    {
        var browser = app.CreateClient(null);
        browser.DefaultRequestHeaders.AcceptLanguage.ParseAdd("fa");
        var (chosen, _) = await Forms.GetFormAsync(browser, "/signin?lang=hy");
        Assert.Contains("<html lang=\"hy\" dir=\"ltr\">", chosen, StringComparison.Ordinal);
        var (later, antiforgery) = await Forms.GetFormAsync(browser, "/signin");
        Assert.Contains("<html lang=\"hy\" dir=\"ltr\">", later, StringComparison.Ordinal);

        var empty = await Forms.PostAsync(browser, "/signin", antiforgery, ("email", ""), ("password", ""));
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        var errors = await empty.Content.ReadAsStringAsync();
        Assert.Contains("<p class=\"field-error\" id=\"email-error\">Մուտքագրեք ձեր էլ. հասցեն։</p>", errors, StringComparison.Ordinal);
        Assert.Contains("aria-describedby=\"password-error\"", errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LanguageLinksKeepWhereTheVisitorWasGoing()
    {
        var (html, _) = await Forms.GetFormAsync(app.CreateClient(null), "/signin?returnUrl=%2Fcustomers");
        Assert.Contains("href=\"/signin?returnUrl=%2Fcustomers&amp;lang=fa\"", html, StringComparison.Ordinal);
        Assert.Contains("aria-current=\"true\">English</a>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SigningOutRemembersThePersonsLanguageForTheSignInPage()
    {
        var user = await app.CreateUserAsync();
        await app.WithDbAsync(async db =>
        {
            var stored = await db.Users.FindAsync(user.Id);
            stored!.Language = "fa";
            await db.SaveChangesAsync();
        });
        var (browser, antiforgery) = await Forms.SignedInAsync(app, user.Email);
        var signedOut = await Forms.PostAsync(browser, "/signout", antiforgery);
        Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);
        var (html, _) = await Forms.GetFormAsync(browser, "/signin");
        Assert.Contains("<html lang=\"fa\" dir=\"rtl\">", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("fa-IR, en;q=0.9", "fa")]
    [InlineData("en;q=0.2, hy;q=0.9", "hy")]
    [InlineData("de, fr", null)]
    [InlineData("fa;q=0", null)]
    public void AcceptLanguagePicksTheBestSupportedLanguage(string header, string? expected)
    {
        var http = new Microsoft.AspNetCore.Http.DefaultHttpContext();
        http.Request.Headers.AcceptLanguage = header;
        Assert.Equal(expected, AccountLanguage.FromAcceptLanguage(http.Request));
    }
}
