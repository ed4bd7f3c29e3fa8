using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using Rapport.BrowserTests.Infrastructure;

namespace Rapport.BrowserTests;

/// <summary>The customer's status page in Chromium: Persian, right to left, the promise's date in the Jalali calendar, no script.</summary>
public sealed class StatusPageTests(ConsoleServer server) : IClassFixture<ConsoleServer>
{
    [Fact]
    public async Task InPersianTheStatusPageIsRightToLeftWithAJalaliDueDate()
    {
        var id = await server.CreateConversationAsync("پیگیری سفارش ۱۲۳۴", "سارا احمدی", $"sara-{Guid.NewGuid():N}@customer.test");
        var due = DateTime.UtcNow.AddDays(4);
        (await server.Api.PostAsJsonAsync($"/api/v1/conversations/{id}/promises",
            new { what = "بازپرداخت وجه", due_at = due.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture) })).EnsureSuccessStatusCode();
        var link = (await server.Api.GetFromJsonAsync<JsonObject>($"/api/v1/conversations/{id}/status-link"))!["url"]!.GetValue<string>();

        await using var watched = await server.NewPageAsync();
        await watched.Page.GotoAsync(new Uri(link).PathAndQuery + "?lang=fa");

        var html = watched.Page.Locator("html");
        Assert.Equal("rtl", await html.GetAttributeAsync("dir"));
        Assert.Equal("fa", await html.GetAttributeAsync("lang"));
        await Assertions.Expect(watched.Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("پیگیری سفارش ۱۲۳۴");
        var promise = watched.Page.Locator(".promises li").Filter(new() { HasText = "بازپرداخت وجه" });
        var shown = await promise.Locator("time").InnerTextAsync();
        var jalaliYear = new PersianCalendar().GetYear(due).ToString(CultureInfo.InvariantCulture);
        Assert.Contains(PersianDigits(jalaliYear), shown, StringComparison.Ordinal);
        Assert.DoesNotMatch("[0-9]", shown);
        // Right to left: the text of the list item starts at its right edge.
        Assert.Equal("right", await promise.EvaluateAsync<string>("e => getComputedStyle(e).direction === 'rtl' ? 'right' : 'left'"));

        await watched.ScreenshotAsync("status-fa");
        watched.AssertNothingRanOrFailed();
    }

    private static string PersianDigits(string text) => string.Concat(text.Select(c => c is >= '0' and <= '9' ? (char)('۰' + (c - '0')) : c));
}
