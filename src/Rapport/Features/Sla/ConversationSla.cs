using Rapport.Features.Conversations;

namespace Rapport.Features.Sla;

/// <summary>
/// A conversation's SLA, kept next to it: which policy applies and the next instant something falls
/// due by itself (a warning point or a due time). Recomputed in the same save as every change to
/// the conversation; the SLA worker takes rows by <see cref="NextDueAt"/> through its index, so
/// nothing ever scans all conversations.
/// </summary>
public sealed class ConversationSla
{
    public long ConversationId { get; set; }
    public Conversation? Conversation { get; set; }
    public long? PolicyId { get; set; }
    /// <summary>The earliest warning or due time of a running target; null when nothing is running.</summary>
    public DateTime? NextDueAt { get; set; }
    /// <summary>The earliest due time of a target still running, passed already when it is overdue: what the at-risk view and the badge count down to.</summary>
    public DateTime? BreachAt { get; set; }
    /// <summary>Warnings and breaches up to this instant have been written to the activity log.</summary>
    public DateTime CheckedUntil { get; set; }
    public DateTime UpdatedAt { get; set; }
}
