using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Rapport.Data;
using Rapport.Features.Conversations;
using Rapport.Features.Sla.Engine;
using Rapport.Features.Timeline;

namespace Rapport.Features.Sla;

/// <summary>
/// Keeps <see cref="ConversationSla"/> in step with its conversation: a save that logs a change the
/// SLA depends on (a message, a status, a priority, tags, team) works the conversation's SLA out
/// again and writes its row in that same save. With no policies (known from memory) it costs
/// nothing; otherwise one read of the conversation's clock-moving log rows, one of its SLA row, and
/// one of its customer and tags when some policy's conditions look at them.
/// </summary>
internal sealed class SlaRecompute(SlaPolicyCache cache, TimeProvider time) : SaveChangesInterceptor
{
    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is RapportDb db && !cache.KnownEmpty)
        {
            await RecomputeAsync(db, cancellationToken);
        }
        return result;
    }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        if (eventData.Context is RapportDb db && !cache.KnownEmpty)
        {
            RecomputeAsync(db, CancellationToken.None).GetAwaiter().GetResult();
        }
        return result;
    }

    private async Task RecomputeAsync(RapportDb db, CancellationToken ct)
    {
        var changed = db.ChangeTracker.Entries<Activity>()
            .Where(e => e.State == EntityState.Added && e.Entity.Conversation is not null && SlaEvent.Triggers.Contains(e.Entity.Kind))
            .GroupBy(e => e.Entity.Conversation!)
            .ToList();
        if (changed.Count == 0)
        {
            return;
        }
        var policies = await cache.GetAsync(db, ct);
        if (policies.Count == 0)
        {
            return;
        }
        var now = time.GetUtcNow().UtcDateTime;
        foreach (var group in changed)
        {
            await SlaUpdater.UpdateAsync(db, group.Key, policies, [.. group.Select(e => e.Entity)], now, ct);
        }
    }
}

/// <summary>Works out one conversation's SLA and writes its <see cref="ConversationSla"/> row into the pending save.</summary>
internal static class SlaUpdater
{
    public static async Task<(LoadedPolicy? Policy, SlaEvaluation? Evaluation, ConversationSla? Row)> UpdateAsync(
        RapportDb db, Conversation conversation, IReadOnlyList<LoadedPolicy> policies, IReadOnlyList<Activity> unsaved, DateTime now, CancellationToken ct)
    {
        var isNew = conversation.Id == 0;
        var subject = await SubjectAsync(db, conversation, policies, isNew, ct);
        var policy = SlaPolicyCache.Match(policies, subject);
        var row = isNew ? null
            : db.ConversationSlas.Local.FirstOrDefault(s => s.ConversationId == conversation.Id)
              ?? await db.ConversationSlas.SingleOrDefaultAsync(s => s.ConversationId == conversation.Id, ct);
        if (policy is null)
        {
            if (row is not null)
            {
                (row.PolicyId, row.NextDueAt, row.BreachAt, row.UpdatedAt) = (null, null, null, now);
            }
            return (null, null, row);
        }
        var events = new List<SlaEvent>();
        if (!isNew)
        {
            var rows = await db.Activities.AsNoTracking().Where(a => a.ConversationId == conversation.Id && SlaEvent.Kinds.Contains(a.Kind)).OrderBy(a => a.Id)
                .Select(a => new { a.Kind, a.ActorKind, a.Data, a.OccurredAt }).ToListAsync(ct);
            events.AddRange(rows.Select(r => SlaEvent.From(r.Kind, r.ActorKind, r.Data, r.OccurredAt)).OfType<SlaEvent>());
        }
        events.AddRange(unsaved.Where(a => SlaEvent.Kinds.Contains(a.Kind)).Select(a => SlaEvent.From(a.Kind, a.ActorKind, a.Data, a.OccurredAt)).OfType<SlaEvent>());
        var evaluation = SlaEvaluator.Evaluate(events, policy.Rules, policy.Calendar, now);
        if (row is null)
        {
            row = new ConversationSla { Conversation = conversation, CheckedUntil = now };
            if (!isNew)
            {
                row.ConversationId = conversation.Id;
            }
            db.ConversationSlas.Add(row);
        }
        row.PolicyId = policy.Id;
        row.NextDueAt = evaluation.NextDueAt;
        // Still running: due ahead, or overdue and not yet answered (those lead the at-risk view).
        row.BreachAt = evaluation.Targets.Where(t => t.MetAt is null && t.State is TargetState.Active or TargetState.Breached).Select(t => t.DueAt).Min();
        row.UpdatedAt = now;
        return (policy, evaluation, row);
    }

    /// <summary>The conversation as policies see it; customer and tags are read only when some policy's conditions need them.</summary>
    private static async Task<SlaSubject> SubjectAsync(RapportDb db, Conversation conversation, IReadOnlyList<LoadedPolicy> policies, bool isNew, CancellationToken ct)
    {
        var needsCustomer = policies.Any(p => p.Rules.Conditions is { Tiers.Count: > 0 } or { CompanyIds.Count: > 0 });
        var needsTags = policies.Any(p => p.Rules.Conditions is { Tags.Count: > 0 });
        string? tier = conversation.Customer?.Tier;
        var companyId = conversation.Customer?.CompanyId;
        var tags = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        if (!isNew && (needsTags || (needsCustomer && conversation.Customer is null)))
        {
            var stored = await db.Conversations.AsNoTracking().Where(c => c.Id == conversation.Id)
                .Select(c => new { c.Customer!.Tier, c.Customer.CompanyId, Tags = c.Tags.Select(t => t.Tag!.Name).ToList() })
                .SingleAsync(ct);
            if (conversation.Customer is null)
            {
                (tier, companyId) = (stored.Tier, stored.CompanyId);
            }
            tags.UnionWith(stored.Tags);
        }
        foreach (var entry in db.ChangeTracker.Entries<ConversationTag>())
        {
            var belongs = conversation.Tags.Contains(entry.Entity) || (conversation.Id != 0 && entry.Entity.ConversationId == conversation.Id);
            if (!belongs || entry.Entity.Tag?.Name is not { } name)
            {
                continue;
            }
            if (entry.State == EntityState.Deleted)
            {
                tags.Remove(name);
            }
            else
            {
                tags.Add(name);
            }
        }
        return new SlaSubject(conversation.Priority, conversation.Channel, tier, companyId, conversation.TeamId, tags);
    }
}
