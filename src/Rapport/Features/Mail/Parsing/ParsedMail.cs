namespace Rapport.Features.Mail.Parsing;

public sealed record MailboxAddress(string Address, string? DisplayName);

public enum AutoReplyKind { None, AutoReply, Bulk, List, MailerDaemon }

/// <summary>What a delivery status notification (bounce) says about a message we sent.</summary>
public sealed record DeliveryReport(string? OriginalMessageId, IReadOnlyList<string> FailedRecipients, bool Permanent, string? Diagnostic);

public sealed record MailAttachment(string FileName, string ContentType, string? ContentId, bool IsInline, byte[] Content);

/// <summary>
/// A message as far as it could be read. Every string is already decoded (RFC 2047, charsets,
/// transfer encodings) and free of NUL characters, so it can be stored as text in either database.
/// </summary>
public sealed class ParsedMail
{
    private readonly IReadOnlyList<HeaderField> fields;
    private readonly string? fallbackCharset;

    internal ParsedMail(IReadOnlyList<HeaderField> fields, string? fallbackCharset)
    {
        this.fields = fields;
        this.fallbackCharset = fallbackCharset;
    }

    /// <summary>Without angle brackets.</summary>
    public string? MessageId { get; init; }

    /// <summary>Ids without angle brackets, in the order they appear.</summary>
    public IReadOnlyList<string> InReplyTo { get; init; } = [];

    public IReadOnlyList<string> References { get; init; } = [];

    /// <summary>Decoded and unfolded; "" when the message has none.</summary>
    public string Subject { get; init; } = "";

    public MailboxAddress? From { get; init; }

    public IReadOnlyList<MailboxAddress> To { get; init; } = [];

    public IReadOnlyList<MailboxAddress> Cc { get; init; } = [];

    public IReadOnlyList<MailboxAddress> ReplyTo { get; init; } = [];

    public DateTimeOffset? Date { get; init; }

    /// <summary>Line ends are "\n"; format=flowed text is already unflowed.</summary>
    public string? TextBody { get; init; }

    /// <summary>As sent: not sanitised, cid: links untouched.</summary>
    public string? HtmlBody { get; init; }

    public IReadOnlyList<MailAttachment> Attachments { get; init; } = [];

    public AutoReplyKind AutoReply { get; init; }

    public DeliveryReport? Dsn { get; init; }

    /// <summary>Problems met while reading, in words an admin can act on.</summary>
    public IReadOnlyList<string> Defects { get; init; } = [];

    /// <summary>True only when nothing useful could be read: the message belongs in quarantine.</summary>
    public bool IsUnparseable { get; init; }

    /// <summary>Number of header fields in the top-level header section.</summary>
    public int HeaderCount => fields.Count;

    /// <summary>The first value of a header field, unfolded and decoded; null when absent.</summary>
    public string? Header(string name)
    {
        foreach (var field in fields)
        {
            if (field.Is(name))
            {
                return HeaderText.Unstructured(field.Value, fallbackCharset);
            }
        }
        return null;
    }

    /// <summary>Every value of a header field in order, unfolded and decoded.</summary>
    public IReadOnlyList<string> Headers(string name)
    {
        var values = new List<string>();
        foreach (var field in fields)
        {
            if (field.Is(name))
            {
                values.Add(HeaderText.Unstructured(field.Value, fallbackCharset));
            }
        }
        return values;
    }
}
