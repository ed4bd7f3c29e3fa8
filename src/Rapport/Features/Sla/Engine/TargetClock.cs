using Rapport.Features.Conversations;

namespace Rapport.Features.Sla.Engine;

/// <summary>A stretch of time a target's clock stood still, and the status that stopped it.</summary>
public sealed record PausedSpan(DateTime From, DateTime? To, ConversationStatus Status);

/// <summary>
/// One run of one target while the log is replayed: when it started, the spans it ran and the spans
/// it was paused, and when it stopped. Budgets are applied afterwards, so a priority changed
/// later re-evaluates the whole run.
/// </summary>
internal sealed class TargetClock(TargetKind kind, DateTime start)
{
    public TargetKind Kind { get; } = kind;
    public DateTime Start { get; } = start;
    public List<(DateTime From, DateTime? To)> Running { get; } = [];
    public List<PausedSpan> Paused { get; } = [];
    public DateTime? StoppedAt { get; private set; }

    public bool IsStopped => StoppedAt is not null;
    public bool IsRunning => Running.Count > 0 && Running[^1].To is null;
    public bool IsPaused => Paused.Count > 0 && Paused[^1].To is null;

    public void Run(DateTime at)
    {
        ClosePause(at);
        if (!IsRunning)
        {
            Running.Add((at, null));
        }
    }

    public void Pause(DateTime at, ConversationStatus status)
    {
        CloseRun(at);
        ClosePause(at);
        Paused.Add(new PausedSpan(at, null, status));
    }

    public void Stop(DateTime at)
    {
        CloseRun(at);
        ClosePause(at);
        StoppedAt = at;
    }

    /// <summary>A solved conversation reopened: the clock goes on from where it stood, the solved time counted as a pause.</summary>
    public void Reopen(DateTime at, ConversationStatus solvedStatus, bool paused, ConversationStatus status)
    {
        if (StoppedAt is { } stopped)
        {
            Paused.Add(new PausedSpan(stopped, at, solvedStatus));
            StoppedAt = null;
        }
        if (paused)
        {
            Pause(at, status);
        }
        else
        {
            Run(at);
        }
    }

    private void CloseRun(DateTime at)
    {
        if (IsRunning)
        {
            Running[^1] = (Running[^1].From, at);
        }
    }

    private void ClosePause(DateTime at)
    {
        if (IsPaused)
        {
            Paused[^1] = Paused[^1] with { To = at };
        }
    }
}
