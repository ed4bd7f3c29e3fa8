namespace Rapport.Features.Mail.Ingest;

/// <summary>
/// Where IMAP fetching of one mailbox stands (UIDVALIDITY and the last UID taken) and which node
/// holds it: one row per mailbox, claimed with a lease so two nodes never fetch the same mailbox.
/// </summary>
public sealed class MailboxSync
{
    public long MailboxId { get; set; }
    public long? UidValidity { get; set; }
    public long LastUid { get; set; }
    public string? LeaseOwner { get; set; }
    public DateTime? LeaseUntil { get; set; }
    public DateTime? LastSyncedAt { get; set; }
    public string? LastError { get; set; }
}
