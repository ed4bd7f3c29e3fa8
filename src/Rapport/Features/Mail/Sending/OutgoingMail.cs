namespace Rapport.Features.Mail.Sending;

/// <summary>An address with an optional display name, for writing headers.</summary>
public sealed record MailAddress(string Address, string? DisplayName = null);

public sealed record OutgoingAttachment(string FileName, string ContentType, ReadOnlyMemory<byte> Content);

/// <summary>Everything <see cref="MimeWriter"/> needs to write one message. Message-IDs are given without angle brackets.</summary>
public sealed record OutgoingMail(
    MailAddress From,
    IReadOnlyList<MailAddress> To,
    IReadOnlyList<MailAddress> Cc,
    string Subject,
    string MessageId,
    string? InReplyTo,
    IReadOnlyList<string> References,
    DateTimeOffset Date,
    string Text,
    string? Html,
    IReadOnlyList<OutgoingAttachment> Attachments)
{
    /// <summary>More header fields, written as given (ASCII values): Auto-Submitted on an acknowledgement, say.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];
}
