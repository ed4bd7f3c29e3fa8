using Rapport.Features.Customers;
using Rapport.Features.Timeline;

namespace Rapport.Features.Conversations;

public enum ConversationStatus
{
    New,
    Open,
    Pending,
    OnHold,
    Solved,
    Closed,
}

public enum Priority
{
    Low,
    Normal,
    High,
    Urgent,
}

public enum Channel
{
    Email,
    Chat,
    Portal,
    Phone,
    Sms,
    [System.Text.Json.Serialization.JsonStringEnumMemberName("whatsapp")]
    WhatsApp,
    Social,
    Api,
}

/// <summary>
/// A conversation with one customer. Its state changes only through its own methods, which guard
/// the transitions and append to the activity log.
/// </summary>
public sealed partial class Conversation : IRecordsActivity
{
    private Conversation() { }

    public long Id { get; private set; }
    public string Subject
    {
        get => _subject;
        private set
        {
            _subject = value;
            SearchText = ConversationSearch.Fold(value, ConversationSearch.MaxSubjectTextLength);
        }
    }

    private string _subject = "";

    /// <summary>The subject folded by <see cref="Customers.SearchNormaliser"/>, which the inbox search matches.</summary>
    public string SearchText { get; private set; } = "";
    public ConversationStatus Status { get; private set; }
    public Priority Priority { get; private set; }
    public Channel Channel { get; private set; }
    public long CustomerId { get; private set; }
    public Customer? Customer { get; private set; }
    public long? TeamId { get; private set; }
    public long? AssigneeId { get; private set; }
    public int TransferCount { get; private set; }
    public int MessageCount { get; private set; }
    public long? MergedIntoId { get; private set; }
    public DateTime CreatedAt { get; private set; }
    public DateTime UpdatedAt { get; private set; }
    public DateTime? LastMessageAt { get; private set; }
    public DateTime? FirstReplyAt { get; private set; }
    public DateTime? SolvedAt { get; private set; }
    public DateTime? ClosedAt { get; private set; }

    public List<Message> Messages { get; private set; } = [];
    public List<ConversationTag> Tags { get; private set; } = [];
    public List<ConversationFollower> Followers { get; private set; } = [];

    /// <summary>Optimistic concurrency: bumped on every save, so two agents never overwrite each other unseen.</summary>
    public int Version { get; set; }

    public IList<Activity> PendingActivities { get; } = [];
}
