using Microsoft.Playwright;

namespace Rapport.BrowserTests.Pages;

/// <summary>The console's inbox at "/": views with counts and the conversation table.</summary>
public sealed class InboxPage(IPage page)
{
    public IPage Page => page;
    public ILocator Heading => page.GetByRole(AriaRole.Heading, new() { Level = 1 });
    public ILocator Views => page.GetByRole(AriaRole.Navigation, new() { Name = "Views" });
    public ILocator Table => page.GetByRole(AriaRole.Table);

    public async Task WaitUntilShownAsync()
    {
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/");
        await Heading.WaitForAsync();
    }

    public async Task OpenViewAsync(string name)
    {
        await page.GetByRole(AriaRole.Link, new() { Name = name }).ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).Query.Contains("view=", StringComparison.Ordinal));
        await Heading.WaitForAsync();
    }

    /// <summary>The table row that holds <paramref name="text"/>.</summary>
    public ILocator Row(string text) => Table.GetByRole(AriaRole.Row).Filter(new() { HasText = text });

    public static ILocator Cell(ILocator row, int index) => row.GetByRole(AriaRole.Cell).Nth(index);

    /// <summary>Presses the language switcher's button, named in its own language (English, فارسی, Հայերեն).</summary>
    public async Task SwitchLanguageAsync(string languageName)
    {
        await page.GetByRole(AriaRole.Button, new() { Name = languageName }).ClickAsync();
        await page.WaitForLoadStateAsync(LoadState.Load);
        await Heading.WaitForAsync();
    }
}
