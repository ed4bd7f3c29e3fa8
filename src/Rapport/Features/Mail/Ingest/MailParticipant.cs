namespace Rapport.Features.Mail.Ingest;

/// <summary>Someone copied on an e-mail conversation (Cc), by address.</summary>
public sealed class MailParticipant
{
    public long ConversationId { get; set; }
    public string Address { get; set; } = "";
    public string? DisplayName { get; set; }
    public string Role { get; set; } = "cc";
    public DateTime AddedAt { get; set; }
}

/// <summary>An address that bounced: replies to it are still allowed, but agents see the warning and why.</summary>
public sealed class BouncingAddress
{
    public string Address { get; set; } = "";
    public bool Permanent { get; set; }
    public string? Diagnostic { get; set; }
    public int Bounces { get; set; }
    public DateTime FirstBouncedAt { get; set; }
    public DateTime LastBouncedAt { get; set; }
}
