using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Rapport.Features.Accounts;
using Rapport.Features.Promises;
using Rapport.Tests.Features.Accounts;
using Rapport.Tests.Infrastructure;
using static Rapport.Tests.Features.Conversations.ConversationScenarios;

namespace Rapport.Tests.Features.Reports;

/// <summary>The promises report: what it counts as made, kept, missed and open, and who may read it.</summary>
public abstract class PromisesReportTests(RapportApp app)
{
    private DateTime Now => app.Clock.GetUtcNow().UtcDateTime;

    private static string Iso(DateTime t) => t.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    private Task<int> SweepAsync() => app.Services.GetRequiredService<PromiseSweeper>().SweepAsync(CancellationToken.None);

    /// <summary>One agent's five promises on a team's conversation: kept on time, missed, missed then kept, open, cancelled.</summary>
    private async Task<(TestUser Agent, long Team, DateTime Start)> FivePromisesAsync()
    {
        var agent = await app.CreateUserAsync();
        var team = await CreateTeamAsync(app);
        var id = (await CreateAsync(agent.Client, teamId: team)).Id();
        var start = Now;
        async Task<long> MakeAsync(string what, DateTime due) =>
            (await (await agent.Client.PostJsonAsync($"/api/v1/conversations/{id}/promises", new { what, due_at = Iso(due) })).ExpectAsync(HttpStatusCode.Created)).Id();
        var onTime = await MakeAsync("kept", start.AddHours(2));
        await MakeAsync("missed", start.AddHours(2));
        var late = await MakeAsync("missed, kept later", start.AddHours(2));
        await MakeAsync("open", start.AddDays(5));
        var cancelled = await MakeAsync("cancelled", start.AddHours(2));
        await (await agent.Client.PostAsync($"/api/v1/promises/{onTime}/keep", null)).ExpectAsync(HttpStatusCode.OK);
        await (await agent.Client.PostAsync($"/api/v1/promises/{cancelled}/cancel", null)).ExpectAsync(HttpStatusCode.OK);
        app.Clock.Advance(TimeSpan.FromHours(3));
        await SweepAsync();
        await (await agent.Client.PostAsync($"/api/v1/promises/{late}/keep", null)).ExpectAsync(HttpStatusCode.OK);
        return (agent, team, start);
    }

    private static JsonNode Row(JsonNode report, long id) => report["groups"]!.AsArray().Single(g => g!["id"]?.GetValue<long>() == id)!;

    private static void AssertCounts(JsonNode row, int made, int kept, int missed, int open, int cancelled)
    {
        Assert.Equal(made, row.Id("made"));
        Assert.Equal(kept, row.Id("kept"));
        Assert.Equal(missed, row.Id("missed"));
        Assert.Equal(open, row.Id("open"));
        Assert.Equal(cancelled, row.Id("cancelled"));
    }

    [Fact]
    public async Task PromisesDueInThePeriodAreCountedPerAgentAndPerTeam()
    {
        var (agent, team, start) = await FivePromisesAsync();
        var admin = await app.CreateAdminAsync();
        var period = $"from={Iso(start.AddHours(-1))}&to={Iso(start.AddDays(10))}";

        var byAgent = await (await admin.Client.GetAsync($"/api/v1/reports/promises?{period}&group_by=agent")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("agent", byAgent.Str("group_by"));
        var mine = Row(byAgent, agent.Id);
        AssertCounts(mine, made: 4, kept: 1, missed: 2, open: 1, cancelled: 1);
        Assert.Equal(0.3333, mine["kept_rate"]!.GetValue<double>(), 4);

        var byTeam = await (await admin.Client.GetAsync($"/api/v1/reports/promises?{period}&group_by=team")).ExpectAsync(HttpStatusCode.OK);
        AssertCounts(Row(byTeam, team), made: 4, kept: 1, missed: 2, open: 1, cancelled: 1);

        // By due date: the open promise falls due after this period ends.
        var firstDay = await (await admin.Client.GetAsync($"/api/v1/reports/promises?from={Iso(start.AddHours(-1))}&to={Iso(start.AddDays(1))}")).ExpectAsync(HttpStatusCode.OK);
        AssertCounts(Row(firstDay, agent.Id), made: 3, kept: 1, missed: 2, open: 0, cancelled: 1);
    }

    [Fact]
    public async Task AdminsAndTeamLeadsReadTheReportAndAgentsCannot()
    {
        var agent = await app.CreateUserAsync(Role.Agent);
        var light = await app.CreateUserAsync(Role.LightAgent);
        var lead = await app.CreateUserAsync(Role.Agent);
        var team = await CreateTeamAsync(app);
        await app.WithDbAsync(async db =>
        {
            (await db.Teams.FindAsync(team))!.LeadUserId = lead.Id;
            await db.SaveChangesAsync();
        });

        await (await agent.Client.GetAsync("/api/v1/reports/promises")).ExpectProblemAsync(HttpStatusCode.Forbidden);
        await (await light.Client.GetAsync("/api/v1/reports/promises")).ExpectProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.CreateClient((string?)null).GetAsync("/api/v1/reports/promises")).StatusCode);
        await (await lead.Client.GetAsync("/api/v1/reports/promises")).ExpectAsync(HttpStatusCode.OK);

        var browser = app.CreateClient((string?)null);
        await Forms.SignInAsync(browser, agent.Email, RapportApp.Password);
        Assert.Equal(HttpStatusCode.Forbidden, (await browser.GetAsync("/reports/promises")).StatusCode);
        Assert.DoesNotContain("href=\"reports/promises\"", await browser.GetStringAsync("/"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task BadDatesAndGroupingsAreFieldErrors()
    {
        var admin = await app.CreateAdminAsync();
        async Task<JsonNode> ErrorsAsync(string query) =>
            (await (await admin.Client.GetAsync($"/api/v1/reports/promises?{query}")).ExpectProblemAsync(HttpStatusCode.BadRequest))["errors"]!;

        Assert.NotNull((await ErrorsAsync("from=2026-13-01"))["from"]);
        Assert.NotNull((await ErrorsAsync("to=yesterday"))["to"]);
        Assert.NotNull((await ErrorsAsync("from=2026-12-02&to=2026-12-01"))["from"]);
        Assert.NotNull((await ErrorsAsync("from=2024-01-01&to=2026-01-01"))["to"]);
        Assert.NotNull((await ErrorsAsync("group_by=customer"))["group_by"]);
        Assert.NotNull((await ErrorsAsync("group_by=1"))["group_by"]);
    }

    [Fact]
    public async Task TheConsolePageListsTheCountsForAnAdmin()
    {
        var (agent, _, start) = await FivePromisesAsync();
        var admin = await app.CreateAdminAsync();
        var browser = app.CreateClient((string?)null);
        await Forms.SignInAsync(browser, admin.Email, RapportApp.Password);

        Assert.Contains("href=\"reports/promises\"", await browser.GetStringAsync("/"), StringComparison.Ordinal);
        var page = await browser.GetStringAsync($"/reports/promises?from={start.AddDays(-1):yyyy-MM-dd}&to={start.AddDays(10):yyyy-MM-dd}&group_by=agent");
        var row = page[page.IndexOf($"data-group-id=\"{agent.Id}\"", StringComparison.Ordinal)..];
        row = row[..row.IndexOf("</tr>", StringComparison.Ordinal)];
        Assert.Contains(">4</td>", row, StringComparison.Ordinal);
        Assert.Contains("33", row, StringComparison.Ordinal);

        var bad = await browser.GetAsync("/reports/promises?from=not-a-date");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("id=\"from-error\"", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}

public sealed class PromisesReportTestsOnSqlite(SqliteApp app) : PromisesReportTests(app), IClassFixture<SqliteApp>;

public sealed class PromisesReportTestsOnPostgres(PostgresApp app) : PromisesReportTests(app), IClassFixture<PostgresApp>;
