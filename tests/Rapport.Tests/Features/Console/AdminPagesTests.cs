using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Rapport.Features.Accounts;
using Rapport.Tests.Features.Accounts;
using Rapport.Tests.Infrastructure;

namespace Rapport.Tests.Features.AgentConsole;

/// <summary>
/// The admin and profile pages on the server: who may open them and post their forms, and that a
/// form does what the API would. How they look is tested in Chromium (Rapport.BrowserTests).
/// </summary>
public abstract partial class AdminPagesTests(RapportApp app)
{
    public static readonly string[] AdminPages =
        ["/admin", "/admin/agents", "/admin/teams", "/admin/tags", "/admin/custom-fields", "/admin/tokens", "/admin/settings"];

    [Fact]
    public async Task SignedOutVisitorsAreSentToSignIn()
    {
        var anonymous = app.CreateClient(null);
        foreach (var page in AdminPages.Append("/profile"))
        {
            var response = await anonymous.GetAsync(page);
            Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"{page}: {(int)response.StatusCode}");
            Assert.StartsWith("/signin?ReturnUrl=", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(Role.Agent)]
    [InlineData(Role.LightAgent)]
    public async Task AgentsAndLightAgentsAreRefusedEveryAdminPageAndForm(Role role)
    {
        var user = await app.CreateUserAsync(role);
        var (browser, antiforgery) = await Forms.SignedInAsync(app, user.Email);
        foreach (var page in AdminPages)
        {
            var response = await browser.GetAsync(page);
            var html = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{page}: {(int)response.StatusCode}");
            Assert.Contains("Not allowed", html, StringComparison.Ordinal);
        }
        // Posting the form without the page is refused too: the policy is on the endpoint, not on a hidden link.
        var email = $"sneaky-{Guid.NewGuid():N}@example.test";
        var invite = await Forms.PostConsoleFormAsync(browser, "/admin/agents", "agent-invite", antiforgery,
            ("Invite.DisplayName", "Sneaky"), ("Invite.Email", email), ("Invite.Role", "admin"));
        Assert.Equal(HttpStatusCode.Forbidden, invite.StatusCode);
        var promote = await Forms.PostConsoleFormAsync(browser, "/admin/agents", $"agent-role-{user.Id}", antiforgery, ("role", "admin"));
        Assert.Equal(HttpStatusCode.Forbidden, promote.StatusCode);
        Assert.False(await app.WithDbAsync(db => db.Users.AnyAsync(u => u.Email == email)));
        Assert.Equal(role, await app.WithDbAsync(db => db.Users.Where(u => u.Id == user.Id).Select(u => u.Role).SingleAsync()));
        // Their API tokens get no further than their cookie.
        Assert.Equal(HttpStatusCode.Forbidden, (await user.Client.GetAsync("/admin/agents")).StatusCode);
        // And the console offers them no admin link.
        var (inbox, _) = await Forms.GetFormAsync(browser, "/");
        Assert.DoesNotContain("href=\"admin\"", inbox, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnAdminOpensEveryAdminPage()
    {
        var admin = await app.CreateAdminAsync();
        var (browser, _) = await Forms.SignedInAsync(app, admin.Email);
        foreach (var page in AdminPages)
        {
            var response = await browser.GetAsync(page);
            var html = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{page}: {(int)response.StatusCode} {html}");
            Assert.Contains("aria-current=\"page\"", html, StringComparison.Ordinal);
            Assert.DoesNotContain("style=", html, StringComparison.OrdinalIgnoreCase);
        }
        var (inbox, _) = await Forms.GetFormAsync(browser, "/");
        Assert.Contains("href=\"admin\"", inbox, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnInvitedAgentSetsAPasswordThroughTheLinkTheAdminPageShows()
    {
        var admin = await app.CreateAdminAsync();
        var (browser, antiforgery) = await Forms.SignedInAsync(app, admin.Email);
        var email = $"nare-{Guid.NewGuid():N}@example.test";

        var invalid = await Forms.PostConsoleFormAsync(browser, "/admin/agents", "agent-invite", antiforgery,
            ("Invite.DisplayName", ""), ("Invite.Email", "not an address"), ("Invite.Role", "agent"));
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        var invalidHtml = await invalid.Content.ReadAsStringAsync();
        Assert.Contains("id=\"error-email\"", invalidHtml, StringComparison.Ordinal);
        Assert.Contains("id=\"error-display_name\"", invalidHtml, StringComparison.Ordinal);

        var response = await Forms.PostConsoleFormAsync(browser, "/admin/agents", "agent-invite", antiforgery,
            ("Invite.DisplayName", "Նարե <b>"), ("Invite.Email", email), ("Invite.Role", "light_agent"));
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, html);
        Assert.Contains("&lt;b&gt;", html, StringComparison.Ordinal);
        Assert.Contains("Նարե <b>", WebUtility.HtmlDecode(html), StringComparison.Ordinal);
        var link = InviteLink().Match(html);
        Assert.True(link.Success, html);
        var invitePath = new Uri(WebUtility.HtmlDecode(link.Groups[1].Value)).PathAndQuery;

        var again = await Forms.PostConsoleFormAsync(browser, "/admin/agents", "agent-invite", antiforgery,
            ("Invite.DisplayName", "Twice"), ("Invite.Email", email), ("Invite.Role", "agent"));
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);

        var invited = app.CreateClient(null);
        var (_, inviteToken) = await Forms.GetFormAsync(invited, invitePath);
        var token = Regex.Match(invitePath, "token=([^&]+)").Groups[1].Value;
        var accepted = await Forms.PostAsync(invited, "/invite", inviteToken,
            ("token", Uri.UnescapeDataString(token)), ("password", RapportApp.Password), ("password_confirmation", RapportApp.Password));
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
        var me = await (await invited.GetAsync("/api/v1/me")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("light_agent", me["role"]!.GetValue<string>());
    }

    [Fact]
    public async Task AnAdminChangesRolesButNeverRemovesTheLastAdmin()
    {
        var admin = await app.CreateAdminAsync();
        var agent = await app.CreateUserAsync(Role.Agent);
        var (browser, antiforgery) = await Forms.SignedInAsync(app, admin.Email);

        var promoted = await Forms.PostConsoleFormAsync(browser, "/admin/agents", $"agent-role-{agent.Id}", antiforgery, ("role", "light_agent"));
        Assert.Equal(HttpStatusCode.Redirect, promoted.StatusCode);
        Assert.Equal(Role.LightAgent, await app.WithDbAsync(db => db.Users.Where(u => u.Id == agent.Id).Select(u => u.Role).SingleAsync()));

        var deactivated = await Forms.PostConsoleFormAsync(browser, "/admin/agents", $"agent-active-{agent.Id}", antiforgery);
        Assert.Equal(HttpStatusCode.Redirect, deactivated.StatusCode);
        Assert.False(await app.WithDbAsync(db => db.Users.Where(u => u.Id == agent.Id).Select(u => u.IsActive).SingleAsync()));
        await (await agent.Client.GetAsync("/api/v1/me")).ExpectProblemAsync(HttpStatusCode.Unauthorized);

        // Make this admin the only active one, then try to demote them.
        await app.WithDbAsync(db => db.Users.Where(u => u.Role == Role.Admin && u.Id != admin.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.IsActive, false)));
        var last = await Forms.PostConsoleFormAsync(browser, "/admin/agents", $"agent-role-{admin.Id}", antiforgery, ("role", "agent"));
        Assert.Equal(HttpStatusCode.Conflict, last.StatusCode);
        Assert.Contains("last active admin", await last.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnAdminCreatesATeamAndManagesItsMembersAndLead()
    {
        var admin = await app.CreateAdminAsync();
        var member = await app.CreateUserAsync(Role.Agent, name: "Ani Teammate");
        var (browser, antiforgery) = await Forms.SignedInAsync(app, admin.Email);
        var name = $"Support {Guid.NewGuid():N}";

        var created = await Forms.PostConsoleFormAsync(browser, "/admin/teams", "team-create", antiforgery, ("Create.Name", name), ("Create.Description", "First line"));
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var teamPath = created.Headers.Location!.OriginalString.Split('?')[0];
        var id = await app.WithDbAsync(db => db.Teams.Where(t => t.Name == name).Select(t => t.Id).SingleAsync());
        Assert.Equal($"/admin/teams/{id}", new Uri(new Uri("http://localhost"), teamPath).AbsolutePath);

        var duplicate = await Forms.PostConsoleFormAsync(browser, "/admin/teams", "team-create", antiforgery, ("Create.Name", name));
        Assert.Equal(HttpStatusCode.Conflict, duplicate.StatusCode);

        var added = await Forms.PostConsoleFormAsync(browser, $"/admin/teams/{id}", "member-add", antiforgery, ("AddUserId", member.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        var led = await Forms.PostConsoleFormAsync(browser, $"/admin/teams/{id}", "team-edit", antiforgery,
            ("Edit.Name", name + " renamed"), ("Edit.Description", ""), ("Edit.LeadUserId", member.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(HttpStatusCode.Redirect, led.StatusCode);
        var team = await app.WithDbAsync(db => db.Teams.Include(t => t.Memberships).SingleAsync(t => t.Id == id));
        Assert.Equal((name + " renamed", (string?)null, (long?)member.Id), (team.Name, team.Description, team.LeadUserId));
        Assert.Contains("Ani Teammate", await (await browser.GetAsync($"/admin/teams/{id}")).Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var noLead = await Forms.PostConsoleFormAsync(browser, $"/admin/teams/{id}", "team-edit", antiforgery, ("Edit.Name", name), ("Edit.LeadUserId", ""));
        Assert.Equal(HttpStatusCode.Redirect, noLead.StatusCode);
        Assert.Null(await app.WithDbAsync(db => db.Teams.Where(t => t.Id == id).Select(t => t.LeadUserId).SingleAsync()));

        var removed = await Forms.PostConsoleFormAsync(browser, $"/admin/teams/{id}", $"member-remove-{member.Id}", antiforgery);
        Assert.Equal(HttpStatusCode.Redirect, removed.StatusCode);
        Assert.False(await app.WithDbAsync(db => db.TeamMemberships.AnyAsync(m => m.TeamId == id)));
    }

    [Fact]
    public async Task AnAdminRevokesAnyonesTokenAndSavesTheGeneralSettings()
    {
        var admin = await app.CreateAdminAsync();
        var agent = await app.CreateUserAsync(Role.Agent);
        var (browser, antiforgery) = await Forms.SignedInAsync(app, admin.Email);
        var (list, _) = await Forms.GetFormAsync(browser, $"/admin/tokens?user_id={agent.Id}");
        Assert.Contains($"data-token-id=\"{agent.TokenId}\"", list, StringComparison.Ordinal);

        var revoked = await Forms.PostConsoleFormAsync(browser, $"/admin/tokens?user_id={agent.Id}", $"token-revoke-{agent.TokenId}", antiforgery);
        Assert.Equal(HttpStatusCode.Redirect, revoked.StatusCode);
        await (await agent.Client.GetAsync("/api/v1/me")).ExpectProblemAsync(HttpStatusCode.Unauthorized);

        var blank = await Forms.PostConsoleFormAsync(browser, "/admin/settings", "settings", antiforgery, ("Edit.BusinessName", " "), ("Edit.DefaultLanguage", "en"));
        Assert.Equal(HttpStatusCode.BadRequest, blank.StatusCode);
        Assert.Contains("id=\"error-business_name\"", await blank.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var saved = await Forms.PostConsoleFormAsync(browser, "/admin/settings", "settings", antiforgery, ("Edit.BusinessName", "Rapport & Sons"), ("Edit.DefaultLanguage", "en"));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var settings = await (await admin.Client.GetAsync("/api/v1/settings")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("Rapport & Sons", settings["business_name"]!.GetValue<string>());
    }

    [Fact]
    public async Task TagsAndCustomFieldsAreManagedFromTheirPages()
    {
        var admin = await app.CreateAdminAsync();
        var (browser, antiforgery) = await Forms.SignedInAsync(app, admin.Email);
        var suffix = Guid.NewGuid().ToString("N")[..8];

        Assert.Equal(HttpStatusCode.Redirect, (await Forms.PostConsoleFormAsync(browser, "/admin/tags", "tag-create", antiforgery, ("NewName", $"Urgent-{suffix}"))).StatusCode);
        var tagId = await app.WithDbAsync(db => db.Tags.Where(t => t.Name == $"urgent-{suffix}").Select(t => t.Id).SingleAsync());
        Assert.Equal(HttpStatusCode.Redirect, (await Forms.PostConsoleFormAsync(browser, "/admin/tags", $"tag-rename-{tagId}", antiforgery, ("name", $"later-{suffix}"))).StatusCode);
        Assert.Equal($"later-{suffix}", await app.WithDbAsync(db => db.Tags.Where(t => t.Id == tagId).Select(t => t.Name).SingleAsync()));
        Assert.Equal(HttpStatusCode.Redirect, (await Forms.PostConsoleFormAsync(browser, "/admin/tags", $"tag-delete-{tagId}", antiforgery)).StatusCode);
        Assert.False(await app.WithDbAsync(db => db.Tags.AnyAsync(t => t.Id == tagId)));

        var key = $"plan_{suffix}";
        var noChoices = await Forms.PostConsoleFormAsync(browser, "/admin/custom-fields", "field-create", antiforgery,
            ("Create.Label", "Plan"), ("Create.Key", key), ("Create.Type", "choice"), ("Create.Choices", ""));
        Assert.Equal(HttpStatusCode.BadRequest, noChoices.StatusCode);
        Assert.Contains("id=\"error-choices\"", await noChoices.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var created = await Forms.PostConsoleFormAsync(browser, "/admin/custom-fields", "field-create", antiforgery,
            ("Create.Label", "Plan"), ("Create.Key", key), ("Create.Type", "choice"), ("Create.Choices", "Basic\r\nPro\r\n"));
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var fieldId = await app.WithDbAsync(db => db.CustomFields.Where(f => f.Key == key).Select(f => f.Id).SingleAsync());
        var edited = await Forms.PostConsoleFormAsync(browser, "/admin/custom-fields", $"field-edit-{fieldId}", antiforgery,
            ("label", "Plan (2027)"), ("choices", "Basic\nPro\nEnterprise"));
        Assert.Equal(HttpStatusCode.Redirect, edited.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await Forms.PostConsoleFormAsync(browser, "/admin/custom-fields", $"field-archive-{fieldId}", antiforgery)).StatusCode);
        var field = await app.WithDbAsync(db => db.CustomFields.SingleAsync(f => f.Id == fieldId));
        Assert.Equal(("Plan (2027)", "[\"Basic\",\"Pro\",\"Enterprise\"]"), (field.Label, field.Choices));
        Assert.NotNull(field.ArchivedAt);
    }

    [GeneratedRegex("id=\"invite-link\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex InviteLink();
}

public sealed class AdminPagesTestsOnSqlite(SqliteApp app) : AdminPagesTests(app), IClassFixture<SqliteApp>;

public sealed class AdminPagesTestsOnPostgres(PostgresApp app) : AdminPagesTests(app), IClassFixture<PostgresApp>;
