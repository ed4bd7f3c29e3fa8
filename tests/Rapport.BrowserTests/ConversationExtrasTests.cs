using System.Net.Http.Json;
using System.Text.Json.Nodes;
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
        // Other tests in this class may have called on Dara already (a transfer to him): count from here.
        await bell.WaitForAsync();
        var before = int.Parse((await bell.GetAttributeAsync("data-unread"))!, System.Globalization.CultureInfo.InvariantCulture);
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
        await Assertions.Expect(bell).ToHaveAttributeAsync("data-unread", (before + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
        await bell.ClickAsync();
        var item = dara.Page.Locator("li.notification").Filter(new() { HasText = marker });
        await Assertions.Expect(item).ToHaveAttributeAsync("data-kind", "mention");
        await Assertions.Expect(item.GetByRole(AriaRole.Link)).ToHaveAttributeAsync("href", $"conversations/{id}");
        await item.GetByRole(AriaRole.Button).ClickAsync();
        await Assertions.Expect(bell).ToHaveAttributeAsync("data-unread", before.ToString(System.Globalization.CultureInfo.InvariantCulture));
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

    [Fact]
    public async Task TheThirdTransferAsksFirstAndConversationsAreLinkedAndUnlinkedFromThePage()
    {
        var marker = Guid.NewGuid().ToString("N")[..8];
        var email = $"h-{marker}@example.com";
        var id = await server.CreateConversationAsync($"Bounced {marker}", "Hasmik", email);
        var other = await server.CreateConversationAsync($"Related {marker}", "Hasmik", email);
        var agents = (await server.Api.GetFromJsonAsync<JsonObject>("/api/v1/agents"))!["items"]!.AsArray();
        long Agent(string name) => agents.Single(a => a!["display_name"]!.GetValue<string>() == name)!["id"]!.GetValue<long>();
        foreach (var (to, reason) in new[] { (Agent("Dara Rostami"), "Persian speaker"), (Agent("Ani Hakobyan"), "Back to me") })
        {
            (await server.Api.PostAsJsonAsync($"/api/v1/conversations/{id}/transfer", new { assignee_id = to, reason })).EnsureSuccessStatusCode();
        }
        await using var watched = await server.NewPageAsync();
        await new SignInPage(watched.Page).SignInAsync(ConsoleServer.EnglishAgent, ConsoleServer.Password);
        var conversation = new ConversationPage(watched.Page);
        await conversation.OpenAsync(id);
        await Assertions.Expect(conversation.Transfers).ToHaveTextAsync("Transfers: 2");

        var transfer = watched.Page.Locator("fieldset.transfer");
        await transfer.GetByLabel("To agent").SelectOptionAsync(new SelectOptionValue { Label = "Dara Rostami" });
        await transfer.GetByLabel("Reason for the transfer").FillAsync("Needs Persian after all");
        await transfer.GetByRole(AriaRole.Button, new() { Name = "Transfer" }).ClickAsync();
        await Assertions.Expect(watched.Page.Locator("[data-field=transfer-confirm]")).ToContainTextAsync("transfer number 3");
        await Assertions.Expect(conversation.Transfers).ToHaveTextAsync("Transfers: 2");
        await transfer.GetByRole(AriaRole.Button, new() { Name = "Transfer anyway" }).ClickAsync();
        await Assertions.Expect(conversation.Transfers).ToHaveTextAsync("Transfers: 3");

        var links = watched.Page.Locator("[data-field=links]");
        await links.GetByLabel("Conversation number").FillAsync(other.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await links.GetByRole(AriaRole.Button, new() { Name = "Link", Exact = true }).ClickAsync();
        var unlink = links.Locator($"[data-unlink='{other}']");
        await Assertions.Expect(unlink).ToBeVisibleAsync();
        await unlink.ClickAsync();
        await Assertions.Expect(unlink).ToHaveCountAsync(0);
        await Assertions.Expect(watched.Page.Locator(".timeline")).ToContainTextAsync("Unlinked");
        watched.AssertNothingRanOrFailed();
    }
}
