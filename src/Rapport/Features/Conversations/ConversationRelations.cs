using Rapport.Features.Customers;

namespace Rapport.Features.Conversations;

public sealed class ConversationTag
{
    public long ConversationId { get; set; }
    public long TagId { get; set; }
    public Tag? Tag { get; set; }
}

public sealed class ConversationFollower
{
    public long ConversationId { get; set; }
    public long UserId { get; set; }
}

/// <summary>Two related conversations. Stored once with the smaller id first.</summary>
public sealed class ConversationLink
{
    public long ConversationId { get; set; }
    public long LinkedConversationId { get; set; }
    public DateTime CreatedAt { get; set; }
    public long? CreatedByUserId { get; set; }

    public static ConversationLink Between(Conversation a, Conversation b, long? userId, DateTime now) => new()
    {
        ConversationId = Math.Min(a.Id, b.Id),
        LinkedConversationId = Math.Max(a.Id, b.Id),
        CreatedAt = now,
        CreatedByUserId = userId,
    };
}
