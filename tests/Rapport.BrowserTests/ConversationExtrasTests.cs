using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Rapport.BrowserTests.Infrastructure;
using Rapport.BrowserTests.Pages;

namespace Rapport.BrowserTests;

/// <summary>The conversation page's mentions, files and promises in Chromium, and the bell they ring.</summary>
public sealed class ConversationExtrasTests(ConsoleServer server) : IClassFixture<ConsoleServer>
{
    [Fact]
    public async Task MentioningAColleagueInANoteRingsTheirBellLive()
    {
        var marker = Guid.NewGuid().ToString("N")[..8];
        var id = await server.CreateConversationAsync($"Mention {marker}", "Gohar", $"g-{marker}@example.com");
        await using var dara = await server.NewPageAsync();
        await new SignInPage(dara.Page).SignInAsync(ConsoleServer.PersianAgent, ConsoleServer.Password);
        var bell = dara.Page.Locator(".notification-bell");
        await Assertions.Expect(bell).ToHaveAttributeAsync("data-unread", "0");
        await using var ani = await server.NewPageAsync();
        await new SignInPage(ani.Page).SignInAsync(ConsoleServer.EnglishAgent, ConsoleServer.Password);
        var conversation = new ConversationPage(ani.Page);
        await conversation.OpenAsync(id);

        await ani.Page.GetByLabel("Internal note").CheckAsync();
        await conversation.ComposerText.FillAsync($"Please check {marker} @Dar");
        await ani.Page.GetByRole(AriaRole.Button, new() { Name = "@Dara Rostami" }).ClickAsync();
        await Assertions.Expect(conversation.ComposerText).ToHaveValueAsync($"Please check {marker} @Dara Rostami ");
        await conversation.AddNoteButton.ClickAsync();

        await Assertions.Expect(conversation.Message($"Please check {marker}")).ToHaveClassAsync(new Regex("message-note"));
        // Dara's page was not reloaded: the count came over the circuit.
        await Assertions.Expect(bell).ToHaveAttributeAsync("data-unread", "1");
        await bell.ClickAsync();
        var item = dara.Page.Locator("li.notification").Filter(new() { HasText = marker });
        await Assertions.Expect(item).ToHaveAttributeAsync("data-kind", "mention");
        await Assertions.Expect(item.GetByRole(AriaRole.Link)).ToHaveAttributeAsync("href", $"conversations/{id}");
        await item.GetByRole(AriaRole.Button).ClickAsync();
        await Assertions.Expect(bell).ToHaveAttributeAsync("data-unread", "0");
        ani.AssertNothingRanOrFailed();
        dara.AssertNothingRanOrFailed();
    }

    [Fact]
    public async Task AFileAttachedToAReplyIsSentAndOfferedForDownload()
    {
        var marker = Guid.NewGuid().ToString("N")[..8];
        var id = await server.CreateConversationAsync($"Attach {marker}", "Levon", $"l-{marker}@example.com");
        await using var watched = await server.NewPageAsync();
        await new SignInPage(watched.Page).SignInAsync(ConsoleServer.EnglishAgent, ConsoleServer.Password);
        var conversation = new ConversationPage(watched.Page);
        await conversation.OpenAsync(id);

        await watched.Page.GetByLabel("Attach files").SetInputFilesAsync(new FilePayload
        {
            Name = $"label-{marker}.txt",
            MimeType = "text/plain",
            Buffer = "Return label"u8.ToArray(),
        });
        var picked = watched.Page.Locator(".composer-files .picked");
        await Assertions.Expect(picked).ToContainTextAsync($"label-{marker}.txt");
        await conversation.ReplyAsync($"Here is the label {marker}");

        var link = conversation.Message($"Here is the label {marker}").GetByRole(AriaRole.Link, new() { Name = $"label-{marker}.txt" });
        await Assertions.Expect(link).ToHaveAttributeAsync("href", new Regex("^/api/v1/attachments/\\d+$"));
        await Assertions.Expect(picked).ToHaveCountAsync(0);
        var download = await watched.Page.RunAndWaitForDownloadAsync(() => link.ClickAsync());
        Assert.Equal($"label-{marker}.txt", download.SuggestedFilename);
        watched.AssertNothingRanOrFailed();
    }

    [Fact]
    public async Task AReplyThatCommitsToATimeSuggestsAPromiseThatIsRecorded()
    {
        var marker = Guid.NewGuid().ToString("N")[..8];
        var id = await server.CreateConversationAsync($"Promise {marker}", "Mariam", $"m-{marker}@example.com");
        await using var watched = await server.NewPageAsync();
        await new SignInPage(watched.Page).SignInAsync(ConsoleServer.EnglishAgent, ConsoleServer.Password);
        var conversation = new ConversationPage(watched.Page);
        await conversation.OpenAsync(id);

        await conversation.PublicReplyOption.CheckAsync();
        await conversation.ComposerText.FillAsync($"Thanks for waiting. The refund {marker} reaches you by Friday afternoon.");
        var suggestion = watched.Page.Locator("[data-field=promise-suggestion]");
        await Assertions.Expect(suggestion).ToContainTextAsync("by friday afternoon");
        await suggestion.GetByRole(AriaRole.Button, new() { Name = "Record this promise" }).ClickAsync();

        var promise = watched.Page.Locator("li.promise").Filter(new() { HasText = marker });
        await Assertions.Expect(promise).ToHaveClassAsync(new Regex("promise-open"));
        await Assertions.Expect(promise).ToContainTextAsync($"The refund {marker} reaches you by Friday afternoon.");
        await Assertions.Expect(suggestion).ToHaveCountAsync(0);
        await promise.GetByRole(AriaRole.Button, new() { Name = "Kept" }).ClickAsync();
        await Assertions.Expect(promise).ToHaveClassAsync(new Regex("promise-kept"));
        await Assertions.Expect(watched.Page.Locator(".timeline")).ToContainTextAsync("Promise made");
        watched.AssertNothingRanOrFailed();
    }
}
