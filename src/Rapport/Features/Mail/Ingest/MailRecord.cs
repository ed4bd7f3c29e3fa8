using Rapport.Features.Conversations;

namespace Rapport.Features.Mail.Ingest;

public enum MailDirection
{
    Inbound,
    Outbound,
}

/// <summary>
/// One e-mail we received or sent, by its RFC 5322 Message-ID (unique: a Message-ID seen once is
/// never stored twice). Threading looks replies up here; <see cref="MessageId"/> points at the
/// conversation message it became (null for a bounce or a message that was only recorded).
/// </summary>
public sealed class MailRecord
{
    public const int MaxMessageIdLength = 500;

    public long Id { get; private set; }
    public string RfcMessageId { get; set; } = "";
    public MailDirection Direction { get; set; }
    public long? MailboxId { get; set; }
    public long? MessageId { get; set; }
    public Message? Message { get; set; }
    /// <summary>The conversation a record without a message belongs to (a bounce), else null.</summary>
    public long? ConversationId { get; set; }
    public string? FromAddress { get; set; }
    /// <summary>Where a reply goes: Reply-To when the sender gave one, else From.</summary>
    public string? ReplyAddress { get; set; }
    public string? Subject { get; set; }
    /// <summary>The subject without Re:/Fwd: prefixes and the conversation token, lower case; for subject threading.</summary>
    public string? NormalisedSubject { get; set; }
    /// <summary>none, auto_reply, bulk, list, mailer_daemon: what the sender's headers said about it.</summary>
    public string AutoReply { get; set; } = "none";
    /// <summary>
    /// The new part of the HTML as it arrived (cid: links pointing at the stored inline images), so an
    /// agent may choose to see it again with remote images.
    /// </summary>
    public string? RawHtml { get; set; }
    /// <summary>The quoted history below the new text (plain text), when the sender's client quoted one.</summary>
    public string? QuotedText { get; set; }
    /// <summary>The quoted history of the HTML as it arrived (sanitised when shown), when there was one.</summary>
    public string? QuotedHtml { get; set; }
    public DateTime CreatedAt { get; set; }
}

/// <summary>
/// A Message-ID that a received message named in In-Reply-To or References. When the message it
/// names arrives later (mail is not always delivered in order), it joins the conversation of the
/// reply that arrived first.
/// </summary>
public sealed class MailReference
{
    public long MailRecordId { get; set; }
    public string RfcMessageId { get; set; } = "";
}
