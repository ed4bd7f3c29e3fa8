namespace Rapport.Features.Conversations;

public sealed partial class Message
{
    public const int MaxExternalIdLength = 500;

    /// <summary>A new message; its HTML is sanitised and its text derived from the HTML when none is given.</summary>
    internal static Message Create(MessageKind kind, Channel channel, long? authorUserId, long? authorCustomerId, MessageBody body, DateTime now)
    {
        var (text, html) = Content(body.Text, body.Html);
        var message = new Message
        {
            Kind = kind,
            Channel = channel,
            AuthorUserId = authorUserId,
            AuthorCustomerId = authorCustomerId,
            BodyText = text,
            BodyHtml = html,
            ExternalId = string.IsNullOrWhiteSpace(body.ExternalId) ? null : body.ExternalId.Trim(),
            CreatedAt = now,
        };
        message.Attachments.AddRange(body.Attachments);
        return message;
    }

    /// <summary>
    /// What is stored of a body, however it arrived (API, portal, mail, import): the HTML sanitised,
    /// null when nothing of it survives; the text as given, or else read from the sanitised HTML.
    /// </summary>
    internal static (string Text, string? Html) Content(string? text, string? html)
    {
        var clean = string.IsNullOrWhiteSpace(html) ? null : HtmlSanitiser.Sanitise(html);
        if (clean is { Length: 0 })
        {
            clean = null;
        }
        return (!string.IsNullOrWhiteSpace(text) ? text.Trim() : clean is null ? "" : HtmlSanitiser.ToText(clean), clean);
    }

    /// <summary>The start of the text, for activity rows and previews.</summary>
    internal string Excerpt(int length = 200) =>
        BodyText.Length <= length ? BodyText : string.Concat(BodyText.AsSpan(0, length), "…");
}
