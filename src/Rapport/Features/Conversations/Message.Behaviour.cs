namespace Rapport.Features.Conversations;

public sealed partial class Message
{
    public const int MaxExternalIdLength = 500;

    /// <summary>A new message; its HTML is sanitised and its text derived from the HTML when none is given.</summary>
    internal static Message Create(MessageKind kind, Channel channel, long? authorUserId, long? authorCustomerId, MessageBody body, DateTime now)
    {
        var html = string.IsNullOrWhiteSpace(body.Html) ? null : HtmlSanitiser.Sanitise(body.Html);
        if (html is { Length: 0 })
        {
            html = null;
        }
        var text = !string.IsNullOrWhiteSpace(body.Text) ? body.Text.Trim() : html is null ? "" : HtmlSanitiser.ToText(html);
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

    /// <summary>The start of the text, for activity rows and previews.</summary>
    internal string Excerpt(int length = 200) =>
        BodyText.Length <= length ? BodyText : string.Concat(BodyText.AsSpan(0, length), "…");
}
