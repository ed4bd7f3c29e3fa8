using Microsoft.Playwright;

namespace Rapport.BrowserTests.Pages;

/// <summary>A customer's profile at /customers/{id}: details, identities, notes, conversations, timeline, the edit form and merging.</summary>
public sealed class CustomerProfilePage(IPage page)
{
    public IPage Page => page;
    public ILocator Heading => page.GetByRole(AriaRole.Heading, new() { Level = 1 });
    public ILocator Notice => page.GetByRole(AriaRole.Status);
    public ILocator Identities => Section("Identities");
    public ILocator Conversations => Section("Conversations");
    public ILocator Timeline => Section("Timeline");
    public ILocator EditForm => Section("Edit the record");

    public static async Task<CustomerProfilePage> OpenAsync(IPage page, long id)
    {
        await page.GotoAsync($"/customers/{id}");
        var profile = new CustomerProfilePage(page);
        await profile.Heading.WaitForAsync();
        return profile;
    }

    public ILocator Section(string heading) => page.GetByRole(AriaRole.Region, new() { Name = heading, Exact = true });

    /// <summary>The message shown beside a field of the edit form, by its API name (time_zone).</summary>
    public ILocator FieldError(string field) => page.Locator($".field-error[data-field='{field}']");

    public async Task EditAsync(string label, string value)
    {
        await EditForm.GetByLabel(label, new() { Exact = true }).FillAsync(value);
        await EditForm.GetByRole(AriaRole.Button, new() { Name = "Save changes" }).ClickAsync();
        await page.WaitForLoadStateAsync(LoadState.Load);
        await Heading.WaitForAsync();
    }

    /// <summary>Searches for the other record from the merge section and opens its preview.</summary>
    public async Task<ILocator> PreviewMergeAsync(string search, string candidateText)
    {
        var merge = Section("Merge another record into this one");
        await merge.GetByLabel("Find the other record").FillAsync(search);
        await merge.GetByRole(AriaRole.Button, new() { Name = "Find" }).ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath.EndsWith("/merge", StringComparison.Ordinal));
        var candidate = page.Locator(".merge-candidates li").Filter(new() { HasText = candidateText });
        await candidate.GetByRole(AriaRole.Link, new() { Name = "Preview the merge" }).ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).Query.Contains("source=", StringComparison.Ordinal));
        var preview = page.Locator(".merge-preview");
        await preview.WaitForAsync();
        return preview;
    }

    public async Task ConfirmMergeAsync()
    {
        await page.GetByRole(AriaRole.Button, new() { Name = "Merge the two records" }).ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).Query.Contains("done=merged", StringComparison.Ordinal));
        await Heading.WaitForAsync();
    }
}
