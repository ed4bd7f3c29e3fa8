using Microsoft.EntityFrameworkCore.Storage;

namespace Rapport.Data;

/// <summary>
/// A database transaction that holds the SQLite write gate (if any) from its start until it is
/// disposed, committed or not. Open it with <see cref="RapportDb.BeginWriteTransactionAsync"/> and
/// always with <c>await using</c>: disposing without a commit rolls back, then frees the gate.
/// </summary>
public sealed class WriteTransaction : IAsyncDisposable
{
    private readonly IDbContextTransaction _transaction;
    private readonly SqliteWriteGate.Lease? _lease;

    internal WriteTransaction(IDbContextTransaction transaction, SqliteWriteGate.Lease? lease)
    {
        _transaction = transaction;
        _lease = lease;
    }

    public Task CommitAsync(CancellationToken ct = default) => _transaction.CommitAsync(ct);

    public Task RollbackAsync(CancellationToken ct = default) => _transaction.RollbackAsync(ct);

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _transaction.DisposeAsync();
        }
        finally
        {
            _lease?.Dispose();
        }
    }
}
