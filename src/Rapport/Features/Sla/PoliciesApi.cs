using Microsoft.EntityFrameworkCore;
using Rapport.Data;
using Rapport.Features.Conversations;
using Rapport.Web;
using Rapport.Web.Auth;

namespace Rapport.Features.Sla;

public sealed record PolicyBody(
    string? Name,
    int? Position,
    long? CalendarId,
    bool? ClearCalendar,
    PolicyConditions? Conditions,
    List<TargetRule>? Targets,
    Dictionary<TargetKind, List<ConversationStatus>>? Pauses,
    List<WarningPoint>? Warnings,
    List<EscalationRule>? Escalations);

public sealed record PolicyResponse(
    long Id, string Name, int Position, long? CalendarId, PolicyConditions Conditions, List<TargetRule> Targets,
    Dictionary<TargetKind, List<ConversationStatus>> Pauses, List<WarningPoint> Warnings, List<EscalationRule> Escalations,
    DateTime CreatedAt, DateTime UpdatedAt)
{
    public static PolicyResponse From(SlaPolicy p)
    {
        var rules = p.Rules();
        return new(p.Id, p.Name, p.Position, p.CalendarId, rules.Conditions, rules.Targets, rules.Pauses, rules.Warnings, rules.Escalations, p.CreatedAt, p.UpdatedAt);
    }
}

public sealed record PolicyOrder(List<long>? Ids);

/// <summary>Ordered SLA policies: the first whose conditions match a conversation applies. Admins change them; anyone signed in reads them.</summary>
public static class PoliciesApi
{
    private static readonly ConversationStatus[] PausableStatuses =
        [ConversationStatus.New, ConversationStatus.Open, ConversationStatus.Pending, ConversationStatus.OnHold];

    public static void MapPoliciesApi(this IEndpointRouteBuilder api)
    {
        api.MapGet("/sla/policies", ListAsync);
        api.MapGet("/sla/policies/{id:long}", GetAsync);
        api.MapPost("/sla/policies", CreateAsync).RequireAuthorization(AuthSetup.Admin);
        api.MapPatch("/sla/policies/{id:long}", UpdateAsync).RequireAuthorization(AuthSetup.Admin);
        api.MapDelete("/sla/policies/{id:long}", DeleteAsync).RequireAuthorization(AuthSetup.Admin);
        api.MapPut("/sla/policies/order", ReorderAsync).RequireAuthorization(AuthSetup.Admin);
    }

    /// <summary>In the order they are tried, first to last.</summary>
    public static async Task<IResult> ListAsync(RapportDb db, int? limit, string? cursor, CancellationToken ct)
    {
        var validation = new Validation();
        var take = Paging.Limit(limit, validation);
        var keys = Paging.Decode(cursor, 2, validation);
        if (!validation.IsValid)
        {
            return validation.Problem();
        }
        var query = db.SlaPolicies.AsNoTracking();
        if (keys is [var position, var id])
        {
            query = query.Where(p => p.Position > position || (p.Position == position && p.Id > id));
        }
        var rows = await query.OrderBy(p => p.Position).ThenBy(p => p.Id).Take(take + 1).ToListAsync(ct);
        return TypedResults.Ok(Paging.Of(rows.Select(PolicyResponse.From).ToList(), take, p => Paging.Encode(p.Position, p.Id)));
    }

    public static async Task<IResult> GetAsync(long id, RapportDb db, CancellationToken ct) =>
        await db.SlaPolicies.AsNoTracking().SingleOrDefaultAsync(p => p.Id == id, ct) is { } policy
            ? TypedResults.Ok(PolicyResponse.From(policy))
            : TypedResults.NotFound();

    /// <summary>Without a position, the new policy goes last.</summary>
    public static async Task<IResult> CreateAsync(PolicyBody body, RapportDb db, SlaPolicyCache cache, TimeProvider time, CancellationToken ct)
    {
        var position = body.Position ?? (await db.SlaPolicies.MaxAsync(p => (int?)p.Position, ct) ?? 0) + 1;
        var policy = new SlaPolicy("", position, time.GetUtcNow().UtcDateTime);
        var validation = await ApplyAsync(policy, body, db, requireName: true, ct);
        if (!validation.IsValid)
        {
            return validation.Problem();
        }
        db.SlaPolicies.Add(policy);
        await db.SaveChangesAsync(ct);
        cache.Changed();
        return TypedResults.Created($"/api/v1/sla/policies/{policy.Id}", PolicyResponse.From(policy));
    }

    /// <summary>A field left out stays as it is; a list given replaces the whole list. <c>clear_calendar</c> counts targets around the clock again.</summary>
    public static async Task<IResult> UpdateAsync(long id, PolicyBody body, RapportDb db, SlaPolicyCache cache, TimeProvider time, CancellationToken ct)
    {
        var policy = await db.SlaPolicies.SingleOrDefaultAsync(p => p.Id == id, ct);
        if (policy is null)
        {
            return TypedResults.NotFound();
        }
        var validation = await ApplyAsync(policy, body, db, requireName: body.Name is not null, ct);
        if (!validation.IsValid)
        {
            return validation.Problem();
        }
        policy.UpdatedAt = time.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
        cache.Changed();
        return TypedResults.Ok(PolicyResponse.From(policy));
    }

    public static async Task<IResult> DeleteAsync(long id, RapportDb db, SlaPolicyCache cache, CancellationToken ct)
    {
        var policy = await db.SlaPolicies.SingleOrDefaultAsync(p => p.Id == id, ct);
        if (policy is null)
        {
            return TypedResults.NotFound();
        }
        db.SlaPolicies.Remove(policy);
        await db.SaveChangesAsync(ct);
        cache.Changed();
        return TypedResults.NoContent();
    }

    /// <summary>Numbers the listed policies 1, 2, 3 … in the order given; the list must name every policy once.</summary>
    public static async Task<IResult> ReorderAsync(PolicyOrder body, RapportDb db, SlaPolicyCache cache, CancellationToken ct)
    {
        var policies = await db.SlaPolicies.ToListAsync(ct);
        var ids = body.Ids ?? [];
        if (ids.Count != policies.Count || ids.Distinct().Count() != ids.Count || !ids.All(i => policies.Exists(p => p.Id == i)))
        {
            return new Validation().Add("ids", "must list every policy exactly once.").Problem();
        }
        for (var i = 0; i < ids.Count; i++)
        {
            policies.Single(p => p.Id == ids[i]).Position = i + 1;
        }
        await db.SaveChangesAsync(ct);
        cache.Changed();
        return TypedResults.Ok(new { items = policies.OrderBy(p => p.Position).Select(PolicyResponse.From) });
    }

    private static async Task<Validation> ApplyAsync(SlaPolicy policy, PolicyBody body, RapportDb db, bool requireName, CancellationToken ct)
    {
        var validation = new Validation();
        if (requireName)
        {
            validation.Required("name", body.Name, 200);
        }
        if (body.Position is < 0 or > 100_000)
        {
            validation.Add("position", "must be between 0 and 100000.");
        }
        if (body.CalendarId is { } calendarId && !await db.SlaCalendars.AnyAsync(c => c.Id == calendarId, ct))
        {
            validation.Add("calendar_id", "does not refer to an existing calendar.");
        }
        var rules = policy.Rules();
        var conditions = body.Conditions ?? rules.Conditions;
        var targets = body.Targets ?? rules.Targets;
        var pauses = body.Pauses ?? rules.Pauses;
        var warnings = body.Warnings ?? rules.Warnings;
        var escalations = body.Escalations ?? rules.Escalations;
        CheckConditions(conditions, validation);
        CheckTargets(targets, validation);
        foreach (var (kind, statuses) in pauses)
        {
            if (statuses is null || statuses.Exists(s => !PausableStatuses.Contains(s)))
            {
                validation.Add($"pauses.{EnumNames.Of(kind)}", "may list only new, open, pending and on_hold.");
            }
        }
        for (var i = 0; i < warnings.Count; i++)
        {
            var w = warnings[i];
            if (w is null || (w.PercentElapsed is null) == (w.MinutesLeft is null))
            {
                validation.Add($"warnings[{i}]", "must set exactly one of percent_elapsed and minutes_left.");
            }
            else if (w.PercentElapsed is < 1 or > 99 || w.MinutesLeft is < 1 or > 525_600)
            {
                validation.Add($"warnings[{i}]", "percent_elapsed must be 1–99, minutes_left 1–525600.");
            }
        }
        await CheckEscalationsAsync(escalations, db, validation, ct);
        if (validation.IsValid)
        {
            if (body.Name is not null)
            {
                policy.Name = body.Name.Trim();
            }
            if (body.Position is { } position)
            {
                policy.Position = position;
            }
            if (body.ClearCalendar == true)
            {
                policy.CalendarId = null;
            }
            else if (body.CalendarId is not null)
            {
                policy.CalendarId = body.CalendarId;
            }
            policy.Conditions = SlaJson.Write(conditions);
            policy.Targets = SlaJson.Write(targets.OrderByDescending(t => t.Priority).ThenBy(t => t.Kind).ToList());
            policy.Pauses = SlaJson.Write(pauses);
            policy.Warnings = SlaJson.Write(warnings);
            policy.Escalations = SlaJson.Write(escalations);
        }
        return validation;
    }

    private static void CheckConditions(PolicyConditions conditions, Validation validation)
    {
        if (conditions.Tiers?.Exists(t => string.IsNullOrWhiteSpace(t) || t.Length > 100) == true)
        {
            validation.Add("conditions.tiers", "must be non-empty names of at most 100 characters.");
        }
        if (conditions.Tags?.Exists(t => string.IsNullOrWhiteSpace(t) || t.Length > 100) == true)
        {
            validation.Add("conditions.tags", "must be non-empty names of at most 100 characters.");
        }
    }

    private static void CheckTargets(List<TargetRule> targets, Validation validation)
    {
        for (var i = 0; i < targets.Count; i++)
        {
            var t = targets[i];
            if (t is null)
            {
                validation.Add($"targets[{i}]", "is required.");
                continue;
            }
            if (t.Minutes is < 1 or > 525_600)
            {
                validation.Add($"targets[{i}].minutes", "must be between 1 and 525600 (a year).");
            }
            if (targets.FindIndex(o => o is not null && o.Priority == t.Priority && o.Kind == t.Kind) != i)
            {
                validation.Add($"targets[{i}]", $"repeats the {EnumNames.Of(t.Kind)} target for {EnumNames.Of(t.Priority)}.");
            }
        }
    }

    private static async Task CheckEscalationsAsync(List<EscalationRule> escalations, RapportDb db, Validation validation, CancellationToken ct)
    {
        for (var i = 0; i < escalations.Count; i++)
        {
            var e = escalations[i];
            var field = $"escalations[{i}]";
            switch (e?.Action)
            {
                case null:
                    validation.Add(field, "is required.");
                    break;
                case EscalationAction.MoveToTeam when e.TeamId is not { } teamId || !await db.Teams.AnyAsync(t => t.Id == teamId, ct):
                    validation.Add(field + ".team_id", "must refer to an existing team.");
                    break;
                case EscalationAction.AddTag when string.IsNullOrWhiteSpace(e.Tag) || e.Tag.Length > 100:
                    validation.Add(field + ".tag", "is required, at most 100 characters.");
                    break;
                case EscalationAction.Notify when e.Notify is null:
                    validation.Add(field + ".notify", "must be assignee or team_lead.");
                    break;
            }
        }
    }
}
