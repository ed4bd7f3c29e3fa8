using System.Globalization;
using Microsoft.Playwright;
using Rapport.BrowserTests.Infrastructure;
using Rapport.BrowserTests.Pages;

namespace Rapport.BrowserTests;

/// <summary>The console in Chromium against a real server: sign-in, the inbox, Persian, and hostile text.</summary>
public sealed class ConsoleTests(ConsoleServer server) : IClassFixture<ConsoleServer>
{
    [Fact]
    public async Task SigningInThroughTheFormLandsOnTheInbox()
    {
        await using var watched = await server.NewPageAsync();
        var page = watched.Page;
        await page.GotoAsync("/");
        Assert.Equal("/signin", new Uri(page.Url).AbsolutePath);

        var inbox = await new SignInPage(page).SignInAsync(ConsoleServer.EnglishAgent, ConsoleServer.Password);

        Assert.Equal("Inbox", await inbox.Heading.InnerTextAsync());
        Assert.Equal("ltr", await page.Locator("html").GetAttributeAsync("dir"));
        await Assertions.Expect(page.GetByText("Ani Hakobyan")).ToBeVisibleAsync();
        await Assertions.Expect(inbox.Views.GetByRole(AriaRole.Link, new() { Name = "Mine" })).ToHaveAttributeAsync("aria-current", "page");
        watched.AssertNothingRanOrFailed();
    }

    [Fact]
    public async Task ConversationsCreatedThroughTheApiAppearWithTheCustomerNameAsWritten()
    {
        var subject = $"Parcel never arrived {Guid.NewGuid():N}";
        await server.CreateConversationAsync(subject, "Łucja Brzęczyszczykiewicz", $"lucja-{Guid.NewGuid():N}@example.com");
        await using var watched = await server.NewPageAsync();
        var inbox = await new SignInPage(watched.Page).SignInAsync(ConsoleServer.EnglishAgent, ConsoleServer.Password);

        await inbox.OpenViewAsync("All open");

        var row = inbox.Row(subject);
        await Assertions.Expect(row).ToHaveCountAsync(1);
        await Assertions.Expect(InboxPage.Cell(row, 1)).ToHaveTextAsync("Łucja Brzęczyszczykiewicz");
        // Written in its own direction (a Persian name in an English table), the label beside it in the page's.
        Assert.Equal("auto", await InboxPage.Cell(row, 1).Locator("span").GetAttributeAsync("dir"));
        await Assertions.Expect(InboxPage.Cell(row, 2)).ToHaveTextAsync("New");
        await watched.ScreenshotAsync("inbox-en");
        await watched.Page.SetViewportSizeAsync(390, 844);
        await watched.ScreenshotAsync("inbox-en-phone");
        watched.AssertNothingRanOrFailed();
    }

    [Fact]
    public async Task SwitchingToPersianGivesARightToLeftInboxWithJalaliDates()
    {
        var subject = $"سفارش من کجاست؟ {Guid.NewGuid():N}";
        await server.CreateConversationAsync(subject, "سارا احمدی", $"sara-{Guid.NewGuid():N}@example.com");
        await using var watched = await server.NewPageAsync();
        var inbox = await new SignInPage(watched.Page).SignInAsync(ConsoleServer.PersianAgent, ConsoleServer.Password);

        await inbox.SwitchLanguageAsync("فارسی");
        await inbox.OpenViewAsync("همهٔ باز");

        var html = watched.Page.Locator("html");
        Assert.Equal("rtl", await html.GetAttributeAsync("dir"));
        Assert.Equal("fa", await html.GetAttributeAsync("lang"));
        var time = InboxPage.Cell(inbox.Row(subject), 4).Locator("time");
        var shown = await time.InnerTextAsync();
        var instant = DateTime.Parse(await time.GetAttributeAsync("datetime") ?? "", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal);
        var jalaliYear = new PersianCalendar().GetYear(instant).ToString(CultureInfo.InvariantCulture);
        Assert.Contains(PersianDigits(jalaliYear), shown, StringComparison.Ordinal);
        Assert.DoesNotMatch("[0-9]", shown);
        await Assertions.Expect(InboxPage.Cell(inbox.Row(subject), 1)).ToHaveTextAsync("سارا احمدی");

        await watched.ScreenshotAsync("inbox-fa");
        await watched.Page.SetViewportSizeAsync(390, 844);
        await watched.ScreenshotAsync("inbox-fa-phone");
        watched.AssertNothingRanOrFailed();
    }

    [Fact]
    public async Task ScriptInASubjectOrACustomerNameIsShownAsTextAndNeverRuns()
    {
        var marker = Guid.NewGuid().ToString("N");
        var subject = $"<script>alert(1)</script> {marker}";
        const string name = "<img src=x onerror=alert(1)> Eve";
        await server.CreateConversationAsync(subject, name, $"eve-{marker}@example.com");
        await using var watched = await server.NewPageAsync();
        var inbox = await new SignInPage(watched.Page).SignInAsync(ConsoleServer.EnglishAgent, ConsoleServer.Password);

        await inbox.OpenViewAsync("All open");

        var row = inbox.Row(marker);
        await Assertions.Expect(InboxPage.Cell(row, 0)).ToHaveTextAsync(subject);
        await Assertions.Expect(InboxPage.Cell(row, 1)).ToHaveTextAsync(name);
        await Assertions.Expect(row.Locator("img, script")).ToHaveCountAsync(0);
        await watched.Page.WaitForTimeoutAsync(300);
        watched.AssertNothingRanOrFailed();
    }

    private static string PersianDigits(string digits) =>
        string.Concat(digits.Select(c => c is >= '0' and <= '9' ? (char)('۰' + (c - '0')) : c));
}
