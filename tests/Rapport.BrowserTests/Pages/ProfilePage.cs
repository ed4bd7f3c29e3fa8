using Microsoft.Playwright;

namespace Rapport.BrowserTests.Pages;

/// <summary>The console's profile page at /profile: name, language, time zone, password and personal API tokens.</summary>
public sealed class ProfilePage(IPage page)
{
    public IPage Page => page;
    public ILocator Heading => page.GetByRole(AriaRole.Heading, new() { Level = 1 });
    public ILocator Notice => page.GetByRole(AriaRole.Status);
    public ILocator LocalTime => Main.Locator("form time").First;

    /// <summary>The page's own content (the top bar has a language switcher of its own).</summary>
    private ILocator Main => page.Locator("main");

    /// <summary>Opens the profile through the main navigation's link, named in the page's language.</summary>
    public static async Task<ProfilePage> OpenFromNavigationAsync(IPage page, string linkName = "Your account")
    {
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Main navigation" }).GetByRole(AriaRole.Link, new() { Name = linkName }).ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/profile");
        var profile = new ProfilePage(page);
        await profile.Heading.WaitForAsync();
        return profile;
    }

    /// <summary>Chooses a language (by its own name, "فارسی") and a time zone, and saves; the page comes back in that language.</summary>
    public async Task SaveLanguageAndTimeZoneAsync(string languageName, string timeZone)
    {
        await Main.GetByLabel("Language", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = languageName });
        await Main.GetByLabel("Time zone", new() { Exact = true }).FillAsync(timeZone);
        await Main.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).Query.Contains("done=saved", StringComparison.Ordinal));
        await Heading.WaitForAsync();
    }
}
