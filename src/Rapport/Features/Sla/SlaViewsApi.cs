using Microsoft.EntityFrameworkCore;
using Rapport.Data;
using Rapport.Features.Conversations;
using Rapport.Features.Sla.Calendars;
using Rapport.Features.Sla.Engine;
using Rapport.Web;

namespace Rapport.Features.Sla;

public sealed record PausedSpanResponse(DateTime From, DateTime? To, ConversationStatus Status);

public sealed record TargetResponse(
    TargetKind Kind, TargetState State, int Minutes, bool BusinessTime, DateTime StartedAt, DateTime? DueAt, DateTime? MetAt, DateTime? BreachedAt,
    long ElapsedSeconds, long RemainingSeconds, List<PausedSpanResponse> Paused, DateTime? NextWarningAt, List<DateTime> WarningTimes, string Explanation)
{
    public static TargetResponse From(TargetEvaluation t, string calendarText) => new(
        t.Kind, t.State, t.Minutes, t.BusinessTime, t.StartedAt, Never(t.DueAt), t.MetAt, t.BreachedAt,
        (long)t.Elapsed.TotalSeconds, (long)t.Remaining.TotalSeconds,
        [.. t.Pauses.Select(p => new PausedSpanResponse(p.From, p.To, p.Status))], t.NextWarningAt, [.. t.WarningTimes], Explain(t, calendarText));

    /// <summary>A due time the calendar can never reach (it never opens again) is reported as none.</summary>
    private static DateTime? Never(DateTime? at) => at == DateTime.MaxValue ? null : at;

    private static string Explain(TargetEvaluation t, string calendarText)
    {
        var counted = t.BusinessTime ? $"{t.Minutes} business minutes ({calendarText})" : $"{t.Minutes} minutes around the clock";
        var paused = t.Pauses.Count == 0 ? "never paused"
            : $"paused {t.Pauses.Count} time(s): " + string.Join(", ", t.Pauses.Select(p => $"{EnumNames.Of(p.Status)} {p.From:u}–{(p.To is { } to ? to.ToString("u") : "now")}"));
        var outcome = t.State switch
        {
            TargetState.Met => $"met at {t.MetAt:u}",
            TargetState.Breached => $"breached at {t.BreachedAt:u}",
            TargetState.Paused => "paused now",
            _ => $"due at {t.DueAt:u}",
        };
        return $"Started {t.StartedAt:u}; {counted}; {paused}; {Math.Round(t.Elapsed.TotalMinutes, 1)} min used; {outcome}.";
    }
}

public sealed record PolicyRef(long Id, string Name);

public sealed record ConversationSlaResponse(
    long ConversationId, PolicyRef? Policy, Priority Priority, ConversationStatus Status, string? Calendar, string TimeZone,
    DateTime? NextDueAt, List<TargetResponse> Targets, List<TargetResponse> Breaches);

public sealed record AtRiskRow(
    long ConversationId, string Subject, Priority Priority, ConversationStatus Status, long? TeamId, long? AssigneeId, long? PolicyId, DateTime BreachAt, long SecondsToBreach);

public sealed record SimulatedPause(DateTime? From, DateTime? To);

public sealed record SimulateBody(long? PolicyId, long? CalendarId, int? Minutes, bool? BusinessTime, DateTime? Start, Priority? Priority, List<SimulatedPause>? Pauses);

public sealed record SimulateResponse(string? Policy, string? Calendar, string TimeZone, Priority Priority, DateTime Start, List<TargetResponse> Targets);

/// <summary>Reading SLA state: one conversation's targets and why they are due when they are, and the simulator.</summary>
public static class SlaViewsApi
{
    public static void MapSlaViewsApi(this IEndpointRouteBuilder api)
    {
        api.MapGet("/conversations/{id:long}/sla", ConversationAsync);
        api.MapPost("/sla/simulate", SimulateAsync);
        api.MapGet("/sla/at-risk", AtRiskAsync);
    }

    /// <summary>Conversations with a running target, the one closest to breaching (or longest breached) first; keyset-paged.</summary>
    public static async Task<IResult> AtRiskAsync(RapportDb db, TimeProvider time, int? limit, string? cursor, CancellationToken ct)
    {
        var validation = new Validation();
        var take = Paging.Limit(limit, validation);
        var keys = Paging.Decode(cursor, 2, validation);
        if (!validation.IsValid)
        {
            return validation.Problem();
        }
        var query = db.ConversationSlas.AsNoTracking().Where(s => s.BreachAt != null);
        if (keys is [var ticks, var id])
        {
            var after = new DateTime(ticks, DateTimeKind.Utc);
            query = query.Where(s => s.BreachAt > after || (s.BreachAt == after && s.ConversationId > id));
        }
        var now = time.GetUtcNow().UtcDateTime;
        var rows = await query.OrderBy(s => s.BreachAt).ThenBy(s => s.ConversationId).Take(take + 1)
            .Select(s => new AtRiskRow(s.ConversationId, s.Conversation!.Subject, s.Conversation.Priority, s.Conversation.Status, s.Conversation.TeamId,
                s.Conversation.AssigneeId, s.PolicyId, s.BreachAt!.Value, 0))
            .ToListAsync(ct);
        var items = rows.Select(r => r with { SecondsToBreach = (long)Math.Floor((r.BreachAt - now).TotalSeconds) }).ToList();
        return TypedResults.Ok(Paging.Of(items, take, r => Paging.Encode(r.BreachAt.Ticks, r.ConversationId)));
    }

    public static async Task<IResult> ConversationAsync(long id, RapportDb db, SlaPolicyCache cache, TimeProvider time, CancellationToken ct) =>
        await ReadAsync(db, cache, id, time.GetUtcNow().UtcDateTime, ct) is { } sla ? TypedResults.Ok(sla) : TypedResults.NotFound();

    /// <summary>A conversation's SLA as of <paramref name="now"/>, worked out from its log; null when there is no such conversation. The console reads it too.</summary>
    public static async Task<ConversationSlaResponse?> ReadAsync(RapportDb db, SlaPolicyCache cache, long id, DateTime now, CancellationToken ct)
    {
        var c = await db.Conversations.AsNoTracking().Where(c => c.Id == id)
            .Select(c => new { c.Priority, c.Channel, c.TeamId, c.Status, c.Customer!.Tier, c.Customer.CompanyId, Tags = c.Tags.Select(t => t.Tag!.Name).ToList() })
            .SingleOrDefaultAsync(ct);
        if (c is null)
        {
            return null;
        }
        var policy = SlaPolicyCache.Match(await cache.GetAsync(db, ct), new SlaSubject(c.Priority, c.Channel, c.Tier, c.CompanyId, c.TeamId, c.Tags));
        if (policy is null)
        {
            return new ConversationSlaResponse(id, null, c.Priority, c.Status, null, "Etc/UTC", null, [], []);
        }
        var rows = await db.Activities.AsNoTracking().Where(a => a.ConversationId == id && SlaEvent.Kinds.Contains(a.Kind)).OrderBy(a => a.Id)
            .Select(a => new { a.Kind, a.ActorKind, a.Data, a.OccurredAt }).ToListAsync(ct);
        var events = rows.Select(r => SlaEvent.From(r.Kind, r.ActorKind, r.Data, r.OccurredAt)).OfType<SlaEvent>();
        var evaluation = SlaEvaluator.Evaluate(events, policy.Rules, policy.Calendar, now);
        var calendarText = CalendarText(policy.CalendarName, policy.Calendar);
        return new ConversationSlaResponse(
            id, new PolicyRef(policy.Id, policy.Name), evaluation.Priority, evaluation.Status, policy.CalendarName, policy.Calendar.TimeZoneId, evaluation.NextDueAt,
            [.. evaluation.Targets.Select(t => TargetResponse.From(t, calendarText))],
            [.. evaluation.Breaches.Select(t => TargetResponse.From(t, calendarText))]);
    }

    /// <summary>
    /// Every due time and warning of a policy's targets for one priority (or of one target of
    /// <c>minutes</c> on a calendar), from <c>start</c>, with optional waits on the customer that
    /// pause what the policy says a pending conversation pauses (with a calendar alone, they pause the target).
    /// </summary>
    public static async Task<IResult> SimulateAsync(SimulateBody body, RapportDb db, CancellationToken ct)
    {
        var validation = new Validation();
        if ((body.PolicyId is null) == (body.CalendarId is null))
        {
            validation.Add("policy_id", "give exactly one of policy_id and calendar_id.");
        }
        if (body.Start is null)
        {
            validation.Add("start", "is required.");
        }
        if (body.CalendarId is not null && body.Minutes is not (>= 1 and <= 525_600))
        {
            validation.Add("minutes", "is required with a calendar, between 1 and 525600.");
        }
        var pauses = new List<(DateTime From, DateTime To)>();
        for (var i = 0; i < (body.Pauses?.Count ?? 0); i++)
        {
            if (body.Pauses![i] is not { From: { } from, To: { } to })
            {
                validation.Add($"pauses[{i}]", "needs a from and a later to.");
                continue;
            }
            pauses.Add((from, to));
        }
        if (pauses.Count > 100)
        {
            validation.Add("pauses", "must hold at most 100 pauses.");
        }
        if (!validation.IsValid)
        {
            return validation.Problem();
        }
        var priority = body.Priority ?? Priority.Normal;
        PolicyRules rules;
        BusinessCalendar calendar;
        string? policyName = null, calendarName;
        if (body.PolicyId is { } policyId)
        {
            var policy = await db.SlaPolicies.AsNoTracking().Include(p => p.Calendar).SingleOrDefaultAsync(p => p.Id == policyId, ct);
            if (policy is null)
            {
                return new Validation().Add("policy_id", "does not refer to an existing policy.").Problem();
            }
            (rules, calendar, policyName, calendarName) = (policy.Rules(), policy.Calendar?.ToBusinessCalendar() ?? BusinessCalendar.AlwaysOpen, policy.Name, policy.Calendar?.Name);
        }
        else
        {
            var stored = await db.SlaCalendars.AsNoTracking().SingleOrDefaultAsync(c => c.Id == body.CalendarId, ct);
            if (stored is null)
            {
                return new Validation().Add("calendar_id", "does not refer to an existing calendar.").Problem();
            }
            calendar = stored.ToBusinessCalendar();
            calendarName = stored.Name;
            rules = new PolicyRules(new PolicyConditions(), [new TargetRule(priority, TargetKind.Resolution, body.Minutes!.Value, body.BusinessTime ?? true)],
                PolicyRules.DefaultPauses, [], []);
        }
        var start = WallClock.ToUtc(body.Start!.Value, calendar.TimeZone, "start", validation);
        var utcPauses = new List<(DateTime, DateTime)>();
        for (var i = 0; i < pauses.Count; i++)
        {
            var (from, to) = (WallClock.ToUtc(pauses[i].From, calendar.TimeZone, $"pauses[{i}]", validation), WallClock.ToUtc(pauses[i].To, calendar.TimeZone, $"pauses[{i}]", validation));
            if (to <= from)
            {
                validation.Add($"pauses[{i}]", "needs a from and a later to.");
            }
            utcPauses.Add((from, to));
        }
        if (!validation.IsValid)
        {
            return validation.Problem();
        }
        var calendarText = CalendarText(calendarName, calendar);
        var targets = SlaEvaluator.Simulate(rules, calendar, priority, start, utcPauses);
        return TypedResults.Ok(new SimulateResponse(policyName, calendarName, calendar.TimeZoneId, priority, start,
            [.. targets.Select(t => TargetResponse.From(t, calendarText))]));
    }

    private static string CalendarText(string? name, BusinessCalendar calendar) =>
        name is null ? "around the clock, UTC" : $"calendar {name}, {calendar.TimeZoneId}";
}
