using System.Net;
using System.Text.Json.Nodes;
using Rapport.Features.Accounts;
using Rapport.Tests.Features.Accounts;
using Rapport.Tests.Features.Conversations;
using Rapport.Tests.Infrastructure;

namespace Rapport.Tests.Features.AgentConsole;

/// <summary>The SLA badge, the conversation's service-level panel and the at-risk page, as the server renders them.</summary>
public sealed class SlaConsoleTests(SqliteApp app) : IClassFixture<SqliteApp>
{
    [Fact]
    public async Task TheBadgeTheAtRiskPageAndThePanelShowTheRunningTarget()
    {
        var admin = await app.CreateAdminAsync();
        var agent = await app.CreateUserAsync(Role.Agent, TokenScope.Ingest);
        var tag = $"console-{Guid.NewGuid():N}"[..20];
        var policy = await (await admin.Client.PostJsonAsync("/api/v1/sla/policies", new
        {
            name = "Console policy",
            conditions = new { tags = new[] { tag } },
            targets = new object[] { new { priority = "normal", kind = "first_reply", minutes = 30, business_time = false } },
        })).ExpectAsync(HttpStatusCode.Created);
        var id = (await ConversationScenarios.CreateAsync(agent.Client, tags: [tag])).Id();
        var due = (await (await agent.Client.GetAsync($"/api/v1/conversations/{id}/sla")).ExpectAsync(HttpStatusCode.OK))["next_due_at"]!.GetValue<DateTime>();
        var machineDue = due.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);

        var browser = app.CreateClient(null);
        await Forms.SignInAsync(browser, agent.Email, RapportApp.Password);
        var (inbox, antiforgery) = await Forms.GetFormAsync(browser, "/?view=unassigned");
        Assert.Contains($"data-due=\"{machineDue}\"", inbox, StringComparison.Ordinal);
        Assert.Contains("js/sla", inbox, StringComparison.Ordinal);

        var atRisk = await browser.GetStringAsync("/sla/at-risk");
        Assert.Contains($"data-conversation-id=\"{id}\"", atRisk, StringComparison.Ordinal);
        Assert.Contains("data-left=\"{0} left\"", atRisk, StringComparison.Ordinal);
        Assert.Matches("role=\"timer\">[0-9]+:[0-9]{2} left<", atRisk);

        var page = await browser.GetStringAsync($"/conversations/{id}");
        Assert.Contains("class=\"sla-panel\"", page, StringComparison.Ordinal);
        Assert.Contains("First reply", page, StringComparison.Ordinal);
        Assert.Contains("No target has been breached.", page, StringComparison.Ordinal);

        var simulated = await browser.GetStringAsync($"/sla/simulator?policy={policy.Id()}&start=2026-01-05T10:00&priority=normal");
        Assert.Contains("<tr data-target=\"first_reply\">", simulated, StringComparison.Ordinal);
        Assert.Contains("<time datetime=\"2026-01-05T", simulated, StringComparison.Ordinal);
        var refused = await browser.GetStringAsync($"/sla/simulator?policy={policy.Id()}&start=2026-01-05T10:00&from=2026-01-05T12:00&to=2026-01-05T11:00");
        Assert.Contains("role=\"alert\"", refused, StringComparison.Ordinal);

        await Forms.PostAsync(browser, "/console/language", antiforgery, ("language", "fa"), ("returnUrl", "/"));
        var persian = WebUtility.HtmlDecode(await browser.GetStringAsync("/sla/at-risk"));
        Assert.Contains("گفتگوهای در خطر", persian, StringComparison.Ordinal);
        Assert.Contains("data-digits=\"fa\"", persian, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AdminsKeepCalendarsInTheConsoleAndAgentsCannot()
    {
        var admin = await app.CreateAdminAsync();
        var agent = await app.CreateUserAsync(Role.Agent);
        var (browser, antiforgery) = await Forms.SignedInAsync(app, admin.Email);
        var name = $"Tehran {Guid.NewGuid():N}";
        var saved = await Forms.PostConsoleFormAsync(browser, "/admin/sla/calendars", "calendar-save", antiforgery,
            ("Input.Name", name), ("Input.TimeZone", "Asia/Tehran"),
            ("Input.Slots", "saturday 08:00-12:00\nsaturday 13:00-17:00\nthursday 08:00-13:00"),
            ("Input.Holidays", "jalali yearly 01-01 01-04 Nowruz\ngregorian once 2026-05-02 Office move"));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var listed = await (await admin.Client.GetAsync("/api/v1/sla/calendars?limit=200")).ExpectAsync(HttpStatusCode.OK);
        var calendar = listed["items"]!.AsArray().Single(c => c!.Str("name") == name)!;
        Assert.Equal(3, calendar["slots"]!.AsArray().Count);
        Assert.Equal(("Nowruz", "01-04"), (calendar["holidays"]![0]!.Str("name"), calendar["holidays"]![0]!.Str("last")));
        Assert.Equal("Office move", calendar["holidays"]![1]!.Str("name"));

        var (edit, _) = await Forms.GetFormAsync(browser, $"/admin/sla/calendars?edit={calendar.Id()}");
        Assert.Contains("thursday 08:00-13:00", edit, StringComparison.Ordinal);
        Assert.Contains("jalali yearly 01-01 01-04 Nowruz", edit, StringComparison.Ordinal);

        var bad = await Forms.PostConsoleFormAsync(browser, "/admin/sla/calendars", "calendar-save", antiforgery,
            ("Input.Name", "Bad"), ("Input.TimeZone", "Mars/Base"), ("Input.Slots", "funday 08:00-12:00"));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var badHtml = await bad.Content.ReadAsStringAsync();
        Assert.Contains("id=\"error-time_zone\"", badHtml, StringComparison.Ordinal);
        Assert.Contains("id=\"error-slots\"", badHtml, StringComparison.Ordinal);

        var (agentBrowser, agentToken) = await Forms.SignedInAsync(app, agent.Email);
        Assert.Equal(HttpStatusCode.Forbidden, (await agentBrowser.GetAsync("/admin/sla/calendars")).StatusCode);
        var sneaky = await Forms.PostConsoleFormAsync(agentBrowser, "/admin/sla/calendars", "calendar-save", agentToken,
            ("Input.Name", "Sneaky"), ("Input.TimeZone", "Asia/Tehran"));
        Assert.Equal(HttpStatusCode.Forbidden, sneaky.StatusCode);
    }

    [Fact]
    public async Task AdminsWritePoliciesInTheConsoleAndSeeTheirPromise()
    {
        var admin = await app.CreateAdminAsync();
        var agent = await app.CreateUserAsync(Role.Agent);
        var (browser, antiforgery) = await Forms.SignedInAsync(app, admin.Email);
        var name = $"Urgent {Guid.NewGuid():N}";
        var tag = $"pol-{Guid.NewGuid():N}"[..16];
        var saved = await Forms.PostConsoleFormAsync(browser, "/admin/sla/policies", "policy-save", antiforgery,
            ("Input.Name", name), ("Input.Priorities", "urgent, high"), ("Input.Tags", tag),
            ("Input.Targets", "urgent first_reply 5 business\nurgent resolution 480 calendar"),
            ("Input.Pauses", "resolution pending on_hold"), ("Input.Warnings", "75%\n15m"),
            ("Input.Escalations", "breach raise_priority first_reply\nbreach add_tag escalated\nwarning notify assignee"));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var listed = await (await admin.Client.GetAsync("/api/v1/sla/policies?limit=200")).ExpectAsync(HttpStatusCode.OK);
        var policy = listed["items"]!.AsArray().Single(p => p!.Str("name") == name)!;
        Assert.Equal(2, policy["targets"]!.AsArray().Count);
        Assert.Equal([tag], policy["conditions"]!["tags"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.Equal("first_reply", policy["escalations"]![0]!.Str("target"));
        Assert.Equal(15, policy["warnings"]![1]!["minutes_left"]!.GetValue<int>());

        var (page, _) = await Forms.GetFormAsync(browser, $"/admin/sla/policies?edit={policy.Id()}");
        Assert.Contains("Urgent requests get a first reply within 5 business minutes.", page, StringComparison.Ordinal);
        Assert.Contains("urgent first_reply 5 business", page, StringComparison.Ordinal);

        var unreadable = await Forms.PostConsoleFormAsync(browser, "/admin/sla/policies", "policy-save", antiforgery,
            ("Input.Name", "Unreadable"), ("Input.Targets", "urgent first_reply soon"));
        Assert.Equal(HttpStatusCode.BadRequest, unreadable.StatusCode);
        Assert.Contains("urgent first_reply soon", await unreadable.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var (agentBrowser, agentToken) = await Forms.SignedInAsync(app, agent.Email);
        Assert.Equal(HttpStatusCode.Forbidden, (await agentBrowser.GetAsync("/admin/sla/policies")).StatusCode);
        var sneaky = await Forms.PostConsoleFormAsync(agentBrowser, "/admin/sla/policies", "policy-save", agentToken, ("Input.Name", "Sneaky"));
        Assert.Equal(HttpStatusCode.Forbidden, sneaky.StatusCode);
    }

    [Fact]
    public async Task AdminsReorderPoliciesAndSetTeamAndCompanyConditionsInTheConsole()
    {
        var admin = await app.CreateAdminAsync();
        var (browser, antiforgery) = await Forms.SignedInAsync(app, admin.Email);
        var team = await app.WithDbAsync(async db =>
        {
            var t = new Rapport.Features.Accounts.Team($"Tier two {Guid.NewGuid():N}", DateTime.UtcNow);
            db.Teams.Add(t);
            await db.SaveChangesAsync();
            return t;
        });
        var company = await app.WithDbAsync(async db =>
        {
            var c = new Rapport.Features.Customers.Company($"Acme {Guid.NewGuid():N}", DateTime.UtcNow);
            db.Companies.Add(c);
            await db.SaveChangesAsync();
            return c;
        });
        var name = $"Teams {Guid.NewGuid():N}";
        var saved = await Forms.PostConsoleFormAsync(browser, "/admin/sla/policies", "policy-save", antiforgery,
            ("Input.Name", name), ("Input.Teams", team.Name.ToUpperInvariant()), ("Input.Companies", company.Name),
            ("Input.Targets", "normal first_reply 60 calendar"));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        async Task<List<JsonNode>> PoliciesAsync() =>
            [.. (await (await admin.Client.GetAsync("/api/v1/sla/policies?limit=200")).ExpectAsync(HttpStatusCode.OK))["items"]!.AsArray().Select(p => p!)];
        var policy = (await PoliciesAsync()).Single(p => p.Str("name") == name);
        Assert.Equal([team.Id], policy["conditions"]!["team_ids"]!.AsArray().Select(t => t!.GetValue<long>()));
        Assert.Equal([company.Id], policy["conditions"]!["company_ids"]!.AsArray().Select(t => t!.GetValue<long>()));
        var (edit, _) = await Forms.GetFormAsync(browser, $"/admin/sla/policies?edit={policy.Id()}");
        Assert.Contains($"name=\"Input.Teams\" value=\"{team.Name}\"", WebUtility.HtmlDecode(edit), StringComparison.Ordinal);
        Assert.Contains($"name=\"Input.Companies\" value=\"{company.Name}\"", WebUtility.HtmlDecode(edit), StringComparison.Ordinal);
        var unknown = await Forms.PostConsoleFormAsync(browser, "/admin/sla/policies", "policy-save", antiforgery,
            ("Input.Name", "Unknown team"), ("Input.Teams", "No such team"), ("Input.Targets", "normal first_reply 60 calendar"));
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Contains("teams: No such team", WebUtility.HtmlDecode(await unknown.Content.ReadAsStringAsync()), StringComparison.Ordinal);

        var second = await (await admin.Client.PostJsonAsync("/api/v1/sla/policies", new
        {
            name = $"Second {Guid.NewGuid():N}",
            conditions = new { tags = new[] { $"never-{Guid.NewGuid():N}"[..20] } },
            targets = new object[] { new { priority = "normal", kind = "first_reply", minutes = 30, business_time = false } },
        })).ExpectAsync(HttpStatusCode.Created);
        var before = (await PoliciesAsync()).Select(p => p.Id()).ToList();
        Assert.Equal(second.Id(), before[^1]);
        var page = await browser.GetStringAsync("/admin/sla/policies");
        Assert.Contains($"policy-up-{second.Id()}", page, StringComparison.Ordinal);
        Assert.DoesNotContain($"policy-down-{second.Id()}", page, StringComparison.Ordinal);
        Assert.DoesNotContain($"policy-up-{before[0]}", page, StringComparison.Ordinal);

        var moved = await Forms.PostConsoleFormAsync(browser, "/admin/sla/policies", $"policy-up-{second.Id()}", antiforgery);
        Assert.Equal(HttpStatusCode.Redirect, moved.StatusCode);
        var after = (await PoliciesAsync()).Select(p => p.Id()).ToList();
        Assert.Equal([.. before[..^2], before[^1], before[^2]], after);

        await Forms.PostConsoleFormAsync(browser, "/admin/sla/policies", $"policy-down-{second.Id()}", antiforgery);
        Assert.Equal(before, (await PoliciesAsync()).Select(p => p.Id()).ToList());

        var (agentBrowser, agentToken) = await Forms.SignedInAsync(app, (await app.CreateUserAsync(Role.Agent)).Email);
        var sneaky = await Forms.PostConsoleFormAsync(agentBrowser, "/admin/sla/policies", $"policy-down-{before[0]}", agentToken);
        Assert.Equal(HttpStatusCode.Forbidden, sneaky.StatusCode);
        Assert.Equal(before, (await PoliciesAsync()).Select(p => p.Id()).ToList());
    }
}
