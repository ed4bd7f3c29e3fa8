using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rapport.Features.Accounts;
using Rapport.Features.Promises;
using Rapport.Tests.Features.Conversations;
using Rapport.Tests.Infrastructure;
using static Rapport.Tests.Features.Conversations.ConversationScenarios;

namespace Rapport.Tests.Features.Promises;

public abstract class PromisesApiTests(RapportApp app)
{
    private DateTime Now => app.Clock.GetUtcNow().UtcDateTime;

    private static string Iso(DateTime t) => t.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    [Fact]
    public async Task AnAgentRecordsAPromiseThatIsLoggedAndListed()
    {
        var agent = await app.CreateUserAsync();
        var id = (await CreateAsync(agent.Client)).Id();
        var due = Now.AddDays(2);

        var made = await (await agent.Client.PostJsonAsync($"/api/v1/conversations/{id}/promises", new { what = "Refund by Friday", due_at = Iso(due) }))
            .ExpectAsync(HttpStatusCode.Created);

        Assert.Equal("open", made.Str("state"));
        Assert.Equal(agent.Id, made.Id("created_by_user_id"));
        var listed = Assert.Single((await (await agent.Client.GetAsync($"/api/v1/conversations/{id}/promises")).ExpectAsync(HttpStatusCode.OK))["items"]!.AsArray())!;
        Assert.Equal("Refund by Friday", listed.Str("what"));
        var activity = (await ActivitiesAsync(app, id)).Single(a => a.Kind == "promise.made");
        Assert.Contains($"\"promise_id\":{made.Id()}", activity.Data, StringComparison.Ordinal);

        var problem = await (await agent.Client.PostJsonAsync($"/api/v1/conversations/{id}/promises", new { what = " ", due_at = Iso(Now.AddMinutes(-1)) }))
            .ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.NotNull(problem["errors"]!["what"]);
        Assert.NotNull(problem["errors"]!["due_at"]);
        await (await agent.Client.PostJsonAsync("/api/v1/conversations/999999/promises", new { what = "x", due_at = Iso(due) })).ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task LightAgentsAndReadTokensCannotMakePromises()
    {
        var agent = await app.CreateUserAsync();
        var light = await app.CreateUserAsync(Role.LightAgent);
        var reader = await app.CreateUserAsync(scope: TokenScope.Read);
        var id = (await CreateAsync(agent.Client)).Id();
        var body = new { what = "Call back", due_at = Iso(Now.AddHours(5)) };

        await (await light.Client.PostJsonAsync($"/api/v1/conversations/{id}/promises", body)).ExpectProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.Forbidden, (await reader.Client.PostJsonAsync($"/api/v1/conversations/{id}/promises", body)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.CreateClient((string?)null).GetAsync($"/api/v1/conversations/{id}/promises")).StatusCode);
        var made = await (await agent.Client.PostJsonAsync($"/api/v1/conversations/{id}/promises", body)).ExpectAsync(HttpStatusCode.Created);
        Assert.Equal(HttpStatusCode.Forbidden, (await reader.Client.PostAsync($"/api/v1/promises/{made.Id()}/keep", null)).StatusCode);
        // Reading is open to every agent, as the conversation is.
        Assert.Single((await (await reader.Client.GetAsync($"/api/v1/conversations/{id}/promises")).ExpectAsync(HttpStatusCode.OK))["items"]!.AsArray());
    }

    [Fact]
    public async Task LightAgentsCannotKeepOrCancelPromises()
    {
        var agent = await app.CreateUserAsync();
        var light = await app.CreateUserAsync(Role.LightAgent);
        var id = (await CreateAsync(agent.Client)).Id();
        var made = await (await agent.Client.PostJsonAsync($"/api/v1/conversations/{id}/promises", new { what = "Ship the part", due_at = Iso(Now.AddDays(1)) }))
            .ExpectAsync(HttpStatusCode.Created);

        await (await light.Client.PostAsync($"/api/v1/promises/{made.Id()}/keep", null)).ExpectProblemAsync(HttpStatusCode.Forbidden);
        await (await light.Client.PostAsync($"/api/v1/promises/{made.Id()}/cancel", null)).ExpectProblemAsync(HttpStatusCode.Forbidden);

        var stored = await app.WithDbAsync(db => db.Promises.AsNoTracking().SingleAsync(p => p.Id == made.Id()));
        Assert.Equal(PromiseState.Open, stored.State);
        Assert.Null(stored.SettledByUserId);
        Assert.DoesNotContain(await ActivityKindsAsync(app, id), k => k is "promise.kept" or "promise.cancelled");
    }

    [Fact]
    public async Task TheSweeperRemindsBeforeDueThenMarksMissedAndNotifiesTheMakerAndAssigneeOnce()
    {
        var maker = await app.CreateUserAsync();
        var assignee = await app.CreateUserAsync();
        var id = (await CreateAsync(maker.Client, assigneeId: assignee.Id)).Id();
        var made = await (await maker.Client.PostJsonAsync($"/api/v1/conversations/{id}/promises", new { what = "Send the label", due_at = Iso(Now.AddHours(3)) }))
            .ExpectAsync(HttpStatusCode.Created);

        await SweepAsync();
        Assert.DoesNotContain("promise.due_soon", await ActivityKindsAsync(app, id));

        // The reminder comes an hour before it is due, once.
        app.Clock.Advance(TimeSpan.FromHours(2.1));
        await SweepAsync();
        await SweepAsync();
        Assert.Single(await ActivityKindsAsync(app, id), k => k == "promise.due_soon");
        Assert.Equal(["promise_due"], await KindsAsync(maker.Id, id));
        Assert.Equal(["promise_due"], await KindsAsync(assignee.Id, id));

        app.Clock.Advance(TimeSpan.FromHours(1));
        await SweepAsync();
        await SweepAsync();
        Assert.Single(await ActivityKindsAsync(app, id), k => k == "promise.missed");
        Assert.Equal(["promise_due", "promise_missed"], await KindsAsync(assignee.Id, id));
        var missed = await (await maker.Client.GetAsync("/api/v1/promises?state=missed&limit=200")).ExpectAsync(HttpStatusCode.OK);
        Assert.Contains(missed["items"]!.AsArray(), p => p!.Id() == made.Id());

        // Kept late: kept now, and still counted as missed.
        var kept = await (await maker.Client.PostAsync($"/api/v1/promises/{made.Id()}/keep", null)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("kept", kept.Str("state"));
        Assert.NotNull(kept["missed_at"]);
    }

    [Fact]
    public async Task SweepersRunningAtOnceWriteEachMissOnce()
    {
        var agent = await app.CreateUserAsync();
        var id = (await CreateAsync(agent.Client)).Id();
        await (await agent.Client.PostJsonAsync($"/api/v1/conversations/{id}/promises", new { what = "Call back", due_at = Iso(Now.AddMinutes(30)) }))
            .ExpectAsync(HttpStatusCode.Created);
        app.Clock.Advance(TimeSpan.FromMinutes(31));

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(SweepAsync)));

        Assert.Single(await ActivityKindsAsync(app, id), k => k == "promise.missed");
        // Made half an hour before due, within the reminder lead: no reminder, only the miss.
        Assert.DoesNotContain("promise.due_soon", await ActivityKindsAsync(app, id));
        Assert.Equal(["promise_missed"], await KindsAsync(agent.Id, id));
    }

    [Fact]
    public async Task OnlyAnOpenPromiseCanBeCancelledAndASettledOneStaysSettled()
    {
        var agent = await app.CreateUserAsync();
        var id = (await CreateAsync(agent.Client)).Id();
        var made = await (await agent.Client.PostJsonAsync($"/api/v1/conversations/{id}/promises", new { what = "Visit", due_at = Iso(Now.AddDays(1)) }))
            .ExpectAsync(HttpStatusCode.Created);

        var cancelled = await (await agent.Client.PostAsync($"/api/v1/promises/{made.Id()}/cancel", null)).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal("cancelled", cancelled.Str("state"));
        Assert.Equal(agent.Id, cancelled.Id("settled_by_user_id"));
        await (await agent.Client.PostAsync($"/api/v1/promises/{made.Id()}/cancel", null)).ExpectProblemAsync(HttpStatusCode.Conflict);
        await (await agent.Client.PostAsync($"/api/v1/promises/{made.Id()}/keep", null)).ExpectProblemAsync(HttpStatusCode.Conflict);
        await (await agent.Client.PostAsync("/api/v1/promises/999999/keep", null)).ExpectProblemAsync(HttpStatusCode.NotFound);
        Assert.Single(await ActivityKindsAsync(app, id), k => k == "promise.cancelled");
        Assert.Null(await app.WithDbAsync(db => db.Promises.Where(p => p.Id == made.Id()).Select(p => p.NextCheckAt).SingleAsync()));
    }

    [Fact]
    public async Task DetectionReadsTheCallersTimeZone()
    {
        var agent = await app.CreateUserAsync();
        await app.WithDbAsync(db => db.Users.Where(u => u.Id == agent.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.TimeZone, "Asia/Tehran")));

        var found = await (await agent.Client.PostJsonAsync("/api/v1/promises/detect", new { text = "فردا صبح تماس می‌گیریم" })).ExpectAsync(HttpStatusCode.OK);
        var none = await (await agent.Client.PostJsonAsync("/api/v1/promises/detect", new { text = "Thank you!" })).ExpectAsync(HttpStatusCode.OK);

        var tehran = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tehran");
        var tomorrowNine = TimeZoneInfo.ConvertTimeFromUtc(Now, tehran).Date.AddDays(1).AddHours(9);
        Assert.Equal(TimeZoneInfo.ConvertTimeToUtc(tomorrowNine, tehran), found["suggestion"]!["due_utc"]!.GetValue<DateTime>().ToUniversalTime());
        Assert.Null(none["suggestion"]);
    }

    [Fact]
    public async Task PromisesAreListedSoonestDueFirstAcrossPages()
    {
        var agent = await app.CreateUserAsync();
        var id = (await CreateAsync(agent.Client)).Id();
        foreach (var days in new[] { 30, 10, 20 })
        {
            await (await agent.Client.PostJsonAsync($"/api/v1/conversations/{id}/promises", new { what = $"in {days} days", due_at = Iso(Now.AddDays(days)) }))
                .ExpectAsync(HttpStatusCode.Created);
        }

        var ids = await ListAllAsync(agent.Client, "/api/v1/promises?mine=true", 2);

        var dues = await app.WithDbAsync(db => db.Promises.Where(p => ids.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.DueAt));
        Assert.Equal(3, ids.Count);
        Assert.Equal(ids.OrderBy(i => dues[i]), ids);
        await (await agent.Client.GetAsync("/api/v1/promises?state=later")).ExpectProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task AMissedPromiseIsPushedToTheMakerOverTheHub()
    {
        var agent = await app.CreateUserAsync();
        var id = (await CreateAsync(agent.Client)).Id();
        await (await agent.Client.PostJsonAsync($"/api/v1/conversations/{id}/promises", new { what = "Call back", due_at = Iso(Now.AddMinutes(10)) }))
            .ExpectAsync(HttpStatusCode.Created);
        var sockets = app.Server.CreateWebSocketClient();
        await using var hub = await SignalRTestClient.ConnectAsync((uri, ct) => sockets.ConnectAsync(uri, ct), SignalRTestClient.HubUri(app.Server.BaseAddress, agent.Token));
        app.Clock.Advance(TimeSpan.FromMinutes(11));

        await SweepAsync();

        var pushed = await hub.WaitForAsync("Notification", a => a[0]?["conversation_id"]?.GetValue<long>() == id
            && a[0]?["kind"]?.GetValue<string>() == "promise.missed", TimeSpan.FromSeconds(10));
        Assert.Equal([agent.Id], pushed.Arguments[0]!["mentions"]!.AsArray().Select(m => m!.GetValue<long>()));
    }

    private Task<int> SweepAsync() => app.Services.GetRequiredService<PromiseSweeper>().SweepAsync(CancellationToken.None);

    private Task<List<string>> KindsAsync(long userId, long conversationId) => app.WithDbAsync(db =>
        db.Notifications.Where(n => n.UserId == userId && n.ConversationId == conversationId && n.Kind.StartsWith("promise_"))
            .OrderBy(n => n.Id).Select(n => n.Kind).ToListAsync());
}

public sealed class PromisesApiTestsOnSqlite(ConversationsSqliteApp app) : PromisesApiTests(app), IClassFixture<ConversationsSqliteApp>;

public sealed class PromisesApiTestsOnPostgres(ConversationsPostgresApp app) : PromisesApiTests(app), IClassFixture<ConversationsPostgresApp>;
