using Microsoft.Playwright;

namespace Rapport.BrowserTests.Pages;

/// <summary>The customer directory at /customers: one search box and the table of customers.</summary>
public sealed class CustomersPage(IPage page)
{
    public IPage Page => page;
    public ILocator Heading => page.GetByRole(AriaRole.Heading, new() { Level = 1 });
    public ILocator Table => page.GetByRole(AriaRole.Table);

    public static async Task<CustomersPage> OpenAsync(IPage page)
    {
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Main navigation" }).GetByRole(AriaRole.Link, new() { Name = "Customers" }).ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/customers");
        var directory = new CustomersPage(page);
        await directory.Heading.WaitForAsync();
        return directory;
    }

    /// <summary>Types into the search box (labelled in the page's language) and submits it.</summary>
    public async Task SearchAsync(string text, string label = "Search customers")
    {
        await page.GetByLabel(label).FillAsync(text);
        await page.GetByLabel(label).PressAsync("Enter");
        await page.WaitForURLAsync(url => new Uri(url).Query.Contains("q=", StringComparison.Ordinal));
        await Heading.WaitForAsync();
    }

    public ILocator Row(string text) => Table.GetByRole(AriaRole.Row).Filter(new() { HasText = text });

    public static ILocator Cell(ILocator row, int index) => row.GetByRole(AriaRole.Cell).Nth(index);

    public async Task<CustomerProfilePage> OpenCustomerAsync(ILocator row)
    {
        await Cell(row, 0).GetByRole(AriaRole.Link).ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath.StartsWith("/customers/", StringComparison.Ordinal));
        var profile = new CustomerProfilePage(page);
        await profile.Heading.WaitForAsync();
        return profile;
    }
}
