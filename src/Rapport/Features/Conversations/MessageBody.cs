namespace Rapport.Features.Conversations;

/// <summary>
/// What someone wrote: plain text, HTML (sanitised on the way in), files already stored.
/// <paramref name="Channel"/> defaults to the conversation's channel.
/// </summary>
public sealed record MessageBody(string? Text, string? Html, IReadOnlyList<Attachment> Attachments, string? ExternalId = null, Channel? Channel = null)
{
    public static MessageBody PlainText(string text) => new(text, null, []);
}
