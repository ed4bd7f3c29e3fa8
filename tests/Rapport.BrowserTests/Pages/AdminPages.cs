using Microsoft.Playwright;

namespace Rapport.BrowserTests.Pages;

/// <summary>The admin pages under /admin: agents (with invites) and teams.</summary>
public sealed class AdminPages(IPage page)
{
    public IPage Page => page;
    public ILocator Heading => page.GetByRole(AriaRole.Heading, new() { Level = 1 });
    public ILocator Tabs => page.GetByRole(AriaRole.Navigation, new() { Name = "Admin pages" });
    public ILocator Notice => page.GetByRole(AriaRole.Status);

    /// <summary>Opens the admin pages through the main navigation, as an admin would.</summary>
    public static async Task<AdminPages> OpenFromNavigationAsync(IPage page)
    {
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Main navigation" }).GetByRole(AriaRole.Link, new() { Name = "Admin" }).ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/admin");
        var admin = new AdminPages(page);
        await admin.Heading.WaitForAsync();
        return admin;
    }

    public async Task OpenTabAsync(string name, string path)
    {
        await Tabs.GetByRole(AriaRole.Link, new() { Name = name }).ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == path);
        await Heading.WaitForAsync();
    }

    /// <summary>Invites someone from the agents page and returns the one-time link the page shows.</summary>
    public async Task<string> InviteAsync(string name, string email, string role)
    {
        var form = page.GetByRole(AriaRole.Region, new() { Name = "Invite someone" });
        await form.GetByLabel("Name").FillAsync(name);
        await form.GetByLabel("E-mail").FillAsync(email);
        await form.GetByLabel("Role").SelectOptionAsync(new SelectOptionValue { Label = role });
        await form.GetByRole(AriaRole.Button, new() { Name = "Invite" }).ClickAsync();
        var link = page.Locator("#invite-link");
        await link.WaitForAsync();
        return await link.InputValueAsync();
    }

    /// <summary>Creates a team from the teams page; lands on the team's own page.</summary>
    public async Task CreateTeamAsync(string name)
    {
        await page.GetByLabel("Team name").FillAsync(name);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create team" }).ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath.StartsWith("/admin/teams/", StringComparison.Ordinal));
        await Heading.WaitForAsync();
    }

    public async Task AddMemberAsync(string name)
    {
        await page.GetByLabel("Person to add").SelectOptionAsync(new SelectOptionValue { Label = name });
        await page.GetByRole(AriaRole.Button, new() { Name = "Add to team" }).ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).Query.Contains("done=member_added", StringComparison.Ordinal));
        await Heading.WaitForAsync();
    }

    public ILocator Members => page.GetByRole(AriaRole.Region, new() { Name = "Members" }).GetByRole(AriaRole.Listitem);
}

/// <summary>The page an invite link opens: the invited person chooses a password and is signed in.</summary>
public sealed class InvitePage(IPage page)
{
    public async Task<InboxPage> AcceptAsync(string link, string password)
    {
        await page.GotoAsync(link);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(password);
        await page.GetByLabel("Password again").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Set password" }).ClickAsync();
        var inbox = new InboxPage(page);
        await inbox.WaitUntilShownAsync();
        return inbox;
    }
}
