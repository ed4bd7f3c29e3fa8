using Rapport.Features.Customers;
using Rapport.Features.Timeline;

namespace Rapport.Features.Conversations;

/// <summary>A status a conversation reached at a known moment, as another helpdesk recorded it.</summary>
public sealed record HistoricStatus(ConversationStatus Status, DateTime At);

/// <summary>
/// Conversations brought over from another helpdesk. They do not walk the state machine: their
/// history already happened, so every field is set from the source and the activity log is written
/// at the original times, which is what later reports (first reply, resolution, SLA) read.
/// </summary>
public sealed partial class Conversation
{
    /// <summary>The id the conversation had in the system it was imported from; unique.</summary>
    public string? ExternalId { get; private set; }

    /// <param name="messages">In time order, at least one.</param>
    /// <param name="statusChanges">In time order; may be empty. The final status is appended when the history does not end in it.</param>
    public static Conversation Import(
        string? externalId, string subject, ConversationStatus status, Priority priority, Channel channel,
        Customer customer, long? teamId, long? assigneeId, IReadOnlyList<Message> messages,
        IReadOnlyList<HistoricStatus> statusChanges, IReadOnlyList<Tag> tags, DateTime importedAt)
    {
        ArgumentOutOfRangeException.ThrowIfZero(messages.Count);
        var first = messages[0];
        var lastMessageAt = messages[^1].CreatedAt;
        var end = statusChanges.Count > 0 && statusChanges[^1].At > lastMessageAt ? statusChanges[^1].At : lastMessageAt;
        var conversation = new Conversation
        {
            ExternalId = externalId,
            Subject = subject,
            Status = status,
            Priority = priority,
            Channel = channel,
            Customer = customer,
            TeamId = teamId,
            AssigneeId = assigneeId,
            MessageCount = messages.Count,
            CreatedAt = first.CreatedAt,
            UpdatedAt = end,
            LastMessageAt = messages.LastOrDefault(m => m.Kind != MessageKind.Note)?.CreatedAt ?? lastMessageAt,
            FirstReplyAt = messages.FirstOrDefault(m => m.Kind == MessageKind.Outbound)?.CreatedAt,
        };
        foreach (var tag in tags)
        {
            conversation.Tags.Add(new ConversationTag { Tag = tag });
        }

        var opener = ImportedActor(first, customer);
        conversation.RecordImported(ActivityKinds.ConversationCreated, opener, first.CreatedAt,
            new { subject, channel, priority, status = ConversationStatus.New, imported = true });
        conversation.RecordImported(ActivityKinds.ConversationImported, Actor.System, first.CreatedAt,
            new { external_id = externalId, imported_at = importedAt });
        if (teamId is not null || assigneeId is not null)
        {
            conversation.RecordImported(ActivityKinds.Assigned, opener, first.CreatedAt, new { team_id = teamId, assignee_id = assigneeId });
        }
        if (tags.Count > 0)
        {
            conversation.RecordImported(ActivityKinds.TagsChanged, opener, first.CreatedAt, new { added = tags.Select(t => t.Name).ToList() });
        }

        var history = statusChanges.ToList();
        if (history.Count == 0 ? status != ConversationStatus.New : history[^1].Status != status)
        {
            history.Add(new HistoricStatus(status, end));
        }
        var previous = ConversationStatus.New;
        var nextStatus = 0;
        foreach (var message in messages)
        {
            // Status changes recorded before this message come first, so the log reads in time order.
            for (; nextStatus < history.Count && history[nextStatus].At < message.CreatedAt; nextStatus++)
            {
                previous = conversation.RecordImportedStatus(previous, history[nextStatus]);
            }
            conversation.Messages.Add(message);
            conversation.RecordImported(message.Kind == MessageKind.Note ? ActivityKinds.NoteAdded : ActivityKinds.MessageAdded,
                ImportedActor(message, customer), message.CreatedAt, new { kind = message.Kind, channel = message.Channel });
        }
        for (; nextStatus < history.Count; nextStatus++)
        {
            previous = conversation.RecordImportedStatus(previous, history[nextStatus]);
        }

        if (status is ConversationStatus.Solved or ConversationStatus.Closed)
        {
            conversation.SolvedAt = history.LastOrDefault(h => h.Status == ConversationStatus.Solved)?.At ?? end;
        }
        if (status == ConversationStatus.Closed)
        {
            conversation.ClosedAt = history.LastOrDefault(h => h.Status == ConversationStatus.Closed)?.At ?? end;
        }
        return conversation;
    }

    private static Actor ImportedActor(Message message, Customer customer) => message switch
    {
        { AuthorUserId: { } user } => Actor.User(user),
        { Kind: MessageKind.Inbound } when customer.Id != 0 => Actor.Customer(customer.Id),
        _ => Actor.System,
    };

    private ConversationStatus RecordImportedStatus(ConversationStatus from, HistoricStatus change)
    {
        if (change.Status != from)
        {
            RecordImported(ActivityKinds.StatusChanged, Actor.System, change.At, new { from, to = change.Status });
        }
        return change.Status;
    }

    private void RecordImported(string kind, Actor actor, DateTime at, object data) =>
        PendingActivities.Add(Activity.ForConversation(this, kind, actor, at, data));
}
