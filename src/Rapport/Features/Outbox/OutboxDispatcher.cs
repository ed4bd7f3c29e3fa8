using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Rapport.Data;

namespace Rapport.Features.Outbox;

/// <summary>
/// Delivers outbox items after their transaction committed. A node claims due items with a lease
/// (<c>FOR UPDATE SKIP LOCKED</c> on PostgreSQL; the write gate on SQLite), so each item is held by
/// one node at a time; it delivers, then records the outcome: sent, retry later with exponential
/// backoff, or failed for good (the handler tells the conversation). A node that dies mid-delivery
/// leaves its lease to expire, and the item is tried again with the same content (for mail, the same
/// Message-ID, so a copy the server had already accepted is recognised as the same message).
/// </summary>
public sealed class OutboxDispatcher(IServiceScopeFactory scopes, OutboxSignal signal, TimeProvider time,
    IOptions<OutboxOptions> options, ILogger<OutboxDispatcher> log) : BackgroundService
{
    private readonly string _owner = Owner();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            return;
        }
        // Let start-up (migrations) finish first.
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (await RunOnceAsync(stoppingToken) == 0)
                {
                    await signal.WaitAsync(TimeSpan.FromSeconds(options.Value.PollSeconds), stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // The database may be away for a moment; the items wait in their table.
                log.LogWarning(e, "The outbox dispatcher failed a round; trying again shortly.");
                await Task.Delay(TimeSpan.FromSeconds(options.Value.PollSeconds), time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    /// <summary>Claims and delivers the items that are due; returns how many were claimed.</summary>
    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        var claimed = await ClaimAsync(ct);
        foreach (var id in claimed)
        {
            await DeliverAsync(id, ct);
        }
        return claimed.Count;
    }

    private async Task<List<long>> ClaimAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RapportDb>();
        var now = time.GetUtcNow().UtcDateTime;
        var batch = options.Value.BatchSize;
        // A plain read first: an idle outbox never takes the SQLite write gate or a row lock.
        if (!await db.Outbox.AnyAsync(o => o.Status == OutboxStatus.Pending && o.NextAttemptAt <= now && (o.LeaseUntil == null || o.LeaseUntil < now), ct))
        {
            return [];
        }
        await using var tx = await db.BeginWriteTransactionAsync(ct);
        var due = db.IsSqlite
            ? db.Outbox.Where(o => o.Status == OutboxStatus.Pending && o.NextAttemptAt <= now && (o.LeaseUntil == null || o.LeaseUntil < now))
                .OrderBy(o => o.NextAttemptAt).ThenBy(o => o.Id).Take(batch)
            // Rows another node is claiming right now are skipped, not waited for.
            : db.Outbox.FromSql($"""
                SELECT * FROM outbox
                WHERE status = 'Pending' AND next_attempt_at <= {now} AND (lease_until IS NULL OR lease_until < {now})
                ORDER BY next_attempt_at, id LIMIT {batch}
                FOR UPDATE SKIP LOCKED
                """);
        var items = await due.ToListAsync(ct);
        foreach (var item in items)
        {
            item.LeaseOwner = _owner;
            item.LeaseUntil = now.AddSeconds(options.Value.LeaseSeconds);
            item.Attempts++;
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return items.Select(i => i.Id).ToList();
    }

    private async Task DeliverAsync(long id, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RapportDb>();
        var item = await db.Outbox.AsNoTracking().SingleAsync(o => o.Id == id, ct);
        var handler = scope.ServiceProvider.GetServices<IOutboxHandler>().FirstOrDefault(h => h.Kind == item.Kind);
        DeliveryResult result;
        if (handler is null)
        {
            result = DeliveryResult.Permanent($"Nothing here delivers outbox items of kind '{item.Kind}'.");
        }
        else
        {
            try
            {
                result = await handler.DeliverAsync(item, ct);
            }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                log.LogWarning(e, "Delivering outbox item {Id} failed unexpectedly.", id);
                result = DeliveryResult.Transient(e.Message);
            }
        }
        await RecordAsync(db, handler, id, result, ct);
    }

    private async Task RecordAsync(RapportDb db, IOutboxHandler? handler, long id, DeliveryResult result, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        await using var tx = await db.BeginWriteTransactionAsync(ct);
        var item = await db.Outbox.SingleAsync(o => o.Id == id, ct);
        if (item.LeaseOwner != _owner || item.Status != OutboxStatus.Pending)
        {
            log.LogWarning("Outbox item {Id} was no longer ours to record ({Owner}, {Status}).", id, item.LeaseOwner, item.Status);
            return;
        }
        item.LeaseOwner = null;
        item.LeaseUntil = null;
        var outcome = result.Outcome;
        if (outcome == DeliveryOutcome.Transient && item.Attempts >= options.Value.MaxAttempts)
        {
            outcome = DeliveryOutcome.Permanent;
            result = DeliveryResult.Permanent($"Gave up after {item.Attempts} attempts: {result.Error}");
        }
        switch (outcome)
        {
            case DeliveryOutcome.Delivered:
                item.Status = OutboxStatus.Sent;
                item.CompletedAt = now;
                item.LastError = null;
                if (handler is not null)
                {
                    await handler.OnDeliveredAsync(db, item, now, ct);
                }
                break;
            case DeliveryOutcome.Transient:
                item.LastError = Cut(result.Error);
                item.NextAttemptAt = now + Backoff(item.Attempts);
                log.LogInformation("Outbox item {Id} failed for now (attempt {Attempt}), next try at {Next}: {Error}", id, item.Attempts, item.NextAttemptAt, result.Error);
                break;
            default:
                item.Status = OutboxStatus.Failed;
                item.CompletedAt = now;
                item.LastError = Cut(result.Error);
                log.LogWarning("Outbox item {Id} failed for good: {Error}", id, result.Error);
                if (handler is not null)
                {
                    await handler.OnFailedAsync(db, item, item.LastError ?? "", now, ct);
                }
                break;
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>Base delay doubled per attempt after the first, capped.</summary>
    public TimeSpan Backoff(int attempts)
    {
        var seconds = options.Value.BaseDelaySeconds * Math.Pow(2, Math.Max(0, attempts - 1));
        return TimeSpan.FromSeconds(Math.Min(seconds, options.Value.MaxDelaySeconds));
    }

    /// <summary>Which node and process holds a lease, for whoever reads the table.</summary>
    private static string Owner()
    {
        var owner = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";
        return owner.Length <= 200 ? owner : owner[^200..];
    }

    private static string? Cut(string? error) => error is { Length: > 2000 } ? error[..2000] : error;
}
