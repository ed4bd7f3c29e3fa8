using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Rapport.Data;
using Rapport.Features.Notifications;
using Rapport.Features.Timeline;

namespace Rapport.Features.Promises;

/// <summary>
/// Reminds before a promise is due and marks it missed once due, flagging the conversation and
/// notifying the agent who made it and the conversation's assignee. It reads only promises whose
/// <see cref="Promise.NextCheckAt"/> has come (an index, never a scan), and handles them in one write
/// transaction that locks them (<c>FOR UPDATE SKIP LOCKED</c> on PostgreSQL, the write gate on SQLite),
/// so with several nodes each reminder and each miss is written once.
/// </summary>
public sealed partial class PromiseSweeper(IServiceScopeFactory scopes, TimeProvider time, IOptions<PromiseOptions> options,
    ILogger<PromiseSweeper> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.SweepEnabled)
        {
            return;
        }
        await Task.Yield();
        var pause = TimeSpan.FromSeconds(options.Value.SweepSeconds);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (await SweepAsync(stoppingToken) < options.Value.BatchSize)
                {
                    await Task.Delay(pause, time, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                LogFailed(log, e);
                await Task.Delay(pause, time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    /// <summary>Handles the promises due for a reminder or a miss now; returns how many it handled.</summary>
    public async Task<int> SweepAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var batch = options.Value.BatchSize;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RapportDb>();
        // Idle rounds cost one indexed read: no write gate, no transaction, no lock.
        if (!await db.Promises.AnyAsync(p => p.NextCheckAt != null && p.NextCheckAt <= now, ct))
        {
            return 0;
        }
        await using var tx = await db.BeginWriteTransactionAsync(ct);
        var due = db.IsSqlite
            ? db.Promises.Where(p => p.NextCheckAt != null && p.NextCheckAt <= now).OrderBy(p => p.NextCheckAt).ThenBy(p => p.Id).Take(batch)
            // Promises another node is sweeping right now are skipped, not waited for.
            : db.Promises.FromSql($"""
                SELECT * FROM promises
                WHERE next_check_at IS NOT NULL AND next_check_at <= {now}
                ORDER BY next_check_at, id LIMIT {batch}
                FOR UPDATE SKIP LOCKED
                """);
        var promises = await due.ToListAsync(ct);
        if (promises.Count == 0)
        {
            return 0;
        }
        var conversationIds = promises.Select(p => p.ConversationId).Distinct().ToList();
        var conversations = await db.Conversations.Where(c => conversationIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, ct);
        foreach (var promise in promises)
        {
            var conversation = conversations[promise.ConversationId];
            var notify = new[] { promise.CreatedByUserId, conversation.AssigneeId ?? promise.CreatedByUserId }.Distinct().ToArray();
            if (promise.IsDueForReminder(now))
            {
                promise.Remind(now);
                db.Activities.Add(promise.Activity(ActivityKinds.PromiseDueSoon, Actor.System, now, Data(promise, notify, NotificationKinds.PromiseDue)));
            }
            else
            {
                promise.Miss(now);
                db.Activities.Add(promise.Activity(ActivityKinds.PromiseMissed, Actor.System, now, Data(promise, notify, NotificationKinds.PromiseMissed)));
            }
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return promises.Count;
    }

    /// <summary>The activity's details, with who to notify (read by the notification writer in the same save).</summary>
    private static object Data(Promise promise, long[] notify, string notifyKind) =>
        new { promise_id = promise.Id, what = promise.What, due_at = promise.DueAt, notify, notify_kind = notifyKind };

    [LoggerMessage(Level = LogLevel.Warning, Message = "The promise sweeper failed a round; trying again shortly.")]
    private static partial void LogFailed(ILogger logger, Exception e);
}
