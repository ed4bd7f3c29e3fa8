using System.Text.Json;
using System.Text.Json.Serialization;
using Rapport.Features.Conversations;

namespace Rapport.Features.Sla;

/// <summary>The four clocks a policy can set. See docs/sla.md for what starts, stops and pauses each.</summary>
public enum TargetKind
{
    FirstReply,
    NextReply,
    PeriodicUpdate,
    Resolution,
}

/// <summary>
/// Which conversations a policy applies to. Each list left empty matches anything; a conversation
/// matches when every non-empty list contains its value (AND across lists, OR within one).
/// </summary>
public sealed record PolicyConditions(
    List<Priority>? Priorities = null,
    List<string>? Tiers = null,
    List<long>? CompanyIds = null,
    List<Channel>? Channels = null,
    List<long>? TeamIds = null,
    List<string>? Tags = null)
{
    public bool Matches(SlaSubject subject) =>
        (Priorities is not { Count: > 0 } || Priorities.Contains(subject.Priority))
        && (Tiers is not { Count: > 0 } || (subject.Tier is { } tier && Tiers.Contains(tier, StringComparer.OrdinalIgnoreCase)))
        && (CompanyIds is not { Count: > 0 } || (subject.CompanyId is { } company && CompanyIds.Contains(company)))
        && (Channels is not { Count: > 0 } || Channels.Contains(subject.Channel))
        && (TeamIds is not { Count: > 0 } || (subject.TeamId is { } team && TeamIds.Contains(team)))
        && (Tags is not { Count: > 0 } || Tags.Exists(t => subject.Tags.Contains(t, StringComparer.OrdinalIgnoreCase)));
}

/// <summary>What a policy's conditions are matched against: the conversation as it is now.</summary>
public sealed record SlaSubject(Priority Priority, Channel Channel, string? Tier, long? CompanyId, long? TeamId, IReadOnlyCollection<string> Tags);

/// <summary>One target: for conversations of <see cref="Priority"/>, <see cref="Kind"/> is due within <see cref="Minutes"/>, counted in business or calendar time.</summary>
public sealed record TargetRule(Priority Priority, TargetKind Kind, int Minutes, bool BusinessTime = true)
{
    [JsonIgnore]
    public TimeSpan Budget => TimeSpan.FromMinutes(Minutes);
}

/// <summary>A warning point: when <see cref="PercentElapsed"/> of the target is used, or <see cref="MinutesLeft"/> remain. Exactly one is set.</summary>
public sealed record WarningPoint(int? PercentElapsed = null, int? MinutesLeft = null)
{
    /// <summary>The elapsed target time at which the warning falls, or null when it would fall at or before the start.</summary>
    public TimeSpan? ElapsedFor(TimeSpan budget)
    {
        var at = PercentElapsed is { } p ? budget * (p / 100.0) : budget - TimeSpan.FromMinutes(MinutesLeft ?? 0);
        return at > TimeSpan.Zero && at < budget ? at : null;
    }

    public override string ToString() => PercentElapsed is { } p ? $"{p}% elapsed" : $"{MinutesLeft} minutes left";
}

public enum EscalationTrigger
{
    Warning,
    Breach,
}

public enum EscalationAction
{
    RaisePriority,
    MoveToTeam,
    AddTag,
    Notify,
}

public enum NotifyWhom
{
    Assignee,
    TeamLead,
}

/// <summary>What to do when a target (or any target, when <see cref="Target"/> is null) warns or breaches.</summary>
public sealed record EscalationRule(
    EscalationTrigger On,
    EscalationAction Action,
    TargetKind? Target = null,
    long? TeamId = null,
    string? Tag = null,
    NotifyWhom? Notify = null);

/// <summary>The JSON the policy columns hold: the API's own shapes, snake_case.</summary>
internal static class SlaJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    public static string Write<T>(T value) => JsonSerializer.Serialize(value, Options);

    public static T Read<T>(string? json, T fallback) =>
        string.IsNullOrEmpty(json) ? fallback : JsonSerializer.Deserialize<T>(json, Options) ?? fallback;
}
