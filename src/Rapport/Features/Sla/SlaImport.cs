using Rapport.Data;
using Rapport.Features.Conversations;
using Rapport.Features.Sla.Engine;
using Rapport.Features.Timeline;

namespace Rapport.Features.Sla;

/// <summary>
/// Gives imported conversations their <see cref="ConversationSla"/> rows. An import writes its
/// history in bulk, past the save hook (<see cref="SlaRecompute"/>), so the importer calls this in
/// the batch's transaction once the conversations have their ids: the history is in memory already,
/// so it costs no read, only the rows' inserts; with no policies (known from memory) nothing at all.
/// </summary>
/// <remarks>
/// A target still running when imported may be overdue, or past warning points, already. Its row is
/// then due at once and counts as checked only up to the start of the earliest running target, so
/// the SLA worker writes those warnings and the breach (and runs their escalations) on its next
/// pass, as it would have live. A conversation with nothing running (closed, or answered in time)
/// is history: its row is written, and nothing is logged for its past.
/// </remarks>
public static class SlaImport
{
    public static async Task AddRowsAsync(RapportDb db, SlaPolicyCache cache, IEnumerable<(Conversation Conversation, IReadOnlyList<Activity> History)> imported, DateTime now, CancellationToken ct)
    {
        if (cache.KnownEmpty)
        {
            return;
        }
        var policies = await cache.GetAsync(db, ct);
        if (policies.Count == 0)
        {
            return;
        }
        foreach (var (conversation, history) in imported)
        {
            var subject = new SlaSubject(conversation.Priority, conversation.Channel, conversation.Customer?.Tier, conversation.Customer?.CompanyId, conversation.TeamId,
                conversation.Tags.Select(t => t.Tag?.Name).OfType<string>().ToHashSet(StringComparer.OrdinalIgnoreCase));
            var policy = SlaPolicyCache.Match(policies, subject);
            if (policy is null)
            {
                continue;
            }
            var events = history.Where(a => SlaEvent.Kinds.Contains(a.Kind)).OrderBy(a => a.OccurredAt)
                .Select(a => SlaEvent.From(a.Kind, a.ActorKind, a.Data, a.OccurredAt)).OfType<SlaEvent>().ToList();
            var evaluation = SlaEvaluator.Evaluate(events, policy.Rules, policy.Calendar, now);
            var running = evaluation.Targets.Where(t => t.MetAt is null && t.State is TargetState.Active or TargetState.Breached).ToList();
            var row = new ConversationSla
            {
                ConversationId = conversation.Id,
                PolicyId = policy.Id,
                NextDueAt = evaluation.NextDueAt,
                BreachAt = running.Select(t => t.DueAt).Min(),
                CheckedUntil = now,
                UpdatedAt = now,
            };
            if (running.Count > 0)
            {
                var since = running.Min(t => t.StartedAt);
                var missed = running.Any(t => t.WarningTimes.Any(w => w > since && w <= now) || t.BreachedAt is { } b && b > since && b <= now);
                if (missed)
                {
                    (row.CheckedUntil, row.NextDueAt) = (since, now);
                }
            }
            db.ConversationSlas.Add(row);
        }
        await db.SaveChangesAsync(ct);
    }
}
