using Rapport.Features.Conversations;

namespace Rapport.Features.Notifications;

/// <summary>
/// Something that calls on one agent: a mention in a note, a conversation given to them, a promise
/// coming due or missed. Written in the same transaction as the change that caused it, so the bell
/// never shows a notification for something that did not happen, nor misses one that did.
/// </summary>
public sealed class Notification
{
    public const int MaxExcerptLength = 200;

    private Notification() { }

    public long Id { get; private set; }
    public long UserId { get; private set; }
    /// <summary>See <see cref="NotificationKinds"/>.</summary>
    public string Kind { get; private set; } = "";
    public long? ConversationId { get; private set; }
    public Conversation? Conversation { get; private set; }
    public long? ActorUserId { get; private set; }
    public string? Excerpt { get; private set; }
    public DateTime CreatedAt { get; private set; }
    public DateTime? ReadAt { get; private set; }

    public static Notification For(long userId, string kind, Conversation? conversation, long? conversationId, long? actorUserId,
        string? excerpt, DateTime at)
    {
        var notification = new Notification
        {
            UserId = userId,
            Kind = kind,
            ActorUserId = actorUserId,
            Excerpt = excerpt is { Length: > MaxExcerptLength } ? excerpt[..MaxExcerptLength] : excerpt,
            CreatedAt = DateTime.SpecifyKind(at, DateTimeKind.Utc),
        };
        // A conversation created in the same save has no id yet: the navigation lets EF fill it in.
        if (conversation is not null)
        {
            notification.Conversation = conversation;
        }
        else
        {
            notification.ConversationId = conversationId;
        }
        return notification;
    }

    public void MarkRead(DateTime now) => ReadAt ??= DateTime.SpecifyKind(now, DateTimeKind.Utc);
}

/// <summary>The kinds of notification; clients match on these strings, so they never change once shipped.</summary>
public static class NotificationKinds
{
    public const string Mention = "mention";
    public const string Assigned = "assigned";
    public const string PromiseDue = "promise_due";
    public const string PromiseMissed = "promise_missed";
    public const string SlaWarning = "sla_warning";
    public const string SlaBreached = "sla_breached";
}
