namespace Rapport.Features.Conversations;

public sealed partial class Message
{
    /// <summary>
    /// A message from another helpdesk's history, kept with its original author and time. The body must
    /// already be in stored form, from <see cref="Content"/>.
    /// </summary>
    public static Message Import(MessageKind kind, Channel channel, long? authorUserId, long? authorCustomerId, string bodyText, string? bodyHtml, DateTime createdAt) => new()
    {
        Kind = kind,
        Channel = channel,
        AuthorUserId = authorUserId,
        AuthorCustomerId = authorCustomerId,
        BodyText = bodyText,
        BodyHtml = bodyHtml,
        CreatedAt = DateTime.SpecifyKind(createdAt, DateTimeKind.Utc),
    };
}
