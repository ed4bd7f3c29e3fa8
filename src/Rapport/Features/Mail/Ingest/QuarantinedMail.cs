namespace Rapport.Features.Mail.Ingest;

/// <summary>A message that could not be taken in (unparseable, over a sender's rate cap), kept whole for an admin to read, retry or delete.</summary>
public sealed class QuarantinedMail
{
    public long Id { get; private set; }
    public long? MailboxId { get; set; }
    public string Reason { get; set; } = "";
    public string Source { get; set; } = "";
    public string? FromAddress { get; set; }
    public string? Subject { get; set; }
    public byte[] Raw { get; set; } = [];
    public int Size { get; set; }
    public DateTime ReceivedAt { get; set; }
}
