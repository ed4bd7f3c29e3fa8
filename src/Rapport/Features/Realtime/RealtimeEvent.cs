using System.Text.Json;
using System.Text.Json.Serialization;
using Rapport.Features.Conversations;
using Rapport.Features.Timeline;
using Rapport.Web;

namespace Rapport.Features.Realtime;

/// <summary>
/// What a console needs to know about one committed activity: ids and state, never content, so it
/// stays small enough for a PostgreSQL NOTIFY and leaks nothing a client could not fetch anyway.
/// </summary>
/// <param name="MailboxId">Set only on events for the nodes themselves (a mailbox changed: its IMAP fetching starts afresh), which no console is sent.</param>
public sealed record RealtimeEvent(
    long ActivityId,
    string Kind,
    long? ConversationId,
    long? CustomerId,
    long? TeamId,
    long? AssigneeId,
    string? Status,
    string? MessageKind,
    long? ActorUserId,
    IReadOnlyList<long>? Mentions,
    DateTime OccurredAt,
    long? MailboxId = null)
{
    /// <summary>PostgreSQL refuses NOTIFY payloads of 8000 bytes or more.</summary>
    public const int MaxPayloadBytes = 7900;

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>Too many changes at once to send one by one (an import): clients should reload what they show.</summary>
    public const string RefreshKind = "realtime.refresh";

    public static RealtimeEvent Refresh(long lastActivityId, DateTime at) =>
        new(lastActivityId, RefreshKind, null, null, null, null, null, null, null, null, at);

    /// <summary>Built after the save, when the activity has its id.</summary>
    public static RealtimeEvent From(Activity activity)
    {
        var conversation = activity.Conversation;
        string? messageKind = null;
        IReadOnlyList<long>? mentions = null;
        if (activity.Kind is ActivityKinds.MessageAdded or ActivityKinds.NoteAdded)
        {
            (messageKind, mentions) = ReadMessageData(activity.Data);
        }
        else if (activity.Kind is ActivityKinds.PromiseDueSoon or ActivityKinds.PromiseMissed)
        {
            // The agents a promise reminder calls on travel as mentions, so the hub tells them personally.
            (_, mentions) = ReadMessageData(activity.Data, "notify");
        }
        return new RealtimeEvent(
            activity.Id,
            activity.Kind,
            activity.ConversationId ?? conversation?.Id,
            activity.CustomerId ?? activity.Customer?.Id,
            conversation?.TeamId,
            conversation?.AssigneeId,
            conversation is null ? null : EnumNames.Of(conversation.Status),
            messageKind,
            activity.ActorUserId,
            mentions,
            activity.OccurredAt);
    }

    /// <summary>The NOTIFY payload: the whole event, or without the mentions should it ever grow too large.</summary>
    public string ToPayload()
    {
        var json = JsonSerializer.Serialize(this, Json);
        return System.Text.Encoding.UTF8.GetByteCount(json) <= MaxPayloadBytes ? json : JsonSerializer.Serialize(this with { Mentions = null }, Json);
    }

    public static RealtimeEvent? FromPayload(string payload) => JsonSerializer.Deserialize<RealtimeEvent>(payload, Json);

    private static (string? Kind, IReadOnlyList<long>? Mentions) ReadMessageData(string data, string mentionsField = "mentions")
    {
        try
        {
            using var doc = JsonDocument.Parse(data);
            var root = doc.RootElement;
            var kind = root.TryGetProperty("message_kind", out var k) && k.ValueKind == JsonValueKind.String ? k.GetString() : null;
            List<long>? mentions = null;
            if (root.TryGetProperty(mentionsField, out var m) && m.ValueKind == JsonValueKind.Array)
            {
                mentions = [.. m.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.Number).Select(e => e.GetInt64())];
            }
            return (kind, mentions is { Count: > 0 } ? mentions : null);
        }
        catch (JsonException)
        {
            return (null, null);
        }
    }
}
