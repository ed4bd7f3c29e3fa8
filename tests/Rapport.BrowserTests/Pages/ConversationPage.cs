using Microsoft.Playwright;

namespace Rapport.BrowserTests.Pages;

/// <summary>The conversation page at /conversations/{id}: messages, composer, controls and the customer panel.</summary>
public sealed class ConversationPage(IPage page)
{
    public IPage Page => page;
    public ILocator Heading => page.GetByRole(AriaRole.Heading, new() { Level = 1 });
    public ILocator Messages => page.Locator("ol.messages");
    public ILocator Status => page.Locator(".conversation-head [data-field=status]");
    public ILocator Transfers => page.Locator(".conversation-head [data-field=transfers]");
    public ILocator Viewers => page.Locator("[data-field=viewers]");
    public ILocator Typing => page.Locator("[data-field=typing]");
    public ILocator InboundWarning => page.Locator("[data-field=inbound-warning]");
    public ILocator TransferWarning => page.Locator("[data-field=transfer-warning]");
    public ILocator CustomerName => page.Locator("[data-field=customer-name]");
    public ILocator ComposerText => page.Locator("#composer-text");
    public ILocator PublicReplyOption => page.GetByLabel("Public reply");
    public ILocator SendReplyButton => page.GetByRole(AriaRole.Button, new() { Name = "Send reply" });
    public ILocator AddNoteButton => page.GetByRole(AriaRole.Button, new() { Name = "Add note" });

    public ILocator Message(string text) => Messages.Locator("li.message").Filter(new() { HasText = text });

    public Task OpenAsync(long id) => OpenAsync($"/conversations/{id}");

    public async Task OpenAsync(string url)
    {
        await page.GotoAsync(url);
        await WaitUntilLiveAsync();
    }

    /// <summary>The page is rendered first without its circuit; it says when it is live (buttons work, events arrive).</summary>
    public Task WaitUntilLiveAsync() => page.Locator(".conversation-page[data-live=yes]").WaitForAsync();

    public async Task ReplyAsync(string text, string? thenStatus = null)
    {
        await PublicReplyOption.CheckAsync();
        await ComposerText.FillAsync(text);
        if (thenStatus is not null)
        {
            await page.GetByLabel("Then set the status to").SelectOptionAsync(new SelectOptionValue { Label = thenStatus });
        }
        await SendReplyButton.ClickAsync();
    }

    public async Task NoteAsync(string text)
    {
        if (await PublicReplyOption.CountAsync() > 0)
        {
            await page.GetByLabel("Internal note").CheckAsync();
        }
        await ComposerText.FillAsync(text);
        await AddNoteButton.ClickAsync();
    }

    public async Task TransferAsync(string? teamName, string reason)
    {
        var transfer = page.Locator("fieldset.transfer");
        if (teamName is not null)
        {
            await transfer.GetByLabel("To team").SelectOptionAsync(new SelectOptionValue { Label = teamName });
        }
        await transfer.GetByLabel("Reason for the transfer").FillAsync(reason);
        await transfer.GetByRole(AriaRole.Button, new() { Name = "Transfer" }).ClickAsync();
    }

    public ILocator TransferFieldError => page.Locator("fieldset.transfer .field-error");
}
