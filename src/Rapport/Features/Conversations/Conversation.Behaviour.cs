using Rapport.Features.Accounts;
using Rapport.Features.Customers;
using Rapport.Features.Timeline;
using Rapport.Web;

namespace Rapport.Features.Conversations;

public sealed partial class Conversation
{
    public const int MaxSubjectLength = 500;
    public const int MaxReasonLength = 1000;

    /// <summary>
    /// Opens a conversation with its first message. <paramref name="author"/> wrote that message:
    /// the customer for inbound, an agent for a reply or a note (<paramref name="authorRole"/> then
    /// says whether they may reply). The customer must already have an id when they are the author.
    /// </summary>
    public static Conversation Start(Customer customer, string subject, Channel channel, Priority priority,
        MessageKind firstKind, MessageBody first, Actor author, Role? authorRole, DateTime now)
    {
        var conversation = new Conversation
        {
            Customer = customer,
            CustomerId = customer.Id,
            Subject = subject.Trim(),
            Channel = channel,
            Priority = priority,
            Status = ConversationStatus.New,
            CreatedAt = now,
            UpdatedAt = now,
        };
        conversation.Record(ActivityKinds.ConversationCreated, author, now, new
        {
            subject = conversation.Subject,
            channel,
            priority,
            status = conversation.Status,
        });
        switch (firstKind)
        {
            case MessageKind.Inbound:
                if (customer.Id == 0)
                {
                    throw new InvalidOperationException("Save a new customer before starting a conversation with their message.");
                }
                conversation.AddInbound(first, now);
                break;
            case MessageKind.Outbound:
                conversation.AddReply(first, author.UserId ?? throw new ArgumentException("A reply needs an agent.", nameof(author)),
                    authorRole ?? Role.Agent, null, now);
                break;
            default:
                conversation.AddNote(first, author.UserId ?? throw new ArgumentException("A note needs an agent.", nameof(author)), [], now);
                break;
        }
        return conversation;
    }

    /// <summary>
    /// Moves to <paramref name="to"/>. New is never re-entered; closed is final and only a solved
    /// conversation closes; any other status may go to open, pending, on hold or solved. Returns
    /// false, and records nothing, when the status is already <paramref name="to"/>.
    /// </summary>
    public bool ChangeStatus(ConversationStatus to, Actor actor, DateTime now)
    {
        if (to == Status)
        {
            return false;
        }
        EnsureNotClosed();
        if (to == ConversationStatus.New)
        {
            throw new DomainException($"A conversation cannot go back to new (it is {EnumNames.Of(Status)}).", "illegal_transition");
        }
        if (to == ConversationStatus.Closed && Status != ConversationStatus.Solved)
        {
            throw new DomainException($"Only a solved conversation can be closed; this one is {EnumNames.Of(Status)}.", "illegal_transition");
        }
        var from = Status;
        Status = to;
        switch (to)
        {
            case ConversationStatus.Solved:
                SolvedAt = now;
                break;
            case ConversationStatus.Closed:
                ClosedAt = now;
                break;
            default:
                SolvedAt = null;
                break;
        }
        Touch(now);
        Record(ActivityKinds.StatusChanged, actor, now, new { from, to });
        return true;
    }

    /// <summary>A message from the customer. It reopens a pending, on-hold or solved conversation; a closed one refuses it.</summary>
    public Message AddInbound(MessageBody body, DateTime now)
    {
        if (Status == ConversationStatus.Closed)
        {
            throw new DomainException(
                "This conversation is closed, so it takes no more messages: start a follow-up conversation (and link it to this one).",
                "conversation_closed");
        }
        var customer = Actor.Customer(CustomerId);
        var message = Message.Create(MessageKind.Inbound, body.Channel ?? Channel, null, CustomerId, body, now);
        Append(message, ActivityKinds.MessageAdded, customer, now, null);
        if (Status is ConversationStatus.Pending or ConversationStatus.OnHold or ConversationStatus.Solved)
        {
            ChangeStatus(ConversationStatus.Open, customer, now);
        }
        return message;
    }

    /// <summary>
    /// A public reply from an agent. Light agents never reply to customers. The first reply is
    /// timed; a reply to a new conversation opens it unless <paramref name="thenStatus"/> says otherwise.
    /// </summary>
    public Message AddReply(MessageBody body, long userId, Role role, ConversationStatus? thenStatus, DateTime now)
    {
        if (role == Role.LightAgent)
        {
            throw new DomainException("Light agents cannot reply to customers; add an internal note instead.", "light_agent");
        }
        EnsureNotClosed();
        var actor = Actor.User(userId);
        var message = Message.Create(MessageKind.Outbound, body.Channel ?? Channel, userId, null, body, now);
        FirstReplyAt ??= now;
        Append(message, ActivityKinds.MessageAdded, actor, now, null);
        var to = thenStatus ?? (Status == ConversationStatus.New ? ConversationStatus.Open : Status);
        ChangeStatus(to, actor, now);
        return message;
    }

    /// <summary>An internal note, never shown to the customer. <paramref name="mentions"/> are the agents it calls on.</summary>
    public Message AddNote(MessageBody body, long userId, IReadOnlyCollection<long> mentions, DateTime now)
    {
        EnsureNotClosed();
        var message = Message.Create(MessageKind.Note, body.Channel ?? Channel, userId, null, body, now);
        Append(message, ActivityKinds.NoteAdded, Actor.User(userId), now, mentions);
        return message;
    }

    public bool SetPriority(Priority priority, Actor actor, DateTime now)
    {
        if (priority == Priority)
        {
            return false;
        }
        EnsureNotClosed();
        var from = Priority;
        Priority = priority;
        Touch(now);
        Record(ActivityKinds.PriorityChanged, actor, now, new { from, to = priority });
        return true;
    }

    public bool SetSubject(string subject, Actor actor, DateTime now)
    {
        subject = subject.Trim();
        if (subject == Subject)
        {
            return false;
        }
        EnsureNotClosed();
        var from = Subject;
        Subject = subject;
        Touch(now);
        Record(ActivityKinds.SubjectChanged, actor, now, new { from, to = subject });
        return true;
    }

    /// <summary>
    /// Sets who owns the conversation. Choosing an agent within the current team, or a first team,
    /// is an assignment; moving it away from a team it already has is a transfer and needs a reason.
    /// </summary>
    public bool Assign(long? teamId, long? assigneeId, Actor actor, DateTime now)
    {
        if (teamId == TeamId && assigneeId == AssigneeId)
        {
            return false;
        }
        EnsureNotClosed();
        if (TeamId is not null && teamId != TeamId)
        {
            throw new DomainException("Moving a conversation to another team is a transfer: use transfer and give a reason.", "transfer_required");
        }
        var from = new { team_id = TeamId, assignee_id = AssigneeId };
        TeamId = teamId;
        AssigneeId = assigneeId;
        Touch(now);
        Record(ActivityKinds.Assigned, actor, now, new { from, to = new { team_id = teamId, assignee_id = assigneeId } });
        return true;
    }

    /// <summary>
    /// Hands the conversation to another team or agent. Every transfer states why and is counted,
    /// so a customer bounced between departments shows up in the numbers.
    /// </summary>
    public void Transfer(long? toTeamId, long? toAssigneeId, string reason, Actor actor, DateTime now)
    {
        if (string.IsNullOrWhiteSpace(reason))
        {
            throw new ArgumentException("A transfer needs a reason.", nameof(reason));
        }
        if (toTeamId is null && toAssigneeId is null)
        {
            throw new ArgumentException("A transfer needs a team or an agent.", nameof(toTeamId));
        }
        EnsureNotClosed();
        if (toTeamId == TeamId && toAssigneeId == AssigneeId)
        {
            throw new DomainException("The conversation is already with that team and agent.", "no_change");
        }
        var from = new { team_id = TeamId, assignee_id = AssigneeId };
        TeamId = toTeamId;
        AssigneeId = toAssigneeId;
        TransferCount++;
        Touch(now);
        Record(ActivityKinds.Transferred, actor, now, new
        {
            from,
            to = new { team_id = toTeamId, assignee_id = toAssigneeId },
            reason = reason.Trim(),
            transfer_number = TransferCount,
        });
    }

    /// <summary>Replaces the tags (the <see cref="Tags"/> with their <see cref="ConversationTag.Tag"/> must be loaded).</summary>
    public bool SetTags(IReadOnlyCollection<Tag> tags, Actor actor, DateTime now)
    {
        var current = Tags.ToDictionary(t => t.Tag!.Name, StringComparer.Ordinal);
        var wanted = tags.GroupBy(t => t.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var removed = current.Keys.Where(n => !wanted.ContainsKey(n)).Order(StringComparer.Ordinal).ToList();
        var added = wanted.Keys.Where(n => !current.ContainsKey(n)).Order(StringComparer.Ordinal).ToList();
        if (added.Count == 0 && removed.Count == 0)
        {
            return false;
        }
        foreach (var name in removed)
        {
            Tags.Remove(current[name]);
        }
        foreach (var name in added)
        {
            Tags.Add(new ConversationTag { Tag = wanted[name] });
        }
        Touch(now);
        Record(ActivityKinds.TagsChanged, actor, now, new { added, removed });
        return true;
    }

    /// <summary>Adds a follower (the <see cref="Followers"/> must be loaded). Following changes nothing a customer sees, so the conversation keeps its place in the inbox.</summary>
    public bool Follow(long userId, Actor actor, DateTime now)
    {
        if (Followers.Any(f => f.UserId == userId))
        {
            return false;
        }
        Followers.Add(new ConversationFollower { UserId = userId });
        Record(ActivityKinds.FollowersChanged, actor, now, new { added = new[] { userId }, removed = Array.Empty<long>() });
        return true;
    }

    public bool Unfollow(long userId, Actor actor, DateTime now)
    {
        var follower = Followers.FirstOrDefault(f => f.UserId == userId);
        if (follower is null)
        {
            return false;
        }
        Followers.Remove(follower);
        Record(ActivityKinds.FollowersChanged, actor, now, new { added = Array.Empty<long>(), removed = new[] { userId } });
        return true;
    }

    /// <summary>
    /// Moves every message of this conversation into <paramref name="target"/> and closes this one
    /// as merged (its <see cref="Messages"/> must be loaded). Returns the link between the two, for
    /// the caller to store unless they are linked already.
    /// </summary>
    public ConversationLink MergeInto(Conversation target, Actor actor, DateTime now)
    {
        if (target.Id == Id)
        {
            throw new DomainException("A conversation cannot be merged into itself.", "merge_self");
        }
        EnsureNotClosed();
        if (target.Status == ConversationStatus.Closed)
        {
            throw new DomainException("The target conversation is closed; merge into an open one.", "conversation_closed");
        }
        var moved = Messages.ToList();
        foreach (var message in moved)
        {
            message.ConversationId = target.Id;
        }
        target.MessageCount += moved.Count;
        if (LastMessageAt > target.LastMessageAt || target.LastMessageAt is null)
        {
            target.LastMessageAt = LastMessageAt;
        }
        if (FirstReplyAt is not null && (target.FirstReplyAt is null || FirstReplyAt < target.FirstReplyAt))
        {
            target.FirstReplyAt = FirstReplyAt;
        }
        var fromStatus = Status;
        MessageCount = 0;
        Status = ConversationStatus.Closed;
        ClosedAt = now;
        MergedIntoId = target.Id;
        Touch(now);
        target.Touch(now);
        Record(ActivityKinds.ConversationMergedInto, actor, now, new { into_id = target.Id, from_status = fromStatus, moved_messages = moved.Count });
        target.Record(ActivityKinds.ConversationMerged, actor, now, new { from_id = Id, moved_messages = moved.Count });
        return ConversationLink.Between(this, target, actor.UserId, now);
    }

    /// <summary>Undoes <see cref="Link"/>: both conversations record that they are no longer related.</summary>
    public void Unlink(Conversation other, Actor actor, DateTime now)
    {
        Record(ActivityKinds.ConversationUnlinked, actor, now, new { linked_conversation_id = other.Id });
        other.Record(ActivityKinds.ConversationUnlinked, actor, now, new { linked_conversation_id = Id });
    }

    /// <summary>Relates two conversations (a follow-up to a closed one, the same problem from two people).</summary>
    public ConversationLink Link(Conversation other, Actor actor, DateTime now)
    {
        if (other.Id == Id)
        {
            throw new DomainException("A conversation cannot be linked to itself.", "link_self");
        }
        Record(ActivityKinds.ConversationLinked, actor, now, new { linked_conversation_id = other.Id });
        other.Record(ActivityKinds.ConversationLinked, actor, now, new { linked_conversation_id = Id });
        return ConversationLink.Between(this, other, actor.UserId, now);
    }

    private void Append(Message message, string kind, Actor actor, DateTime now, IReadOnlyCollection<long>? mentions)
    {
        Messages.Add(message);
        MessageCount++;
        LastMessageAt = now;
        Touch(now);
        Record(kind, actor, now, new
        {
            message_kind = message.Kind,
            channel = message.Channel,
            excerpt = message.Excerpt(),
            attachments = message.Attachments.Count,
            mentions,
        });
    }

    private void EnsureNotClosed()
    {
        if (Status == ConversationStatus.Closed)
        {
            throw new DomainException("This conversation is closed; closed is final. Start a follow-up conversation instead.", "conversation_closed");
        }
    }

    private void Touch(DateTime now) => UpdatedAt = now;

    private void Record(string kind, Actor actor, DateTime now, object data) =>
        PendingActivities.Add(Activity.ForConversation(this, kind, actor, now, data));
}
