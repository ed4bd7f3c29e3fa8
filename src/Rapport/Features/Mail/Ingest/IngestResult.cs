namespace Rapport.Features.Mail.Ingest;

public enum IngestOutcome
{
    /// <summary>A new conversation was opened.</summary>
    Created,
    /// <summary>Added to an existing conversation.</summary>
    Appended,
    /// <summary>This Message-ID was taken before; nothing changed.</summary>
    Duplicate,
    /// <summary>A delivery report: recorded on the conversation of the mail that bounced.</summary>
    Bounce,
    /// <summary>An auto-reply to a conversation: recorded on it without reopening it.</summary>
    AutoReply,
    /// <summary>Kept in the quarantine for an admin (unparseable, too large, over the sender's rate cap).</summary>
    Quarantined,
}

public sealed record IngestResult(IngestOutcome Outcome, long? ConversationId = null, long? MessageId = null, string? Detail = null)
{
    public long? QuarantineId { get; init; }
}
