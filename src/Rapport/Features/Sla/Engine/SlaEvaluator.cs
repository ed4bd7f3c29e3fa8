using Rapport.Features.Conversations;
using Rapport.Features.Sla.Calendars;

namespace Rapport.Features.Sla.Engine;

/// <summary>
/// Derives every SLA target's state from a conversation's log: a pure function of the events, the
/// policy's rules, its calendar and the instant asked about. The rules it applies are written out
/// in docs/sla.md; in short:
/// <list type="bullet">
/// <item>first reply and resolution start when the conversation is created;</item>
/// <item>first reply stops at the first agent reply (or when the conversation is solved or closed);</item>
/// <item>next reply starts at the first customer message after an agent reply and stops at the next agent reply;</item>
/// <item>periodic update starts at each agent reply and stops at the next one, or at solve/close;</item>
/// <item>resolution stops at solved or closed; reopening resumes it with the time it had used;</item>
/// <item>a status the policy lists for a target pauses that target; the time already used is kept;</item>
/// <item>budgets come from the priority the conversation has now, so a priority change re-evaluates every run.</item>
/// </list>
/// </summary>
public static class SlaEvaluator
{
    public static SlaEvaluation Evaluate(IEnumerable<SlaEvent> events, PolicyRules rules, BusinessCalendar calendar, DateTime now)
    {
        var past = events.Where(e => e.At <= now).OrderBy(e => e.At).ToList();
        var clocks = Replay(past, rules, out var priority, out var status);
        var runs = new List<TargetEvaluation>();
        foreach (var clock in clocks)
        {
            if (rules.TargetFor(priority, clock.Kind) is { } target)
            {
                runs.Add(Judge(clock, target, rules.Warnings, calendar, now));
            }
        }
        runs = KeepWrittenBreaches(runs, past.Select(e => e.Breach).OfType<RecordedBreach>());
        var current = runs.GroupBy(r => r.Kind).Select(g => g.Last()).OrderBy(r => r.Kind).ToList();
        return new SlaEvaluation(priority, status, current, runs);
    }

    /// <summary>Every instant a target of <paramref name="priority"/> started at <paramref name="start"/> warns and falls due, with the given waits on the customer (pending) counted as the policy says.</summary>
    public static IReadOnlyList<TargetEvaluation> Simulate(
        PolicyRules rules, BusinessCalendar calendar, Priority priority, DateTime start, IEnumerable<(DateTime From, DateTime To)> pauses)
    {
        var results = new List<TargetEvaluation>();
        var sortedPauses = pauses.Where(p => p.To > p.From && p.To > start).OrderBy(p => p.From).ToList();
        foreach (var target in rules.Targets.Where(t => t.Priority == priority).OrderBy(t => t.Kind))
        {
            var clock = new TargetClock(target.Kind, start);
            clock.Run(start);
            if (rules.IsPausedBy(target.Kind, ConversationStatus.Pending))
            {
                foreach (var (from, to) in sortedPauses)
                {
                    clock.Pause(from < start ? start : from, ConversationStatus.Pending);
                    clock.Run(to);
                }
            }
            // Judged as the last pause ends: the due time and warnings are projected from there.
            results.Add(Judge(clock, target, rules.Warnings, calendar, clock.Running[^1].From));
        }
        return results;
    }

    private static List<TargetClock> Replay(IEnumerable<SlaEvent> events, PolicyRules rules, out Priority priority, out ConversationStatus status)
    {
        var clocks = new List<TargetClock>();
        TargetClock? firstReply = null, nextReply = null, periodic = null, resolution = null;
        priority = Priority.Normal;
        status = ConversationStatus.New;
        var replied = false;
        foreach (var e in events)
        {
            switch (e.Type)
            {
                case SlaEventType.Created when firstReply is null:
                    status = e.Status ?? ConversationStatus.New;
                    priority = e.Priority ?? Priority.Normal;
                    firstReply = Start(TargetKind.FirstReply, e.At, status);
                    resolution = Start(TargetKind.Resolution, e.At, status);
                    break;
                case SlaEventType.PriorityChanged:
                    priority = e.Priority ?? priority;
                    break;
                case SlaEventType.CustomerMessage when replied && (nextReply is null || nextReply.IsStopped) && !IsDone(status):
                    nextReply = Start(TargetKind.NextReply, e.At, status);
                    break;
                case SlaEventType.AgentReply:
                    replied = true;
                    StopIfOpen(firstReply, e.At);
                    StopIfOpen(nextReply, e.At);
                    StopIfOpen(periodic, e.At);
                    periodic = IsDone(status) ? null : Start(TargetKind.PeriodicUpdate, e.At, status);
                    break;
                case SlaEventType.StatusChanged when e.Status is { } to && to != status:
                    var from = status;
                    status = to;
                    if (IsDone(to))
                    {
                        StopIfOpen(firstReply, e.At);
                        StopIfOpen(nextReply, e.At);
                        StopIfOpen(periodic, e.At);
                        StopIfOpen(resolution, e.At);
                    }
                    else
                    {
                        if (IsDone(from) && resolution is { IsStopped: true })
                        {
                            resolution.Reopen(e.At, from, rules.IsPausedBy(TargetKind.Resolution, to), to);
                        }
                        foreach (var clock in new[] { firstReply, nextReply, periodic, resolution })
                        {
                            Follow(clock, e.At, to);
                        }
                    }
                    break;
            }
        }
        return clocks;

        TargetClock Start(TargetKind kind, DateTime at, ConversationStatus current)
        {
            var clock = new TargetClock(kind, at);
            clocks.Add(clock);
            if (rules.IsPausedBy(kind, current))
            {
                clock.Pause(at, current);
            }
            else
            {
                clock.Run(at);
            }
            return clock;
        }

        void Follow(TargetClock? clock, DateTime at, ConversationStatus to)
        {
            if (clock is null || clock.IsStopped)
            {
                return;
            }
            if (rules.IsPausedBy(clock.Kind, to))
            {
                clock.Pause(at, to);
            }
            else
            {
                clock.Run(at);
            }
        }
    }

    /// <summary>
    /// A breach once written stays: lowering the priority (a longer budget) or a policy without that
    /// target no longer un-breaches a run the worker has recorded, escalated and notified about.
    /// </summary>
    private static List<TargetEvaluation> KeepWrittenBreaches(List<TargetEvaluation> runs, IEnumerable<RecordedBreach> written)
    {
        foreach (var breach in written)
        {
            // PostgreSQL keeps microseconds: a run's start read back may differ from the one written by less than that.
            var i = runs.FindIndex(r => r.Kind == breach.Target && (r.StartedAt - breach.StartedAt).Duration() < TimeSpan.FromMilliseconds(1));
            if (i < 0)
            {
                runs.Add(new TargetEvaluation(breach.Target, TargetState.Breached, breach.Minutes ?? 0, breach.BusinessTime ?? true, breach.StartedAt,
                    breach.DueAt, null, breach.DueAt, TimeSpan.Zero, TimeSpan.Zero, [], null, []));
            }
            else if (runs[i].State != TargetState.Breached)
            {
                runs[i] = runs[i] with { State = TargetState.Breached, DueAt = breach.DueAt, BreachedAt = breach.DueAt, NextWarningAt = null };
            }
        }
        return [.. runs.OrderBy(r => r.StartedAt)];
    }

    private static bool IsDone(ConversationStatus status) => status is ConversationStatus.Solved or ConversationStatus.Closed;

    private static void StopIfOpen(TargetClock? clock, DateTime at)
    {
        if (clock is { IsStopped: false })
        {
            clock.Stop(at);
        }
    }

    private static TargetEvaluation Judge(TargetClock clock, TargetRule target, IReadOnlyList<WarningPoint> warnings, BusinessCalendar calendar, DateTime now)
    {
        var budget = target.Budget;
        var business = target.BusinessTime;
        var elapsed = TimeSpan.Zero;
        foreach (var (from, to) in clock.Running)
        {
            elapsed += Between(calendar, business, from, to ?? (now > from ? now : from));
        }
        var dueAt = Reach(clock, budget, calendar, business);
        var warningTimes = warnings.Select(w => w.ElapsedFor(budget)).Where(w => w is not null)
            .Select(w => Reach(clock, w!.Value, calendar, business)).Where(w => w is not null).Select(w => w!.Value).Order().ToList();
        var breached = dueAt is { } due && due <= (clock.StoppedAt ?? now);
        var state = breached ? TargetState.Breached
            : clock.IsStopped ? TargetState.Met
            : clock.IsPaused ? TargetState.Paused
            : TargetState.Active;
        DateTime? nextWarning = state == TargetState.Active ? warningTimes.Where(w => w > now).Cast<DateTime?>().FirstOrDefault() : null;
        var remaining = budget - elapsed;
        return new TargetEvaluation(
            clock.Kind, state, target.Minutes, business, clock.Start, dueAt, clock.StoppedAt, breached ? dueAt : null,
            elapsed, remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero, clock.Paused, nextWarning, warningTimes);
    }

    /// <summary>
    /// The instant the run has used <paramref name="threshold"/>: inside a span it ran (strictly
    /// past the threshold, so a reply exactly at the due time meets it), or projected from the
    /// span still running. Null when a paused or stopped run never got there.
    /// </summary>
    private static DateTime? Reach(TargetClock clock, TimeSpan threshold, BusinessCalendar calendar, bool business)
    {
        var used = TimeSpan.Zero;
        foreach (var (from, to) in clock.Running)
        {
            if (to is not { } end)
            {
                return Add(calendar, business, from, threshold - used);
            }
            var span = Between(calendar, business, from, end);
            if (used + span > threshold)
            {
                return Add(calendar, business, from, threshold - used);
            }
            used += span;
        }
        return null;
    }

    private static TimeSpan Between(BusinessCalendar calendar, bool business, DateTime from, DateTime to) =>
        to <= from ? TimeSpan.Zero : business ? calendar.BusinessTimeBetween(from, to) : to - from;

    private static DateTime Add(BusinessCalendar calendar, bool business, DateTime from, TimeSpan duration) =>
        business ? calendar.AddBusinessTime(from, duration) : from + duration;
}
