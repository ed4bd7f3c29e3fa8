namespace Rapport.Features.Mail.Acknowledgements;

/// <summary>
/// The acknowledgement a mailbox sent (or is sending, through the outbox) for the customer's mail
/// that opened a conversation. One per conversation at most; the Message-ID is fixed when it is
/// queued, so every attempt sends the same mail and the customer's answer threads back to it.
/// </summary>
public sealed class Acknowledgement
{
    public long Id { get; private set; }
    public long ConversationId { get; set; }
    /// <summary>The customer's message it answers: the outbox item points at it.</summary>
    public long MessageId { get; set; }
    public long? MailboxId { get; set; }
    /// <summary>Where it goes; the per-sender loop guard counts by this.</summary>
    public string Recipient { get; set; } = "";
    public string RfcMessageId { get; set; } = "";
    public DateTime CreatedAt { get; set; }
}
