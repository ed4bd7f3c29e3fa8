using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Rapport.Features.Accounts;
using Rapport.Tests.Features.Conversations;
using Rapport.Tests.Infrastructure;

namespace Rapport.Tests.Features.Sla;

/// <summary>Calendars, policies, a conversation's SLA and the simulator through the API. Each test's policies match only its own tag.</summary>
public abstract class SlaApiTests(RapportApp app)
{
    private static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 13)];

    private static object TehranCalendar(string name) => new
    {
        name,
        time_zone = "Asia/Tehran",
        slots = new[] { "saturday", "sunday", "monday", "tuesday", "wednesday" }
            .SelectMany(d => new[] { new { day = d, start = "08:00", end = "12:00" }, new { day = d, start = "13:00", end = "17:00" } })
            .Append(new { day = "thursday", start = "08:00", end = "13:00" }).ToArray(),
        holidays = new object[]
        {
            new { name = "Nowruz", calendar = "jalali", yearly = true, first = "01-01", last = "01-04" },
            new { name = "Sizdah Bedar", calendar = "jalali", yearly = true, first = "01-13" },
        },
    };

    [Fact]
    public async Task AdminsKeepCalendarsAndEveryoneElseOnlyReadsThem()
    {
        var admin = await app.CreateAdminAsync();
        var agent = await app.CreateUserAsync(Role.Agent, TokenScope.Admin);
        var readOnlyAdmin = await app.CreateUserAsync(Role.Admin, TokenScope.Read);
        var light = await app.CreateUserAsync(Role.LightAgent, TokenScope.Read);

        await (await agent.Client.PostJsonAsync("/api/v1/sla/calendars", TehranCalendar("Tehran"))).ExpectProblemAsync(HttpStatusCode.Forbidden);
        await (await readOnlyAdmin.Client.PostJsonAsync("/api/v1/sla/calendars", TehranCalendar("Tehran"))).ExpectProblemAsync(HttpStatusCode.Forbidden);
        await (await app.CreateClient((string?)null).GetAsync("/api/v1/sla/calendars")).ExpectProblemAsync(HttpStatusCode.Unauthorized);

        var created = await (await admin.Client.PostJsonAsync("/api/v1/sla/calendars", TehranCalendar("Tehran office"))).ExpectAsync(HttpStatusCode.Created);
        var id = created.Id();
        Assert.Equal("Asia/Tehran", created.Str("time_zone"));
        Assert.Equal(11, created["slots"]!.AsArray().Count);
        Assert.Equal("01-04", created["holidays"]![0]!.Str("last"));

        var read = await (await light.Client.GetAsync($"/api/v1/sla/calendars/{id}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("Tehran office", read.Str("name"));
        await (await agent.Client.PatchJsonAsync($"/api/v1/sla/calendars/{id}", new { name = "Mine" })).ExpectProblemAsync(HttpStatusCode.Forbidden);
        var renamed = await (await admin.Client.PatchJsonAsync($"/api/v1/sla/calendars/{id}", new { name = "Tehran HQ" })).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(("Tehran HQ", 11), (renamed.Str("name"), renamed["slots"]!.AsArray().Count));
        await (await admin.Client.GetAsync("/api/v1/sla/calendars/999999999")).ExpectAsync(HttpStatusCode.NotFound);

        var listed = await (await light.Client.GetAsync("/api/v1/sla/calendars?limit=200")).ExpectAsync(HttpStatusCode.OK);
        Assert.Contains(listed["items"]!.AsArray(), c => c!.Id() == id);

        await (await agent.Client.DeleteAsync($"/api/v1/sla/calendars/{id}")).ExpectProblemAsync(HttpStatusCode.Forbidden);
        var deleted = await admin.Client.DeleteAsync($"/api/v1/sla/calendars/{id}");
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        await (await admin.Client.GetAsync($"/api/v1/sla/calendars/{id}")).ExpectAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task ACalendarWithMistakesIsRefusedFieldByField()
    {
        var admin = await app.CreateAdminAsync();
        var problem = await (await admin.Client.PostJsonAsync("/api/v1/sla/calendars", new
        {
            name = "",
            time_zone = "Mars/Olympus",
            slots = new object[]
            {
                new { day = "funday", start = "08:00", end = "12:00" },
                new { day = "monday", start = "8am", end = "12:00" },
            },
            holidays = new object[]
            {
                new { name = "Bad month", calendar = "jalali", yearly = true, first = "13-01" },
                new { name = "No such day", calendar = "gregorian", yearly = false, first = "2026-02-30" },
                new { name = "Lunar", calendar = "hijri", yearly = true, first = "01-01" },
            },
        })).ExpectProblemAsync(HttpStatusCode.BadRequest);
        var errors = problem["errors"]!.AsObject();
        foreach (var field in new[] { "name", "slots[0].day", "slots[1].start", "holidays[2].calendar" })
        {
            Assert.True(errors.ContainsKey(field), $"{field} missing from {errors.ToJsonString()}");
        }

        var overlap = await (await admin.Client.PostJsonAsync("/api/v1/sla/calendars", new
        {
            name = "Overlap",
            time_zone = "Asia/Tehran",
            slots = new[] { new { day = "monday", start = "08:00", end = "12:00" }, new { day = "monday", start = "11:00", end = "13:00" } },
            holidays = new object[]
            {
                new { name = "Bad month", calendar = "jalali", yearly = true, first = "13-01" },
                new { name = "Esfand 30 of a common year", calendar = "jalali", yearly = false, first = "1404-12-30" },
            },
        })).ExpectProblemAsync(HttpStatusCode.BadRequest);
        var overlapErrors = overlap["errors"]!.AsObject();
        Assert.True(overlapErrors.ContainsKey("slots[0]") && overlapErrors.ContainsKey("holidays[0]") && overlapErrors.ContainsKey("holidays[1]"), overlapErrors.ToJsonString());

        var alwaysWithSlots = await (await admin.Client.PostJsonAsync("/api/v1/sla/calendars", new
        {
            name = "24/7",
            time_zone = "Asia/Yerevan",
            always_open = true,
            slots = new[] { new { day = "monday", start = "08:00", end = "12:00" } },
        })).ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.NotNull(alwaysWithSlots["errors"]!["slots"]);
        var always = await (await admin.Client.PostJsonAsync("/api/v1/sla/calendars", new { name = "24/7", time_zone = "Asia/Yerevan", always_open = true }))
            .ExpectAsync(HttpStatusCode.Created);
        Assert.True(always["always_open"]!.GetValue<bool>());
    }

    [Fact]
    public async Task HolidaysComeInFromAnIcsFileOnce()
    {
        var admin = await app.CreateAdminAsync();
        var agent = await app.CreateUserAsync(Role.Agent, TokenScope.Admin);
        var calendar = await (await admin.Client.PostJsonAsync("/api/v1/sla/calendars", TehranCalendar("Imported"))).ExpectAsync(HttpStatusCode.Created);
        var url = $"/api/v1/sla/calendars/{calendar.Id()}/holidays/import";
        const string ics = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Test//EN\r\n"
            + "BEGIN:VEVENT\r\nUID:1\r\nDTSTART;VALUE=DATE:20260101\r\nDTEND;VALUE=DATE:20260102\r\nRRULE:FREQ=YEARLY\r\nSUMMARY:New Year\r\nEND:VEVENT\r\n"
            + "BEGIN:VEVENT\r\nUID:2\r\nDTSTART;VALUE=DATE:20260106\r\nDTEND;VALUE=DATE:20260108\r\nSUMMARY:Armenian Christ\r\n mas\r\nEND:VEVENT\r\n"
            + "BEGIN:VEVENT\r\nUID:3\r\nSUMMARY:No date\r\nEND:VEVENT\r\n"
            + "END:VCALENDAR\r\n";
        StringContent Body(string text) => new(text, Encoding.UTF8, "text/calendar");

        await (await agent.Client.PostAsync(url, Body(ics))).ExpectProblemAsync(HttpStatusCode.Forbidden);
        var first = await (await admin.Client.PostAsync(url, Body(ics))).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal((2, 1), (first["imported"]!.GetValue<int>(), first["skipped"]!.GetValue<int>()));
        var holidays = first["calendar"]!["holidays"]!.AsArray();
        var yearly = Assert.Single(holidays, h => h!.Str("name") == "New Year")!;
        Assert.Equal((true, "01-01", "01-01"), (yearly["yearly"]!.GetValue<bool>(), yearly.Str("first"), yearly.Str("last")));
        var range = Assert.Single(holidays, h => h!.Str("name") == "Armenian Christmas")!;
        Assert.Equal(("2026-01-06", "2026-01-07"), (range.Str("first"), range.Str("last")));

        var again = await (await admin.Client.PostAsync(url, Body(ics))).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(0, again["imported"]!.GetValue<int>());
        Assert.Equal(holidays.Count, again["calendar"]!["holidays"]!.AsArray().Count);
        var notIcs = await (await admin.Client.PostAsync(url, Body("hello"))).ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.NotNull(notIcs["errors"]!["file"]);
    }

    [Fact]
    public async Task AdminsKeepOrderedPoliciesWithValidatedRules()
    {
        var admin = await app.CreateAdminAsync();
        var agent = await app.CreateUserAsync(Role.Agent, TokenScope.Admin);
        var calendar = await (await admin.Client.PostJsonAsync("/api/v1/sla/calendars", TehranCalendar("Policies"))).ExpectAsync(HttpStatusCode.Created);
        var tag = Unique("vip");
        var body = new
        {
            name = "Urgent VIP",
            calendar_id = calendar.Id(),
            conditions = new { priorities = new[] { "urgent", "high" }, tags = new[] { tag }, channels = new[] { "email", "chat" } },
            targets = new object[]
            {
                new { priority = "urgent", kind = "first_reply", minutes = 5, business_time = true },
                new { priority = "urgent", kind = "resolution", minutes = 480, business_time = true },
                new { priority = "high", kind = "next_reply", minutes = 60, business_time = false },
            },
            warnings = new object[] { new { percent_elapsed = 75 }, new { minutes_left = 15 } },
            escalations = new object[]
            {
                new { on = "warning", action = "notify", notify = "assignee" },
                new { on = "breach", action = "raise_priority", target = "first_reply" },
                new { on = "breach", action = "add_tag", tag = "escalated" },
            },
        };
        await (await agent.Client.PostJsonAsync("/api/v1/sla/policies", body)).ExpectProblemAsync(HttpStatusCode.Forbidden);
        var created = await (await admin.Client.PostJsonAsync("/api/v1/sla/policies", body)).ExpectAsync(HttpStatusCode.Created);
        var id = created.Id();
        Assert.Equal(3, created["targets"]!.AsArray().Count);
        Assert.Equal(["pending", "on_hold"], created["pauses"]!["resolution"]!.AsArray().Select(s => s!.GetValue<string>()));
        Assert.Equal(75, created["warnings"]![0]!["percent_elapsed"]!.GetValue<int>());
        Assert.Equal("raise_priority", created["escalations"]![1]!.Str("action"));

        var bad = await (await admin.Client.PostJsonAsync("/api/v1/sla/policies", new
        {
            name = " ",
            calendar_id = 999999999,
            targets = new object[]
            {
                new { priority = "urgent", kind = "first_reply", minutes = 0 },
                new { priority = "urgent", kind = "first_reply", minutes = 5 },
            },
            pauses = new Dictionary<string, string[]> { ["resolution"] = ["solved"] },
            warnings = new object[] { new { percent_elapsed = 75, minutes_left = 5 }, new { percent_elapsed = 100 } },
            escalations = new object[] { new { on = "breach", action = "move_to_team" }, new { on = "breach", action = "add_tag" }, new { on = "warning", action = "notify" } },
        })).ExpectProblemAsync(HttpStatusCode.BadRequest);
        var errors = bad["errors"]!.AsObject();
        foreach (var field in new[] { "name", "calendar_id", "targets[0].minutes", "targets[1]", "pauses.resolution", "warnings[0]", "warnings[1]",
                     "escalations[0].team_id", "escalations[1].tag", "escalations[2].notify" })
        {
            Assert.True(errors.ContainsKey(field), $"{field} missing from {errors.ToJsonString()}");
        }

        await (await agent.Client.PatchJsonAsync($"/api/v1/sla/policies/{id}", new { name = "x" })).ExpectProblemAsync(HttpStatusCode.Forbidden);
        var patched = await (await admin.Client.PatchJsonAsync($"/api/v1/sla/policies/{id}", new
        {
            pauses = new Dictionary<string, string[]> { ["resolution"] = ["pending"], ["first_reply"] = ["on_hold"] },
            clear_calendar = true,
        })).ExpectAsync(HttpStatusCode.OK);
        Assert.Null(patched["calendar_id"]);
        Assert.Equal(["on_hold"], patched["pauses"]!["first_reply"]!.AsArray().Select(s => s!.GetValue<string>()));
        Assert.Equal(3, patched["targets"]!.AsArray().Count);

        var second = await (await admin.Client.PostJsonAsync("/api/v1/sla/policies", new { name = "Everyone else" })).ExpectAsync(HttpStatusCode.Created);
        Assert.True(second["position"]!.GetValue<int>() > created["position"]!.GetValue<int>());
        var all = await ConversationScenarios.ListAllAsync(agent.Client, "/api/v1/sla/policies", 1);
        var order = all.Where(p => p != id && p != second.Id()).Prepend(second.Id()).Append(id).ToList();
        await (await agent.Client.PutJsonAsync("/api/v1/sla/policies/order", new { ids = order })).ExpectProblemAsync(HttpStatusCode.Forbidden);
        var missing = await (await admin.Client.PutJsonAsync("/api/v1/sla/policies/order", new { ids = new[] { id } })).ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.NotNull(missing["errors"]!["ids"]);
        await (await admin.Client.PutJsonAsync("/api/v1/sla/policies/order", new { ids = order })).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(order, await ConversationScenarios.ListAllAsync(agent.Client, "/api/v1/sla/policies", 2));

        await (await agent.Client.DeleteAsync($"/api/v1/sla/policies/{second.Id()}")).ExpectProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.Client.DeleteAsync($"/api/v1/sla/policies/{second.Id()}")).StatusCode);
        await (await admin.Client.GetAsync($"/api/v1/sla/policies/{second.Id()}")).ExpectAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task ACalendarAPolicyCountsInCannotBeDeleted()
    {
        var admin = await app.CreateAdminAsync();
        var calendar = await (await admin.Client.PostJsonAsync("/api/v1/sla/calendars", TehranCalendar("In use"))).ExpectAsync(HttpStatusCode.Created);
        var policy = await (await admin.Client.PostJsonAsync("/api/v1/sla/policies", new
        {
            name = "Uses it", calendar_id = calendar.Id(), conditions = new { tags = new[] { Unique("none") } },
        })).ExpectAsync(HttpStatusCode.Created);
        await (await admin.Client.DeleteAsync($"/api/v1/sla/calendars/{calendar.Id()}")).ExpectProblemAsync(HttpStatusCode.Conflict);
        await admin.Client.DeleteAsync($"/api/v1/sla/policies/{policy.Id()}");
        Assert.Equal(HttpStatusCode.NoContent, (await admin.Client.DeleteAsync($"/api/v1/sla/calendars/{calendar.Id()}")).StatusCode);
    }

    [Fact]
    public async Task AConversationShowsItsTargetsAndAReplyMeetsTheFirst()
    {
        var admin = await app.CreateAdminAsync();
        var agent = await app.CreateUserAsync(Role.Agent, TokenScope.Ingest);
        var light = await app.CreateUserAsync(Role.LightAgent, TokenScope.Read);
        var tag = Unique("sla");
        await (await admin.Client.PostJsonAsync("/api/v1/sla/policies", new
        {
            name = "Live",
            conditions = new { tags = new[] { tag } },
            targets = new object[]
            {
                new { priority = "normal", kind = "first_reply", minutes = 30, business_time = false },
                new { priority = "normal", kind = "resolution", minutes = 600, business_time = false },
            },
        })).ExpectAsync(HttpStatusCode.Created);
        var other = await ConversationScenarios.CreateAsync(agent.Client);
        var none = await (await agent.Client.GetAsync($"/api/v1/conversations/{other.Id()}/sla")).ExpectAsync(HttpStatusCode.OK);
        Assert.Null(none["policy"]);
        Assert.Empty(none["targets"]!.AsArray());

        var conversation = await ConversationScenarios.CreateAsync(agent.Client, tags: [tag]);
        var id = conversation.Id();
        var sla = await (await light.Client.GetAsync($"/api/v1/conversations/{id}/sla")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("Live", sla["policy"]!.Str("name"));
        var first = Assert.Single(sla["targets"]!.AsArray(), t => t!.Str("kind") == "first_reply")!;
        Assert.Equal("active", first.Str("state"));
        var started = first["started_at"]!.GetValue<DateTime>();
        Assert.Equal(started.AddMinutes(30), first["due_at"]!.GetValue<DateTime>());
        Assert.Equal(first["due_at"]!.GetValue<DateTime>(), sla["next_due_at"]!.GetValue<DateTime>());
        Assert.Contains("30 minutes around the clock", first.Str("explanation"), StringComparison.Ordinal);

        await (await agent.Client.PostJsonAsync($"/api/v1/conversations/{id}/reply", new { body_text = "On it." })).ExpectAsync(HttpStatusCode.Created);
        var after = await (await agent.Client.GetAsync($"/api/v1/conversations/{id}/sla")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("met", after["targets"]!.AsArray().Single(t => t!.Str("kind") == "first_reply")!.Str("state"));
        Assert.Equal("active", after["targets"]!.AsArray().Single(t => t!.Str("kind") == "resolution")!.Str("state"));
        await (await agent.Client.GetAsync("/api/v1/conversations/999999999/sla")).ExpectAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task AnImportedConversationGivesItsKnownBreaches()
    {
        var admin = await app.CreateAdminAsync();
        var tag = Unique("hist");
        await (await admin.Client.PostJsonAsync("/api/v1/sla/policies", new
        {
            name = "History",
            conditions = new { tags = new[] { tag } },
            targets = new object[]
            {
                new { priority = "high", kind = "first_reply", minutes = 30, business_time = false },
                new { priority = "high", kind = "next_reply", minutes = 60, business_time = false },
                new { priority = "high", kind = "resolution", minutes = 240, business_time = false },
            },
        })).ExpectAsync(HttpStatusCode.Created);
        var externalId = Unique("zd");
        var line = new JsonObject
        {
            ["external_id"] = externalId,
            ["subject"] = "سفارشم نرسیده است",
            ["status"] = "solved",
            ["priority"] = "high",
            ["customer"] = new JsonObject { ["name"] = "سارا احمدی", ["email"] = ConversationScenarios.NewEmail() },
            ["tags"] = new JsonArray(tag),
            ["messages"] = new JsonArray(
                Message("inbound", null, "2025-03-01T09:30:00+03:30"),
                Message("outbound", admin.Email, "2025-03-01T10:05:00+03:30"), // 35 minutes: first reply breached at 10:00
                Message("inbound", null, "2025-03-01T11:00:00+03:30"),
                Message("outbound", admin.Email, "2025-03-01T12:30:00+03:30")), // 90 minutes: next reply breached at 12:00
            ["status_changes"] = new JsonArray(
                Status("pending", "2025-03-01T10:05:01+03:30"),
                Status("open", "2025-03-01T11:00:00+03:30"),
                Status("solved", "2025-03-01T14:00:00+03:30")), // resolution: 35 min + 180 min (pending not counted) = met
        };
        var result = await (await admin.Client.PostAsync("/api/v1/import/conversations",
            new StringContent(line.ToJsonString() + "\n", Encoding.UTF8, "application/x-ndjson"))).ExpectAsync(HttpStatusCode.OK);
        Assert.True(result["imported"]!.GetValue<int>() == 1, result.ToJsonString());
        var id = await app.WithDbAsync(db => db.Conversations.Where(c => c.ExternalId == externalId).Select(c => c.Id).SingleAsync());

        var sla = await (await admin.Client.GetAsync($"/api/v1/conversations/{id}/sla")).ExpectAsync(HttpStatusCode.OK);
        var breaches = sla["breaches"]!.AsArray().Select(b => (b!.Str("kind"), b!["breached_at"]!.GetValue<DateTime>())).ToList();
        Assert.Equal([("first_reply", new DateTime(2025, 3, 1, 6, 30, 0, DateTimeKind.Utc)), ("next_reply", new DateTime(2025, 3, 1, 8, 30, 0, DateTimeKind.Utc))], breaches);
        var resolution = sla["targets"]!.AsArray().Single(t => t!.Str("kind") == "resolution")!;
        Assert.Equal("met", resolution.Str("state"));
        Assert.Equal(35 * 60 + 1 + 180 * 60, resolution["elapsed_seconds"]!.GetValue<long>());
        Assert.Single(resolution["paused"]!.AsArray());

        static JsonObject Message(string kind, string? author, string at) => new()
        {
            ["kind"] = kind, ["author"] = author, ["body_text"] = kind == "inbound" ? "Where is it?" : "Tomorrow.", ["created_at"] = at,
        };
        static JsonObject Status(string status, string at) => new() { ["status"] = status, ["at"] = at };
    }

    [Fact]
    public async Task TheSimulatorGivesDueTimesForACalendarOrAPolicy()
    {
        var admin = await app.CreateAdminAsync();
        var agent = await app.CreateUserAsync(Role.Agent, TokenScope.Read);
        var calendar = await (await admin.Client.PostJsonAsync("/api/v1/sla/calendars", TehranCalendar("Simulated"))).ExpectAsync(HttpStatusCode.Created);
        // Thursday 19 March 2026 12:30 in Tehran: half an hour on Thursday, then Friday and Nowruz (21–24 March) closed.
        var byCalendar = await (await agent.Client.PostJsonAsync("/api/v1/sla/simulate", new
        {
            calendar_id = calendar.Id(), minutes = 60, start = "2026-03-19T12:30:00+03:30",
        })).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(new DateTime(2026, 3, 25, 5, 0, 0, DateTimeKind.Utc), byCalendar["targets"]![0]!["due_at"]!.GetValue<DateTime>());

        var policy = await (await admin.Client.PostJsonAsync("/api/v1/sla/policies", new
        {
            name = "Simulated",
            calendar_id = calendar.Id(),
            conditions = new { tags = new[] { Unique("sim") } },
            targets = new object[]
            {
                new { priority = "urgent", kind = "first_reply", minutes = 5 },
                new { priority = "urgent", kind = "resolution", minutes = 120 },
            },
            warnings = new object[] { new { percent_elapsed = 50 } },
        })).ExpectAsync(HttpStatusCode.Created);
        var byPolicy = await (await agent.Client.PostJsonAsync("/api/v1/sla/simulate", new
        {
            policy_id = policy.Id(), priority = "urgent", start = "2026-01-08T12:58:00+03:30",
            pauses = new[] { new { from = "2026-01-10T08:30:00+03:30", to = "2026-01-10T13:00:00+03:30" } },
        })).ExpectAsync(HttpStatusCode.OK);
        var targets = byPolicy["targets"]!.AsArray();
        Assert.Equal(new DateTime(2026, 1, 10, 4, 33, 0, DateTimeKind.Utc), targets[0]!["due_at"]!.GetValue<DateTime>());
        Assert.Equal(new DateTime(2026, 1, 10, 10, 58, 0, DateTimeKind.Utc), targets[1]!["due_at"]!.GetValue<DateTime>());
        Assert.Equal(new DateTime(2026, 1, 10, 9, 58, 0, DateTimeKind.Utc), targets[1]!["warning_times"]![0]!.GetValue<DateTime>());

        var bad = await (await agent.Client.PostJsonAsync("/api/v1/sla/simulate", new { start = (string?)null })).ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.NotNull(bad["errors"]!["policy_id"]);
        Assert.NotNull(bad["errors"]!["start"]);
    }

    [Fact]
    public async Task TheSimulatorReadsAStartWithoutAnOffsetAsWallClockTimeInTheCalendarsZone()
    {
        var admin = await app.CreateAdminAsync();
        var agent = await app.CreateUserAsync(Role.Agent, TokenScope.Read);
        var tehran = await (await admin.Client.PostJsonAsync("/api/v1/sla/calendars", TehranCalendar(Unique("Wall")))).ExpectAsync(HttpStatusCode.Created);
        // 12:30 on Thursday 19 March 2026 in Tehran (+03:30) is 09:00 UTC: half an hour until 13:00, Friday
        // closed, Nowruz 21–24 March closed, the other half hour from 08:00 on Wednesday 25 March = 04:30 + 00:30 UTC.
        // Read in a UTC machine's zone it would be 16:00 in Tehran, after hours, and due an hour into Wednesday (05:30 UTC).
        var wall = await (await agent.Client.PostJsonAsync("/api/v1/sla/simulate", new
        {
            calendar_id = tehran.Id(), minutes = 60, start = "2026-03-19T12:30:00",
        })).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(new DateTime(2026, 3, 19, 9, 0, 0, DateTimeKind.Utc), wall["start"]!.GetValue<DateTime>());
        Assert.Equal(new DateTime(2026, 3, 25, 5, 0, 0, DateTimeKind.Utc), wall["targets"]![0]!["due_at"]!.GetValue<DateTime>());

        // Pauses without an offset are wall-clock times in the same zone: 08:00–08:20 Tehran on 25 March pauses 20 minutes.
        var policy = await (await admin.Client.PostJsonAsync("/api/v1/sla/policies", new
        {
            name = Unique("Wall"),
            calendar_id = tehran.Id(),
            conditions = new { tags = new[] { Unique("wall") } },
            targets = new object[] { new { priority = "normal", kind = "resolution", minutes = 60 } },
        })).ExpectAsync(HttpStatusCode.Created);
        var paused = await (await agent.Client.PostJsonAsync("/api/v1/sla/simulate", new
        {
            policy_id = policy.Id(), start = "2026-03-19T12:30:00",
            pauses = new[] { new { from = "2026-03-25T08:00:00", to = "2026-03-25T08:20:00" } },
        })).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(new DateTime(2026, 3, 25, 5, 20, 0, DateTimeKind.Utc), paused["targets"]![0]!["due_at"]!.GetValue<DateTime>());

        // A time with an offset is still that instant.
        var offset = await (await agent.Client.PostJsonAsync("/api/v1/sla/simulate", new
        {
            calendar_id = tehran.Id(), minutes = 60, start = "2026-03-19T09:00:00Z",
        })).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(new DateTime(2026, 3, 25, 5, 0, 0, DateTimeKind.Utc), offset["targets"]![0]!["due_at"]!.GetValue<DateTime>());

        // 02:30 on 8 March 2026 never happens in New York (clocks go from 02:00 to 03:00): refused, not guessed.
        var newYork = await (await admin.Client.PostJsonAsync("/api/v1/sla/calendars", new
        {
            name = Unique("NewYork"),
            time_zone = "America/New_York",
            slots = new[] { new { day = "monday", start = "09:00", end = "17:00" } },
        })).ExpectAsync(HttpStatusCode.Created);
        var gap = await (await agent.Client.PostJsonAsync("/api/v1/sla/simulate", new
        {
            calendar_id = newYork.Id(), minutes = 60, start = "2026-03-08T02:30:00",
        })).ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.NotNull(gap["errors"]!["start"]);
    }

    [Fact]
    public async Task TheNextDueTimeIsKeptWithTheConversationAndTheAtRiskListOrdersByIt()
    {
        var admin = await app.CreateAdminAsync();
        var agent = await app.CreateUserAsync(Role.Agent, TokenScope.Ingest);
        var tag = Unique("risk");
        await (await admin.Client.PostJsonAsync("/api/v1/sla/policies", new
        {
            name = "Kept",
            conditions = new { tags = new[] { tag } },
            targets = new object[]
            {
                new { priority = "urgent", kind = "first_reply", minutes = 10, business_time = false },
                new { priority = "normal", kind = "first_reply", minutes = 60, business_time = false },
                new { priority = "normal", kind = "resolution", minutes = 600, business_time = false },
            },
        })).ExpectAsync(HttpStatusCode.Created);
        var normal = (await ConversationScenarios.CreateAsync(agent.Client, tags: [tag])).Id();
        var urgent = (await ConversationScenarios.CreateAsync(agent.Client, tags: [tag], priority: "urgent")).Id();
        var untagged = (await ConversationScenarios.CreateAsync(agent.Client)).Id();

        var rows = await app.WithDbAsync(db => db.ConversationSlas.AsNoTracking().Where(s => s.ConversationId == normal || s.ConversationId == urgent || s.ConversationId == untagged).ToListAsync());
        Assert.Equal(2, rows.Count);
        var normalRow = rows.Single(r => r.ConversationId == normal);
        var created = await (await agent.Client.GetAsync($"/api/v1/conversations/{normal}/sla")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(created["next_due_at"]!.GetValue<DateTime>(), normalRow.NextDueAt);

        var atRisk = await (await agent.Client.GetAsync("/api/v1/sla/at-risk?limit=200")).ExpectAsync(HttpStatusCode.OK);
        var order = atRisk["items"]!.AsArray().Select(i => i!.Id("conversation_id")).Where(i => i == normal || i == urgent).ToList();
        Assert.Equal([urgent, normal], order);

        // A reply meets the first reply: resolution is next. Pending pauses resolution: nothing is due.
        await (await agent.Client.PostJsonAsync($"/api/v1/conversations/{normal}/reply", new { body_text = "Looking." })).ExpectAsync(HttpStatusCode.Created);
        var afterReply = await app.WithDbAsync(db => db.ConversationSlas.AsNoTracking().SingleAsync(s => s.ConversationId == normal));
        Assert.Equal(normalRow.NextDueAt!.Value.AddMinutes(540), afterReply.NextDueAt);
        await ConversationScenarios.PatchStatusAsync(agent.Client, normal, "pending");
        var pending = await app.WithDbAsync(db => db.ConversationSlas.AsNoTracking().SingleAsync(s => s.ConversationId == normal));
        Assert.Null(pending.NextDueAt);
        var later = await (await agent.Client.GetAsync("/api/v1/sla/at-risk?limit=200")).ExpectAsync(HttpStatusCode.OK);
        Assert.DoesNotContain(later["items"]!.AsArray(), i => i!.Id("conversation_id") == normal);
    }

    [Fact]
    public async Task WarningsAndBreachesAreWrittenOnceEvenWithTwoNodesAndEscalate()
    {
        var admin = await app.CreateAdminAsync();
        var agent = await app.CreateUserAsync(Role.Agent, TokenScope.Ingest);
        var tag = Unique("esc");
        var escalated = Unique("late");
        await (await admin.Client.PostJsonAsync("/api/v1/sla/policies", new
        {
            name = "Escalating",
            conditions = new { tags = new[] { tag } },
            targets = new object[] { new { priority = "normal", kind = "first_reply", minutes = 5, business_time = false } },
            warnings = new object[] { new { minutes_left = 2 } },
            escalations = new object[]
            {
                new { on = "warning", action = "notify", notify = "assignee" },
                new { on = "breach", action = "raise_priority" },
                new { on = "breach", action = "add_tag", tag = escalated },
            },
        })).ExpectAsync(HttpStatusCode.Created);
        await using var nodeB = app.WithWebHostBuilder(_ => { });
        _ = nodeB.Services; // starts the second node and its worker
        var id = (await ConversationScenarios.CreateAsync(agent.Client, tags: [tag], assigneeId: agent.Id)).Id();

        app.Clock.Advance(TimeSpan.FromMinutes(3.5));
        await WaitForAsync(id, "sla.warning", 1);
        var notify = await WaitForAsync(id, "sla.notify", 1);
        Assert.Contains($"\"user_id\":{agent.Id}", notify[0].Data, StringComparison.Ordinal);
        var rung = await (await agent.Client.GetAsync("/api/v1/notifications")).ExpectAsync(HttpStatusCode.OK);
        Assert.Single(rung["items"]!.AsArray(), n => n!["kind"]!.GetValue<string>() == "sla_warning" && n["conversation_id"]!.GetValue<long>() == id);

        app.Clock.Advance(TimeSpan.FromMinutes(2));
        var breached = await WaitForAsync(id, "sla.breached", 1);
        Assert.Contains("\"target\":\"first_reply\"", breached[0].Data, StringComparison.Ordinal);
        await Task.Delay(1500);
        var kinds = await ConversationScenarios.ActivityKindsAsync(app, id);
        Assert.Single(kinds, k => k == "sla.warning");
        Assert.Single(kinds, k => k == "sla.breached");
        var conversation = await (await agent.Client.GetAsync($"/api/v1/conversations/{id}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("high", conversation.Str("priority"));
        Assert.Contains(conversation["tags"]!.AsArray(), t => t!.GetValue<string>() == escalated);
        var sla = await (await agent.Client.GetAsync($"/api/v1/conversations/{id}/sla")).ExpectAsync(HttpStatusCode.OK);
        Assert.Null(sla["next_due_at"]);
    }

    [Fact]
    public async Task AnImportedOpenConversationWhoseFirstReplyIsOverdueGetsItsBreachFromTheWorker()
    {
        var admin = await app.CreateAdminAsync();
        var tag = Unique("imp");
        await (await admin.Client.PostJsonAsync("/api/v1/sla/policies", new
        {
            name = "Imported",
            conditions = new { tags = new[] { tag } },
            targets = new object[] { new { priority = "normal", kind = "first_reply", minutes = 30, business_time = false } },
        })).ExpectAsync(HttpStatusCode.Created);
        var now = app.Clock.GetUtcNow().UtcDateTime;
        string Line(string externalId, string status, object[] messages) => new System.Text.Json.Nodes.JsonObject
        {
            ["external_id"] = externalId,
            ["subject"] = "Imported and waiting",
            ["status"] = status,
            ["priority"] = "normal",
            ["channel"] = "email",
            ["customer"] = new System.Text.Json.Nodes.JsonObject { ["email"] = $"{Unique("imp")}@example.test" },
            ["tags"] = new System.Text.Json.Nodes.JsonArray(tag),
            ["messages"] = System.Text.Json.JsonSerializer.SerializeToNode(messages),
        }.ToJsonString();
        var (waiting, answered) = (Unique("waiting"), Unique("answered"));
        var lines = string.Join('\n',
            Line(waiting, "open", [new { kind = "inbound", body_text = "Anyone there?", created_at = now.AddHours(-2) }]),
            Line(answered, "solved", [
                new { kind = "inbound", body_text = "Help", created_at = now.AddHours(-3) },
                new { kind = "outbound", author = admin.Email, body_text = "Done.", created_at = now.AddHours(-2.9) },
            ]));
        var imported = await (await admin.Client.PostAsync("/api/v1/import/conversations", new StringContent(lines + "\n", System.Text.Encoding.UTF8, "application/x-ndjson")))
            .ExpectAsync(HttpStatusCode.OK);
        Assert.True(imported["imported"]!.GetValue<int>() == 2, imported.ToJsonString());
        var ids = await app.WithDbAsync(db => db.Conversations.Where(c => c.ExternalId == waiting || c.ExternalId == answered)
            .ToDictionaryAsync(c => c.ExternalId!, c => c.Id));

        var breached = await WaitForAsync(ids[waiting], "sla.breached", 1);
        Assert.Contains("\"target\":\"first_reply\"", breached[0].Data, StringComparison.Ordinal);
        var due = await app.WithDbAsync(db => db.ConversationSlas.Where(s => s.ConversationId == ids[waiting]).Select(s => s.BreachAt).SingleAsync());
        Assert.Equal(now.AddHours(-1.5), due!.Value, TimeSpan.FromSeconds(1));
        await Task.Delay(1000);
        Assert.Single(await ConversationScenarios.ActivityKindsAsync(app, ids[waiting]), k => k == "sla.breached");
        // Answered in time long ago: a row, and nothing logged for its past.
        Assert.True(await app.WithDbAsync(db => db.ConversationSlas.AnyAsync(s => s.ConversationId == ids[answered] && s.PolicyId != null)));
        Assert.DoesNotContain(await ConversationScenarios.ActivityKindsAsync(app, ids[answered]), k => k.StartsWith("sla.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TheStandardsAreWrittenFromThePoliciesInEachLanguage()
    {
        var admin = await app.CreateAdminAsync();
        var reader = await app.CreateUserAsync(Role.LightAgent, TokenScope.Read);
        var policy = await (await admin.Client.PostJsonAsync("/api/v1/sla/policies", new
        {
            name = "Promised",
            conditions = new { tags = new[] { Unique("std") } },
            targets = new object[]
            {
                new { priority = "urgent", kind = "first_reply", minutes = 5, business_time = true },
                new { priority = "normal", kind = "resolution", minutes = 1440, business_time = false },
            },
        })).ExpectAsync(HttpStatusCode.Created);

        async Task<List<string>> LinesAsync(string lang)
        {
            var body = await (await reader.Client.GetAsync($"/api/v1/sla/standards?lang={lang}")).ExpectAsync(HttpStatusCode.OK);
            var mine = body["policies"]!.AsArray().Single(p => p!.Id("policy_id") == policy.Id())!;
            return [.. mine["lines"]!.AsArray().Select(l => l!.Str("text"))];
        }

        Assert.Equal(["Urgent requests get a first reply within 5 business minutes.", "Normal requests are resolved within 24 hours."], await LinesAsync("en"));
        Assert.Equal(["درخواست‌های فوری ظرف ۵ دقیقهٔ کاری نخستین پاسخ را دریافت می‌کنند.", "درخواست‌های عادی ظرف ۲۴ ساعت حل می‌شوند."], await LinesAsync("fa"));
        Assert.Contains("5 աշխատանքային րոպեի", (await LinesAsync("hy"))[0], StringComparison.Ordinal);
        var bad = await (await reader.Client.GetAsync("/api/v1/sla/standards?lang=de")).ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.NotNull(bad["errors"]!["lang"]);
    }

    private async Task<List<(string Kind, string Data)>> WaitForAsync(long conversationId, string kind, int count)
    {
        for (var i = 0; i < 100; i++)
        {
            var found = (await ConversationScenarios.ActivitiesAsync(app, conversationId)).Where(a => a.Kind == kind).ToList();
            if (found.Count >= count)
            {
                return found;
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"No {kind} on conversation {conversationId} within 10 s.");
    }
}

public sealed class SlaApiTestsOnSqlite(SqliteApp app) : SlaApiTests(app), IClassFixture<SqliteApp>;

public sealed class SlaApiTestsOnPostgres(PostgresApp app) : SlaApiTests(app), IClassFixture<PostgresApp>;
