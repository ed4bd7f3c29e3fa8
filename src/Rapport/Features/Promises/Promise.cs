using Rapport.Features.Conversations;
using Rapport.Features.Timeline;
using Rapport.Web;

namespace Rapport.Features.Promises;

public enum PromiseState
{
    Open,
    Kept,
    Missed,
    Cancelled,
}

/// <summary>
/// Something an agent told a customer they would do by a time ("the refund by Tuesday"). It stays
/// open until kept or cancelled; the sweeper reminds before it is due and marks it missed once due,
/// which flags the conversation. Each move is written to the conversation's activity log.
/// </summary>
public sealed class Promise
{
    public const int MaxWhatLength = 500;

    private Promise() { }

    public long Id { get; private set; }
    public long ConversationId { get; private set; }
    public Conversation? Conversation { get; private set; }
    public long CreatedByUserId { get; private set; }
    public string What { get; private set; } = "";
    public DateTime DueAt { get; private set; }
    public PromiseState State { get; private set; }
    public DateTime CreatedAt { get; private set; }
    /// <summary>When the sweeper should next look at it: the reminder time, then the due time; null once settled.</summary>
    public DateTime? NextCheckAt { get; private set; }
    public DateTime? RemindedAt { get; private set; }
    public DateTime? MissedAt { get; private set; }
    public DateTime? SettledAt { get; private set; }
    public long? SettledByUserId { get; private set; }

    /// <summary>A new promise; a reminder comes <paramref name="reminderLead"/> before it is due, unless that is already past.</summary>
    public static Promise Make(Conversation conversation, long userId, string what, DateTime dueAt, TimeSpan reminderLead, DateTime now)
    {
        var promise = new Promise
        {
            Conversation = conversation,
            ConversationId = conversation.Id,
            CreatedByUserId = userId,
            What = what.Trim(),
            DueAt = Utc(dueAt),
            State = PromiseState.Open,
            CreatedAt = Utc(now),
        };
        var remindAt = promise.DueAt - reminderLead;
        promise.NextCheckAt = remindAt > promise.CreatedAt ? remindAt : promise.DueAt;
        return promise;
    }

    /// <summary>Whether the sweeper has work on it at <paramref name="now"/>, and which.</summary>
    public bool IsDueForReminder(DateTime now) => State == PromiseState.Open && RemindedAt is null && DueAt > now && NextCheckAt <= now;

    public void Remind(DateTime now)
    {
        RemindedAt = Utc(now);
        NextCheckAt = DueAt;
    }

    public void Miss(DateTime now)
    {
        State = PromiseState.Missed;
        MissedAt = Utc(now);
        NextCheckAt = null;
    }

    /// <summary>Kept, on time or late (a missed promise kept later still counts as missed in reports: <see cref="MissedAt"/> stays).</summary>
    public void Keep(long userId, DateTime now)
    {
        if (State is PromiseState.Kept or PromiseState.Cancelled)
        {
            throw new DomainException($"This promise is {EnumNames.Of(State)} already.", "promise_settled");
        }
        State = PromiseState.Kept;
        Settle(userId, now);
    }

    public void Cancel(long userId, DateTime now)
    {
        if (State != PromiseState.Open)
        {
            throw new DomainException($"Only an open promise can be cancelled; this one is {EnumNames.Of(State)}.", "promise_settled");
        }
        State = PromiseState.Cancelled;
        Settle(userId, now);
    }

    public Activity Activity(string kind, Actor actor, DateTime now, object? extra = null) =>
        Timeline.Activity.ForConversation(Conversation ?? throw new InvalidOperationException("Load the conversation first."), kind, actor, now, extra ?? new
        {
            promise_id = Id,
            what = What,
            due_at = DueAt,
        });

    private void Settle(long userId, DateTime now)
    {
        SettledAt = Utc(now);
        SettledByUserId = userId;
        NextCheckAt = null;
    }

    private static DateTime Utc(DateTime t) => DateTime.SpecifyKind(t, DateTimeKind.Utc);
}
