namespace Rapport.Features.Conversations;

public enum MessageKind
{
    /// <summary>From the customer.</summary>
    Inbound,
    /// <summary>A public reply from an agent to the customer.</summary>
    Outbound,
    /// <summary>An internal note, never shown to the customer.</summary>
    Note,
}

public sealed partial class Message
{
    private Message() { }

    public long Id { get; private set; }
    public long ConversationId { get; set; }
    public MessageKind Kind { get; private set; }
    public Channel Channel { get; private set; }
    public long? AuthorUserId { get; private set; }
    public long? AuthorCustomerId { get; private set; }
    public string BodyText
    {
        get => _bodyText;
        private set
        {
            _bodyText = value;
            SearchText = ConversationSearch.Fold(value, ConversationSearch.MaxMessageTextLength);
        }
    }

    private string _bodyText = "";

    /// <summary>The text folded by <see cref="Customers.SearchNormaliser"/>: what message search matches (an FTS5 or trigram index).</summary>
    public string SearchText { get; private set; } = "";
    /// <summary>Sanitised HTML, or null when the message is plain text.</summary>
    public string? BodyHtml { get; private set; }
    /// <summary>An id from outside (an email Message-ID, a chat message id), for de-duplication.</summary>
    public string? ExternalId { get; private set; }
    public DateTime CreatedAt { get; private set; }

    public List<Attachment> Attachments { get; private set; } = [];
}
