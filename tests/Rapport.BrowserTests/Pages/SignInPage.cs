using Microsoft.Playwright;

namespace Rapport.BrowserTests.Pages;

/// <summary>The sign-in form, reached the way a person reaches it: by opening the console signed out.</summary>
public sealed class SignInPage(IPage page)
{
    public ILocator Email => page.GetByLabel("E-mail");
    public ILocator Password => page.GetByLabel("Password");
    public ILocator SubmitButton => page.GetByRole(AriaRole.Button, new() { Name = "Sign in" });

    public async Task<InboxPage> SignInAsync(string email, string password)
    {
        await page.GotoAsync("/");
        await Email.FillAsync(email);
        await Password.FillAsync(password);
        await SubmitButton.ClickAsync();
        var inbox = new InboxPage(page);
        await inbox.WaitUntilShownAsync();
        return inbox;
    }
}
