using System.Text.Json;
using Rapport.Features.Conversations;
using Rapport.Features.Timeline;
using Rapport.Web;

namespace Rapport.Features.Sla.Engine;

public enum SlaEventType
{
    Created,
    CustomerMessage,
    AgentReply,
    StatusChanged,
    PriorityChanged,

    /// <summary>A breach the worker wrote to the log: a fact, kept whatever the budget is later.</summary>
    Breached,
}

/// <summary>The part of one activity-log row the SLA clocks care about.</summary>
public sealed record SlaEvent(DateTime At, SlaEventType Type, ConversationStatus? Status = null, Priority? Priority = null, RecordedBreach? Breach = null)
{
    /// <summary>The activity kinds the evaluator reads: those that can move a clock, and breaches already written.</summary>
    public static readonly string[] Kinds =
        [ActivityKinds.ConversationCreated, ActivityKinds.MessageAdded, ActivityKinds.StatusChanged, ActivityKinds.PriorityChanged, ActivityKinds.SlaBreached];

    /// <summary>The kinds after which a conversation's SLA is worked out again: the clock movers, and what policy conditions look at (a written breach changes nothing ahead).</summary>
    public static readonly string[] Triggers =
        [ActivityKinds.ConversationCreated, ActivityKinds.MessageAdded, ActivityKinds.StatusChanged, ActivityKinds.PriorityChanged,
            ActivityKinds.TagsChanged, ActivityKinds.Assigned, ActivityKinds.Transferred];

    /// <summary>
    /// Reads an activity row, or returns null for one that moves no clock (a note, a tag). A message
    /// counts by its kind in the row's data (<c>message_kind</c>, or <c>kind</c> in imported rows);
    /// a message with neither counts by who wrote it.
    /// </summary>
    public static SlaEvent? From(string kind, ActorKind actor, string data, DateTime at)
    {
        using var json = JsonDocument.Parse(string.IsNullOrEmpty(data) ? "{}" : data);
        var root = json.RootElement;
        switch (kind)
        {
            case ActivityKinds.ConversationCreated:
                return new(at, SlaEventType.Created,
                    Enum<ConversationStatus>(root, "status") ?? ConversationStatus.New, Enum<Priority>(root, "priority") ?? Conversations.Priority.Normal);
            case ActivityKinds.MessageAdded:
                var messageKind = Text(root, "message_kind") ?? Text(root, "kind");
                var inbound = messageKind is null ? actor == ActorKind.Customer : messageKind == "inbound";
                var outbound = messageKind is null ? actor == ActorKind.User : messageKind == "outbound";
                return inbound ? new(at, SlaEventType.CustomerMessage) : outbound ? new(at, SlaEventType.AgentReply) : null;
            case ActivityKinds.StatusChanged:
                return Enum<ConversationStatus>(root, "to") is { } status ? new(at, SlaEventType.StatusChanged, status) : null;
            case ActivityKinds.PriorityChanged:
                return Enum<Priority>(root, "to") is { } priority ? new(at, SlaEventType.PriorityChanged, Priority: priority) : null;
            case ActivityKinds.SlaBreached:
                return Enum<TargetKind>(root, "target") is { } target && Instant(root, "started_at") is { } started && Instant(root, "due_at") is { } due
                    ? new(at, SlaEventType.Breached, Breach: new RecordedBreach(target, started, due, Int(root, "minutes"), Bool(root, "business_time")))
                    : null;
            default:
                return null;
        }
    }

    private static string? Text(JsonElement root, string name) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static DateTime? Instant(JsonElement root, string name) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.TryGetDateTime(out var at)
            ? (at.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(at, DateTimeKind.Utc) : at.ToUniversalTime())
            : null;

    private static int? Int(JsonElement root, string name) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out var value) && value.TryGetInt32(out var n) ? n : null;

    private static bool? Bool(JsonElement root, string name) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out var value) && value.ValueKind is JsonValueKind.True or JsonValueKind.False ? value.GetBoolean() : null;

    private static T? Enum<T>(JsonElement root, string name) where T : struct, Enum =>
        EnumNames.TryParse<T>(Text(root, name), out var value) ? value : null;
}

/// <summary>What an <c>sla.breached</c> row says: which run (target and start) fell due when, under what budget (rows written before 2026-12 lack the budget).</summary>
public sealed record RecordedBreach(TargetKind Target, DateTime StartedAt, DateTime DueAt, int? Minutes, bool? BusinessTime);
