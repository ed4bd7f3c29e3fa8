using Rapport.Features.Conversations;

namespace Rapport.Features.Sla.Engine;

public enum TargetState
{
    Active,
    Paused,
    Met,
    Breached,
}

/// <summary>
/// One run of one target, judged against the budget of the conversation's current priority, with
/// what is needed to explain it: when it started, the spans it stood still, how much of the budget
/// it used (in business time when the target counts business time).
/// </summary>
public sealed record TargetEvaluation(
    TargetKind Kind,
    TargetState State,
    int Minutes,
    bool BusinessTime,
    DateTime StartedAt,
    DateTime? DueAt,
    DateTime? MetAt,
    DateTime? BreachedAt,
    TimeSpan Elapsed,
    TimeSpan Remaining,
    IReadOnlyList<PausedSpan> Pauses,
    DateTime? NextWarningAt,
    IReadOnlyList<DateTime> WarningTimes);

/// <summary>
/// A conversation's SLA as of one instant: the current run of each target (<see cref="Targets"/>)
/// and every run so far, oldest first (<see cref="Runs"/>; next reply and periodic update run many
/// times). <see cref="NextDueAt"/> is the earliest instant something will change by itself: a
/// warning point or a due time of a running target.
/// </summary>
public sealed record SlaEvaluation(Priority Priority, ConversationStatus Status, IReadOnlyList<TargetEvaluation> Targets, IReadOnlyList<TargetEvaluation> Runs)
{
    public DateTime? NextDueAt =>
        Targets.Where(t => t.State == TargetState.Active)
            .SelectMany(t => new[] { t.NextWarningAt, t.DueAt })
            .Where(d => d is not null)
            .Min();

    public IEnumerable<TargetEvaluation> Breaches => Runs.Where(r => r.State == TargetState.Breached);
}
