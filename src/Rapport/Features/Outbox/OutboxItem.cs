using Rapport.Features.Conversations;

namespace Rapport.Features.Outbox;

public enum OutboxStatus
{
    Pending,
    Sent,
    Failed,
}

/// <summary>
/// A side effect to deliver after the change that caused it committed (an e-mail reply, later
/// webhooks). Written in the same transaction as the change; the dispatcher claims it, delivers it,
/// retries transient failures with backoff and records a permanent failure here for all to see.
/// </summary>
public sealed class OutboxItem
{
    public long Id { get; private set; }
    /// <summary>Which <see cref="IOutboxHandler"/> delivers it ("mail").</summary>
    public string Kind { get; set; } = "";
    public long? MessageId { get; set; }
    public Message? Message { get; set; }
    public OutboxStatus Status { get; set; }
    public int Attempts { get; set; }
    public DateTime NextAttemptAt { get; set; }
    public string? LeaseOwner { get; set; }
    public DateTime? LeaseUntil { get; set; }
    public string? LastError { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? CompletedAt { get; set; }
}
