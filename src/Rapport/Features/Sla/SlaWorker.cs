using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Rapport.Data;
using Rapport.Features.Conversations;
using Rapport.Features.Realtime;
using Rapport.Features.Sla.Engine;
using Rapport.Features.Timeline;

namespace Rapport.Features.Sla;

/// <summary>
/// Writes SLA warnings and breaches to the activity log as they fall due and runs the policy's
/// escalations. It takes rows whose <see cref="ConversationSla.NextDueAt"/> has passed, through
/// that column's index, in a write transaction: with <c>FOR UPDATE SKIP LOCKED</c> on PostgreSQL
/// (two nodes never take the same row), behind the write gate on SQLite. Each row remembers up to
/// when it was checked, so every warning and breach is written once. With no policies it sends no
/// query at all.
/// </summary>
internal sealed partial class SlaWorker(
    IServiceScopeFactory scopes, SlaPolicyCache cache, IRealtimeBus bus, TimeProvider time, IOptions<SlaOptions> options, ILogger<SlaWorker> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var changes = ListenForPolicyChangesAsync(stoppingToken);
        if (!options.Value.WorkerEnabled)
        {
            await changes;
            return;
        }
        var interval = TimeSpan.FromMilliseconds(options.Value.PollMilliseconds);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (!cache.KnownEmpty)
                {
                    while (await RunOnceAsync(stoppingToken) >= options.Value.BatchSize)
                    {
                        // A full batch: more may be due already.
                    }
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogFailed(logger, ex);
            }
            try
            {
                await Task.Delay(interval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
        await changes;
    }

    /// <summary>Another node (or this one) changed a policy or calendar: forget what is cached.</summary>
    private async Task ListenForPolicyChangesAsync(CancellationToken ct)
    {
        var reader = bus.Subscribe(ct);
        try
        {
            await foreach (var e in reader.ReadAllAsync(ct))
            {
                if (e.Kind == SlaPolicyCache.ChangedKind)
                {
                    cache.Invalidate();
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Shutting down.
        }
    }

    /// <summary>Takes one batch of due rows and returns how many it took.</summary>
    internal async Task<int> RunOnceAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RapportDb>();
        var policies = await cache.GetAsync(db, ct);
        if (policies.Count == 0)
        {
            return 0;
        }
        var now = time.GetUtcNow().UtcDateTime;
        var batch = options.Value.BatchSize;
        // One read through the index while nothing is due: no transaction, no write gate held.
        if (!await db.ConversationSlas.AnyAsync(s => s.NextDueAt <= now, ct))
        {
            return 0;
        }
        await using var transaction = await db.BeginWriteTransactionAsync(ct);
        var ids = db.IsSqlite
            ? await db.ConversationSlas.Where(s => s.NextDueAt <= now).OrderBy(s => s.NextDueAt).Select(s => s.ConversationId).Take(batch).ToListAsync(ct)
            : await db.Database.SqlQuery<long>(
                $"SELECT conversation_id AS \"Value\" FROM conversation_sla WHERE next_due_at <= {now} ORDER BY next_due_at LIMIT {batch} FOR UPDATE SKIP LOCKED")
                .ToListAsync(ct);
        if (ids.Count == 0)
        {
            return 0;
        }
        var rows = await db.ConversationSlas.Where(s => ids.Contains(s.ConversationId)).ToListAsync(ct);
        var conversations = await db.Conversations.Include(c => c.Customer).Include(c => c.Tags).ThenInclude(t => t.Tag)
            .Where(c => ids.Contains(c.Id)).ToListAsync(ct);
        foreach (var conversation in conversations)
        {
            var row = rows.Single(r => r.ConversationId == conversation.Id);
            var (policy, evaluation, _) = await SlaUpdater.UpdateAsync(db, conversation, policies, [], now, ct);
            if (policy is not null && evaluation is not null)
            {
                await RecordAsync(db, conversation, policy, evaluation, row.CheckedUntil, now, logger, ct);
            }
            row.CheckedUntil = now;
        }
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return ids.Count;
    }

    private static async Task RecordAsync(
        RapportDb db, Conversation conversation, LoadedPolicy policy, SlaEvaluation evaluation, DateTime since, DateTime now, ILogger logger, CancellationToken ct)
    {
        foreach (var run in evaluation.Runs)
        {
            foreach (var warning in run.WarningTimes.Where(w => w > since && w <= now && (run.BreachedAt is null || w < run.BreachedAt)))
            {
                db.Activities.Add(Activity.ForConversation(conversation, ActivityKinds.SlaWarning, Actor.System, warning, new
                {
                    policy_id = policy.Id, target = run.Kind, due_at = run.DueAt, started_at = run.StartedAt,
                }));
                await EscalateAsync(db, conversation, policy, EscalationTrigger.Warning, run.Kind, now, logger, ct);
            }
            if (run.BreachedAt is { } breached && breached > since && breached <= now)
            {
                db.Activities.Add(Activity.ForConversation(conversation, ActivityKinds.SlaBreached, Actor.System, breached, new
                {
                    policy_id = policy.Id, target = run.Kind, due_at = run.DueAt, started_at = run.StartedAt,
                    minutes = run.Minutes, business_time = run.BusinessTime,
                }));
                await EscalateAsync(db, conversation, policy, EscalationTrigger.Breach, run.Kind, now, logger, ct);
            }
        }
    }

    /// <summary>An escalation the conversation refuses (its state moved on) is logged and skipped: the warning or breach is still written, and the batch goes on.</summary>
    private static async Task EscalateAsync(
        RapportDb db, Conversation conversation, LoadedPolicy policy, EscalationTrigger trigger, TargetKind kind, DateTime now, ILogger logger, CancellationToken ct)
    {
        try
        {
            await SlaEscalations.RunAsync(db, conversation, policy.Rules, trigger, kind, now, ct);
        }
        catch (Exception ex) when (ex is Web.DomainException or ArgumentException)
        {
            LogEscalationRefused(logger, ex, conversation.Id, policy.Id);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "SLA: an escalation on conversation {ConversationId} (policy {PolicyId}) was refused.")]
    private static partial void LogEscalationRefused(ILogger logger, Exception ex, long conversationId, long policyId);

    [LoggerMessage(Level = LogLevel.Error, Message = "SLA: a pass of the worker failed; it tries again.")]
    private static partial void LogFailed(ILogger logger, Exception ex);
}
