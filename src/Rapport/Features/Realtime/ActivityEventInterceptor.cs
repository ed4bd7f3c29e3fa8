using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Rapport.Features.Timeline;

namespace Rapport.Features.Realtime;

/// <summary>
/// Turns the activities a save wrote into <see cref="RealtimeEvent"/>s and sends them only once they
/// are committed: at once for a save that ran in its own transaction, at the commit of an explicit
/// transaction otherwise. A failed save or a rolled-back transaction sends nothing.
/// </summary>
/// <remarks>
/// One instance serves every (pooled) context, so per-context state lives in a weak table. Events
/// saved inside an explicit transaction carry that transaction's id: a transaction disposed without
/// commit leaves them behind, and the next commit on the same pooled context, having another id, discards them.
/// </remarks>
internal sealed class ActivityEventInterceptor(IRealtimeOutlet outlet) : ISaveChangesInterceptor, IDbTransactionInterceptor
{
    public const int MaxEventsPerCommit = 500;

    private readonly ConditionalWeakTable<DbContext, ContextState> _states = new();

    private sealed class ContextState
    {
        public List<Activity> Saving = [];
        public Guid? SavingInTransaction;
        public readonly List<(Guid Transaction, Activity Activity)> Pending = [];
    }

    public InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Capture(eventData.Context);
        return result;
    }

    public ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Capture(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        Saved(eventData.Context);
        return result;
    }

    public ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Saved(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public void SaveChangesFailed(DbContextErrorEventData eventData) => Forget(eventData.Context);

    public Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Forget(eventData.Context);
        return Task.CompletedTask;
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Committed(eventData.Context, eventData.TransactionId);

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Committed(eventData.Context, eventData.TransactionId);
        return Task.CompletedTask;
    }

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Discard(eventData.Context, eventData.TransactionId);

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Discard(eventData.Context, eventData.TransactionId);
        return Task.CompletedTask;
    }

    public void TransactionFailed(DbTransaction transaction, TransactionErrorEventData eventData) => Discard(eventData.Context, eventData.TransactionId);

    public Task TransactionFailedAsync(DbTransaction transaction, TransactionErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Discard(eventData.Context, eventData.TransactionId);
        return Task.CompletedTask;
    }

    private void Capture(DbContext? context)
    {
        if (context is null)
        {
            return;
        }
        var added = context.ChangeTracker.Entries<Activity>().Where(e => e.State == EntityState.Added).Select(e => e.Entity).ToList();
        if (added.Count == 0 && !_states.TryGetValue(context, out _))
        {
            return;
        }
        var state = _states.GetOrCreateValue(context);
        lock (state)
        {
            state.Saving = added;
            // Read before the save opens its own transaction: a transaction here is the caller's.
            state.SavingInTransaction = context.Database.CurrentTransaction?.TransactionId;
        }
    }

    private void Saved(DbContext? context)
    {
        if (context is null || !_states.TryGetValue(context, out var state))
        {
            return;
        }
        List<Activity> now;
        lock (state)
        {
            now = state.Saving;
            state.Saving = [];
            if (state.SavingInTransaction is { } transaction)
            {
                state.Pending.AddRange(now.Select(a => (transaction, a)));
                return;
            }
        }
        Send(now);
    }

    private void Forget(DbContext? context)
    {
        if (context is not null && _states.TryGetValue(context, out var state))
        {
            lock (state)
            {
                state.Saving = [];
            }
        }
    }

    private void Committed(DbContext? context, Guid transactionId)
    {
        if (context is null || !_states.TryGetValue(context, out var state))
        {
            return;
        }
        List<Activity> committed;
        lock (state)
        {
            committed = [.. state.Pending.Where(p => p.Transaction == transactionId).Select(p => p.Activity)];
            state.Pending.Clear();
        }
        Send(committed);
    }

    /// <summary>
    /// One event per activity; but a bulk change (an import) is not news to watch scroll by, and would
    /// flood every node: beyond <see cref="MaxEventsPerCommit"/> it becomes one <see cref="RealtimeEvent.RefreshKind"/>.
    /// </summary>
    private void Send(List<Activity> activities)
    {
        if (activities.Count == 0)
        {
            return;
        }
        outlet.Send(activities.Count > MaxEventsPerCommit
            ? [RealtimeEvent.Refresh(activities.Max(a => a.Id), activities.Max(a => a.OccurredAt))]
            : [.. activities.Select(RealtimeEvent.From)]);
    }

    private void Discard(DbContext? context, Guid transactionId)
    {
        if (context is not null && _states.TryGetValue(context, out var state))
        {
            lock (state)
            {
                state.Pending.RemoveAll(p => p.Transaction == transactionId);
            }
        }
    }
}
