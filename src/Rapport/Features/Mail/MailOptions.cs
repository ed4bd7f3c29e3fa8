using System.ComponentModel.DataAnnotations;

namespace Rapport.Features.Mail;

/// <summary>The <c>Mail</c> section of the configuration.</summary>
public sealed class MailOptions
{
    /// <summary>Whether this node runs the IMAP fetch workers (any number of nodes may; a lease keeps each mailbox with one).</summary>
    public bool FetchEnabled { get; set; } = true;

    /// <summary>How often mailboxes are polled when the server offers no IDLE, and how often new mailboxes are noticed.</summary>
    [Range(1, 3600)]
    public int PollSeconds { get; set; } = 60;

    /// <summary>How long one IDLE lasts before it is renewed (servers drop idlers after 30 minutes).</summary>
    [Range(1, 1700)]
    public int IdleSeconds { get; set; } = 600;

    /// <summary>Network timeout for one IMAP or SMTP exchange.</summary>
    [Range(1, 600)]
    public int TimeoutSeconds { get; set; } = 60;

    /// <summary>The whole of a mailbox's "test connection" (IMAP and SMTP together) ends within this.</summary>
    [Range(1, 60)]
    public int TestTimeoutSeconds { get; set; } = 10;

    /// <summary>More messages than this from one sender in an hour go to the quarantine (a loop, a flood).</summary>
    [Range(1, 100_000)]
    public int MaxPerSenderPerHour { get; set; } = 30;

    /// <summary>At most this many acknowledgements go to one address in an hour, whatever it sends (a loop guard).</summary>
    [Range(1, 100)]
    public int MaxAcknowledgementsPerSenderPerHour { get; set; } = 3;

    /// <summary>A message larger than this is quarantined, not parsed.</summary>
    [Range(1024, 1L << 31)]
    public long MaxMessageBytes { get; set; } = 50L * 1024 * 1024;

    /// <summary>The domain of the Message-IDs we write; by default the host of Rapport:PublicUrl.</summary>
    public string? MessageIdDomain { get; set; }

    /// <summary>
    /// The Unix domain socket on which the server takes piped mail from <c>rapport mail ingest</c>;
    /// by default <c>mail.sock</c> in the data folder, <c>off</c> to turn it off. See docs/email.md.
    /// </summary>
    public string? PipeSocket { get; set; }

    /// <summary>The name we give in EHLO; by default the Message-ID domain.</summary>
    public string? HeloName { get; set; }
}
