namespace Rapport.Features.Timeline;

/// <summary>The names of activity kinds. Consumers match on these strings, so they never change once shipped.</summary>
public static class ActivityKinds
{
    public const string ConversationCreated = "conversation.created";
    public const string MessageAdded = "conversation.message_added";
    public const string NoteAdded = "conversation.note_added";
    public const string StatusChanged = "conversation.status_changed";
    public const string PriorityChanged = "conversation.priority_changed";
    public const string SubjectChanged = "conversation.subject_changed";
    public const string Assigned = "conversation.assigned";
    public const string Transferred = "conversation.transferred";
    public const string TagsChanged = "conversation.tags_changed";
    public const string FollowersChanged = "conversation.followers_changed";
    public const string ConversationMerged = "conversation.merged";
    public const string ConversationMergedInto = "conversation.merged_into";
    public const string ConversationLinked = "conversation.linked";
    public const string ConversationUnlinked = "conversation.unlinked";
    public const string ConversationImported = "conversation.imported";
    public const string EmailSent = "conversation.email_sent";
    public const string EmailFailed = "conversation.email_failed";
    public const string EmailBounced = "conversation.email_bounced";
    public const string EmailAutoReply = "conversation.email_auto_reply";
    public const string AcknowledgementSent = "conversation.acknowledgement_sent";
    public const string AcknowledgementFailed = "conversation.acknowledgement_failed";
    public const string PromiseMade = "promise.made";
    public const string PromiseKept = "promise.kept";
    public const string PromiseCancelled = "promise.cancelled";
    public const string PromiseDueSoon = "promise.due_soon";
    public const string PromiseMissed = "promise.missed";
    public const string SlaWarning = "sla.warning";
    public const string SlaBreached = "sla.breached";
    public const string SlaNotify = "sla.notify";
    public const string CustomerCreated = "customer.created";
    public const string CustomerEdited = "customer.edited";
    public const string CustomerMerged = "customer.merged";
    public const string CustomerIdentityAdded = "customer.identity_added";
    public const string CustomerIdentityRemoved = "customer.identity_removed";
    public const string CustomerNoteAdded = "customer.note_added";
}
