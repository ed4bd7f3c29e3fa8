using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using Rapport.BrowserTests.Infrastructure;
using Rapport.BrowserTests.Pages;

namespace Rapport.BrowserTests;

/// <summary>The inbox in Chromium: filters in the URL, the keyboard, a bulk change, and live rows.</summary>
public sealed class InboxTests(ConsoleServer server) : IClassFixture<ConsoleServer>
{
    private async Task<long> CreateAsync(string subject, string priority = "normal", string body = "Hello")
    {
        var response = await server.Api.PostAsJsonAsync("/api/v1/conversations", new
        {
            subject,
            channel = "email",
            priority,
            customer = new { email = $"c-{Guid.NewGuid():N}@example.com", name = "Narek Petrosyan" },
            message = new { kind = "inbound", body_text = body },
        });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<long>();
    }

    private static Task WaitUntilLiveAsync(IPage page) => page.Locator("h1[data-live=yes]").WaitForAsync();

    [Fact]
    public async Task FilteringThroughTheFormPutsTheFiltersInTheUrlAndSurvivesAReload()
    {
        var marker = Guid.NewGuid().ToString("N")[..10];
        await CreateAsync($"Card charged twice {marker}", priority: "urgent");
        await CreateAsync($"Card expired {marker}", priority: "low");
        await using var watched = await server.NewPageAsync();
        var page = watched.Page;
        var inbox = await new SignInPage(page).SignInAsync(ConsoleServer.EnglishAgent, ConsoleServer.Password);
        await inbox.OpenViewAsync("All open");
        await WaitUntilLiveAsync(page);
        await Assertions.Expect(inbox.Views.GetByRole(AriaRole.Link, new() { Name = "All open" })).ToHaveAttributeAsync("aria-current", "page");
        await Assertions.Expect(page.Locator("input[type=hidden][name=view]")).ToHaveValueAsync("open");

        await page.GetByLabel("Search customers, subjects and messages").FillAsync(marker);
        await page.Locator("#filter-priority").SelectOptionAsync("urgent");
        await page.GetByRole(AriaRole.Button, new() { Name = "Apply" }).ClickAsync();

        await page.WaitForURLAsync(url => url.Contains("priority=urgent", StringComparison.Ordinal) && url.Contains("q=" + marker, StringComparison.Ordinal));
        Assert.Contains("view=open", page.Url, StringComparison.Ordinal);
        await Assertions.Expect(inbox.Row($"Card charged twice {marker}")).ToHaveCountAsync(1);
        await Assertions.Expect(inbox.Row($"Card expired {marker}")).ToHaveCountAsync(0);

        await page.ReloadAsync();
        await Assertions.Expect(inbox.Row($"Card charged twice {marker}")).ToHaveCountAsync(1);
        await Assertions.Expect(inbox.Row($"Card expired {marker}")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("#filter-priority")).ToHaveValueAsync("urgent");
        await Assertions.Expect(page.Locator("#inbox-q")).ToHaveValueAsync(marker);
        await watched.ScreenshotAsync("inbox-filtered");
        watched.AssertNothingRanOrFailed();
    }

    [Fact]
    public async Task JAndKMoveThroughTheRowsEnterOpensAndQuestionMarkShowsTheKeys()
    {
        var marker = Guid.NewGuid().ToString("N")[..10];
        var older = await CreateAsync($"Older {marker}");
        var newer = await CreateAsync($"Newer {marker}");
        await using var watched = await server.NewPageAsync();
        var page = watched.Page;
        await new SignInPage(page).SignInAsync(ConsoleServer.EnglishAgent, ConsoleServer.Password);
        await page.GotoAsync($"/?view=open&q={marker}");
        await WaitUntilLiveAsync(page);

        await page.Keyboard.PressAsync("j");
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = $"Newer {marker}" })).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("j");
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = $"Older {marker}" })).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("k");
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = $"Newer {marker}" })).ToBeFocusedAsync();

        await page.Keyboard.PressAsync("?");
        var help = page.GetByRole(AriaRole.Dialog, new() { Name = "Keyboard shortcuts" });
        await Assertions.Expect(help).ToBeVisibleAsync();
        await Assertions.Expect(help).ToContainTextAsync("Next conversation");
        await watched.ScreenshotAsync("inbox-keys");
        await page.Keyboard.PressAsync("Escape");
        await Assertions.Expect(help).ToBeHiddenAsync();

        // "/" goes to the search box with its text selected, and letters typed there stay letters.
        await page.Keyboard.PressAsync("/");
        await Assertions.Expect(page.Locator("#inbox-q")).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync("jk");
        await Assertions.Expect(page.Locator("#inbox-q")).ToHaveValueAsync("jk");

        // Away from the search box, j carries on from the row last focused (the newer one) to the older one.
        await page.Locator("#inbox-q").BlurAsync();
        await page.Keyboard.PressAsync("j");
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = $"Older {marker}" })).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == $"/conversations/{older}");
        var conversation = new ConversationPage(page);
        await conversation.WaitUntilLiveAsync();

        // On the conversation: n chooses an internal note and puts the cursor in the composer.
        await page.Keyboard.PressAsync("n");
        await Assertions.Expect(page.GetByLabel("Internal note")).ToBeCheckedAsync();
        await Assertions.Expect(conversation.ComposerText).ToBeFocusedAsync();
        // Typed into the composer, r is a letter; outside it, r chooses a public reply and a goes to the assignee.
        await page.Keyboard.TypeAsync("r");
        await Assertions.Expect(conversation.ComposerText).ToHaveValueAsync("r");
        await Assertions.Expect(page.GetByLabel("Internal note")).ToBeCheckedAsync();
        await conversation.ComposerText.BlurAsync();
        await page.Keyboard.PressAsync("r");
        await Assertions.Expect(conversation.PublicReplyOption).ToBeCheckedAsync();
        await Assertions.Expect(conversation.ComposerText).ToBeFocusedAsync();
        await conversation.ComposerText.BlurAsync();
        await page.Keyboard.PressAsync("a");
        await Assertions.Expect(page.Locator("#assign-agent")).ToBeFocusedAsync();
        Assert.NotEqual(older, newer);
        watched.AssertNothingRanOrFailed();
    }

    [Fact]
    public async Task SelectedRowsAreSolvedTogether()
    {
        var marker = Guid.NewGuid().ToString("N")[..10];
        var ids = new[] { await CreateAsync($"Bulk one {marker}"), await CreateAsync($"Bulk two {marker}") };
        await using var watched = await server.NewPageAsync();
        var page = watched.Page;
        var inbox = new InboxPage(page);
        await new SignInPage(page).SignInAsync(ConsoleServer.EnglishAgent, ConsoleServer.Password);
        await page.GotoAsync($"/?view=open&q={marker}");
        await WaitUntilLiveAsync(page);

        await page.GetByLabel("Select every conversation on this page").CheckAsync();
        await Assertions.Expect(page.Locator(".bulk-count")).ToHaveTextAsync("2 selected");
        await watched.ScreenshotAsync("inbox-bulk");
        await page.Locator("#bulk-status").SelectOptionAsync("solved");
        await page.Locator(".bulk-apply-status").ClickAsync();

        await Assertions.Expect(page.Locator(".bulk-result")).ToHaveTextAsync("2 changed, 0 not changed.");
        await Assertions.Expect(inbox.Row($"Bulk one {marker}")).ToHaveCountAsync(0);
        foreach (var id in ids)
        {
            var fetched = await server.Api.GetFromJsonAsync<JsonObject>($"/api/v1/conversations/{id}");
            Assert.Equal("solved", fetched!["status"]!.GetValue<string>());
        }
        await page.GotoAsync($"/?view=solved&q={marker}");
        await Assertions.Expect(inbox.Row($"Bulk two {marker}")).ToHaveCountAsync(1);
        watched.AssertNothingRanOrFailed();
    }

    [Fact]
    public async Task AMessagePostedThroughTheApiAppearsInAnOpenInboxWithinTwoSeconds()
    {
        var id = await CreateAsync($"Waiting for news {Guid.NewGuid():N}");
        var word = $"w{Guid.NewGuid():N}"[..12];
        await using var watched = await server.NewPageAsync();
        var page = watched.Page;
        var inbox = new InboxPage(page);
        await new SignInPage(page).SignInAsync(ConsoleServer.EnglishAgent, ConsoleServer.Password);
        // Searching for a word no message holds yet: the inbox is empty until the message comes.
        await page.GotoAsync($"/?view=open&q={word}");
        await WaitUntilLiveAsync(page);
        await Assertions.Expect(page.Locator("p.empty")).ToBeVisibleAsync();
        var loads = 0;
        page.Load += (_, _) => loads++;

        var posted = await server.Api.PostAsJsonAsync($"/api/v1/conversations/{id}/inbound", new { body_text = $"Any news? {word}" });
        posted.EnsureSuccessStatusCode();
        await Assertions.Expect(page.Locator($"tr[data-conversation-id='{id}']")).ToBeVisibleAsync(new() { Timeout = 2000 });

        // A new conversation appears as well.
        var subject = $"Brand new {word}";
        await CreateAsync(subject);
        await Assertions.Expect(inbox.Row(subject)).ToHaveCountAsync(1, new() { Timeout = 2000 });
        Assert.Equal(0, loads);
        watched.AssertNothingRanOrFailed();
    }
}
