namespace Rapport.Features.Mail.Mailboxes;

/// <summary>How a mail connection is protected: TLS from the first byte, STARTTLS after the greeting, or none (loopback only).</summary>
public enum MailSecurity
{
    Tls,
    [System.Text.Json.Serialization.JsonStringEnumMemberName("starttls")]
    StartTls,
    None,
}

/// <summary>
/// A shared address customers write to (support@…). Mail arrives by IMAP, an MTA pipe or the raw
/// API; replies leave by SMTP from this address. Passwords are kept encrypted with data protection
/// (<see cref="MailboxSecrets"/>) and never leave the server.
/// </summary>
public sealed class Mailbox
{
    public long Id { get; private set; }
    public string Address { get; set; } = "";
    public string DisplayName { get; set; } = "";
    public long? TeamId { get; set; }
    public bool IsActive { get; set; } = true;

    public string? ImapHost { get; set; }
    public int ImapPort { get; set; } = 993;
    public MailSecurity ImapSecurity { get; set; } = MailSecurity.Tls;
    public string? ImapUser { get; set; }
    public string? ImapPasswordProtected { get; set; }
    public string ImapFolder { get; set; } = "INBOX";

    public string? SmtpHost { get; set; }
    public int SmtpPort { get; set; } = 587;
    public MailSecurity SmtpSecurity { get; set; } = MailSecurity.StartTls;
    public string? SmtpUser { get; set; }
    public string? SmtpPasswordProtected { get; set; }

    /// <summary>Off only for servers with a self-signed certificate one trusts anyway (a test rig, a LAN relay).</summary>
    public bool VerifyCertificates { get; set; } = true;

    /// <summary>Threads a message without references into an open conversation with the same sender and subject from the last N days; 0 turns this off.</summary>
    public int ThreadBySubjectDays { get; set; }

    /// <summary>
    /// Whether a customer's mail that opens a conversation gets an acknowledgement (the service
    /// standard and a status link). Off until an admin turns it on: the mail carries links to
    /// Rapport:PublicUrl, which must be the address customers can reach first.
    /// </summary>
    public bool SendAcknowledgements { get; set; }

    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }

    public bool ReceivesByImap => IsActive && !string.IsNullOrWhiteSpace(ImapHost);
}
