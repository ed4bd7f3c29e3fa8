using Rapport.Features.Conversations;

namespace Rapport.Features.Sla;

/// <summary>
/// A service-level policy. Policies are ordered by <see cref="Position"/>; the first whose
/// conditions match a conversation applies to it. Targets, pauses, warnings and escalations are
/// JSON columns in the API's shapes: they are read and written whole, never queried inside.
/// </summary>
public sealed class SlaPolicy
{
    private SlaPolicy() { }

    public SlaPolicy(string name, int position, DateTime now)
    {
        Name = name;
        Position = position;
        Pauses = SlaJson.Write(PolicyRules.DefaultPauses);
        CreatedAt = now;
        UpdatedAt = now;
    }

    public long Id { get; private set; }
    public string Name { get; set; } = "";
    public int Position { get; set; }
    /// <summary>The calendar business-time targets count in; null counts them around the clock (UTC).</summary>
    public long? CalendarId { get; set; }
    public SlaCalendar? Calendar { get; private set; }
    public string Conditions { get; set; } = "{}";
    public string Targets { get; set; } = "[]";
    /// <summary>JSON object: target kind → statuses that pause it.</summary>
    public string Pauses { get; set; } = "{}";
    public string Warnings { get; set; } = "[]";
    public string Escalations { get; set; } = "[]";
    public DateTime CreatedAt { get; private set; }
    public DateTime UpdatedAt { get; set; }

    public PolicyRules Rules() => new(
        SlaJson.Read(Conditions, new PolicyConditions()),
        SlaJson.Read(Targets, new List<TargetRule>()),
        SlaJson.Read(Pauses, PolicyRules.DefaultPauses),
        SlaJson.Read(Warnings, new List<WarningPoint>()),
        SlaJson.Read(Escalations, new List<EscalationRule>()));
}

/// <summary>A policy's rules, parsed: what the evaluator and the simulator work from.</summary>
public sealed record PolicyRules(
    PolicyConditions Conditions,
    List<TargetRule> Targets,
    Dictionary<TargetKind, List<ConversationStatus>> Pauses,
    List<WarningPoint> Warnings,
    List<EscalationRule> Escalations)
{
    /// <summary>Pending and on hold pause resolution: the team is waiting on the customer or a third party.</summary>
    public static Dictionary<TargetKind, List<ConversationStatus>> DefaultPauses => new()
    {
        [TargetKind.Resolution] = [ConversationStatus.Pending, ConversationStatus.OnHold],
    };

    public bool IsPausedBy(TargetKind kind, ConversationStatus status) => Pauses.TryGetValue(kind, out var list) && list.Contains(status);

    public TargetRule? TargetFor(Priority priority, TargetKind kind) => Targets.Find(t => t.Priority == priority && t.Kind == kind);
}
