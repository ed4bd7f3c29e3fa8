using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using Rapport.BrowserTests.Infrastructure;
using Rapport.BrowserTests.Pages;

namespace Rapport.BrowserTests;

/// <summary>The profile and admin pages in Chromium: Persian on the profile, inviting an agent, teams, and a light agent kept out.</summary>
public sealed class AdminConsoleTests(ConsoleServer server) : IClassFixture<ConsoleServer>
{
    [Fact]
    public async Task ChoosingPersianOnTheProfileGivesARightToLeftPageWithAJalaliDate()
    {
        await using var watched = await server.NewPageAsync();
        await new SignInPage(watched.Page).SignInAsync(ConsoleServer.PersianAgent, ConsoleServer.Password);
        var profile = await ProfilePage.OpenFromNavigationAsync(watched.Page);

        await profile.SaveLanguageAndTimeZoneAsync("فارسی", "Asia/Tehran");

        var html = watched.Page.Locator("html");
        Assert.Equal("rtl", await html.GetAttributeAsync("dir"));
        Assert.Equal("fa", await html.GetAttributeAsync("lang"));
        await Assertions.Expect(profile.Notice).ToHaveTextAsync("نمایهٔ شما ذخیره شد.");
        var shown = await profile.LocalTime.InnerTextAsync();
        var instant = DateTime.Parse(await profile.LocalTime.GetAttributeAsync("datetime") ?? "", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal);
        var tehran = TimeZoneInfo.ConvertTimeFromUtc(instant, TimeZoneInfo.FindSystemTimeZoneById("Asia/Tehran"));
        var jalaliYear = new PersianCalendar().GetYear(tehran).ToString(CultureInfo.InvariantCulture);
        Assert.Contains(PersianDigits(jalaliYear), shown, StringComparison.Ordinal);
        Assert.DoesNotMatch("[0-9]", shown);
        // The side navigation starts on the right in a right-to-left page.
        var nav = await watched.Page.Locator(".side-nav").BoundingBoxAsync();
        var content = await watched.Page.Locator("main").BoundingBoxAsync();
        Assert.True(nav!.X > content!.X, $"navigation at {nav.X}, content at {content.X}");

        await watched.ScreenshotAsync("profile-fa");
        await watched.Page.SetViewportSizeAsync(390, 844);
        await watched.ScreenshotAsync("profile-fa-phone");
        watched.AssertNothingRanOrFailed();
    }

    [Fact]
    public async Task AnInvitedAgentSignsInThroughTheLinkTheAdminPageShows()
    {
        var email = $"narek-{Guid.NewGuid():N}@example.com";
        await using var admin = await server.NewPageAsync();
        await new SignInPage(admin.Page).SignInAsync(ConsoleServer.EnglishAgent, ConsoleServer.Password);
        var pages = await AdminPages.OpenFromNavigationAsync(admin.Page);

        var link = await pages.InviteAsync("Narek Sargsyan", email, "Agent");

        Assert.Contains("/invite?token=", link, StringComparison.Ordinal);
        var row = admin.Page.GetByRole(AriaRole.Row).Filter(new() { HasText = email });
        await Assertions.Expect(row).ToContainTextAsync("Invited");
        await admin.ScreenshotAsync("admin-agents-en");
        await admin.Page.SetViewportSizeAsync(390, 844);
        await admin.ScreenshotAsync("admin-agents-en-phone");

        await using var invited = await server.NewPageAsync();
        var inbox = await new InvitePage(invited.Page).AcceptAsync(link, "a long enough passphrase");
        await Assertions.Expect(invited.Page.GetByText("Narek Sargsyan")).ToBeVisibleAsync();
        await Assertions.Expect(invited.Page.GetByRole(AriaRole.Link, new() { Name = "Admin" })).ToHaveCountAsync(0);
        Assert.Equal("Inbox", await inbox.Heading.InnerTextAsync());
        admin.AssertNothingRanOrFailed();
        invited.AssertNothingRanOrFailed();
    }

    [Fact]
    public async Task AnAdminCreatesATeamAndAddsAMember()
    {
        var memberName = $"Lilit {Guid.NewGuid():N}"[..14];
        using var api = await AdminApiAsync();
        var created = await api.PostAsJsonAsync("/api/v1/agents", new { email = $"lilit-{Guid.NewGuid():N}@example.com", display_name = memberName });
        created.EnsureSuccessStatusCode();
        var teamName = $"Returns {Guid.NewGuid():N}"[..16];

        await using var watched = await server.NewPageAsync();
        await new SignInPage(watched.Page).SignInAsync(ConsoleServer.EnglishAgent, ConsoleServer.Password);
        var pages = await AdminPages.OpenFromNavigationAsync(watched.Page);
        await pages.OpenTabAsync("Teams", "/admin/teams");
        await pages.CreateTeamAsync(teamName);

        await Assertions.Expect(pages.Heading).ToHaveTextAsync(teamName);
        await pages.AddMemberAsync(memberName);

        await Assertions.Expect(pages.Members.Filter(new() { HasText = memberName })).ToHaveCountAsync(1);
        await Assertions.Expect(pages.Notice).ToHaveTextAsync("The member was added.");
        await pages.OpenTabAsync("Teams", "/admin/teams");
        var row = watched.Page.GetByRole(AriaRole.Row).Filter(new() { HasText = teamName });
        await Assertions.Expect(row.GetByRole(AriaRole.Cell).Nth(2)).ToHaveTextAsync("1");
        await watched.ScreenshotAsync("admin-teams-en");
        watched.AssertNothingRanOrFailed();
    }

    [Fact]
    public async Task ALightAgentCannotOpenTheAdminPages()
    {
        using var api = await AdminApiAsync();
        var created = await api.PostAsJsonAsync("/api/v1/agents", new { email = $"light-{Guid.NewGuid():N}@example.com", display_name = "Light Agent", role = "light_agent" });
        created.EnsureSuccessStatusCode();
        var link = (await created.Content.ReadFromJsonAsync<JsonObject>())!["invite_url"]!.GetValue<string>();

        await using var watched = await server.NewPageAsync();
        await new InvitePage(watched.Page).AcceptAsync(link, "a long enough passphrase");
        await Assertions.Expect(watched.Page.GetByRole(AriaRole.Link, new() { Name = "Admin" })).ToHaveCountAsync(0);

        foreach (var path in new[] { "/admin", "/admin/teams", "/admin/tokens", "/admin/settings" })
        {
            var response = await watched.Page.GotoAsync(path);
            Assert.Equal(403, response!.Status);
            await Assertions.Expect(watched.Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Not allowed");
        }
        await watched.ScreenshotAsync("admin-forbidden-en");
        // The 403 itself is the only thing the console logs about it.
        Assert.All(watched.Errors, e => Assert.Contains("403", e, StringComparison.Ordinal));
        Assert.Empty(watched.Dialogs);
    }

    /// <summary>An admin-scoped API client of the English admin (the fixture's own client is write-scoped).</summary>
    private async Task<HttpClient> AdminApiAsync()
    {
        var client = new HttpClient { BaseAddress = server.Url };
        var grant = await client.PostAsJsonAsync("/api/v1/auth/token", new { email = ConsoleServer.EnglishAgent, password = ConsoleServer.Password, name = "admin browser tests", scope = "admin" });
        grant.EnsureSuccessStatusCode();
        var token = (await grant.Content.ReadFromJsonAsync<JsonObject>())!["token"]!.GetValue<string>();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private static string PersianDigits(string digits) =>
        string.Concat(digits.Select(c => c is >= '0' and <= '9' ? (char)('۰' + (c - '0')) : c));
}
