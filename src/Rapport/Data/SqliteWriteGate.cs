using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;

namespace Rapport.Data;

/// <summary>
/// One write transaction at a time per SQLite file, queued in this process. SQLite has a single
/// write lock; writers that race for it get SQLITE_BUSY and poll for it in sleeps of up to 100 ms,
/// which is what made p99 latency grow with the number of clients. Waiting here instead hands the
/// lock over as soon as the previous transaction ends, in arrival order. <c>busy_timeout</c> stays as
/// the backstop for the writes that do not come through here (single statements, other processes).
/// </summary>
/// <remarks>
/// The gate belongs to the file, not to a service container: every context on the same file in
/// this process shares it. <see cref="RapportDb"/> takes it in <c>SaveChanges</c> and in
/// <see cref="RapportDb.BeginWriteTransactionAsync"/>; a <see cref="Lease"/> is released once, however often it is disposed.
/// </remarks>
public sealed class SqliteWriteGate
{
    /// <summary>As long as SQLite's own busy timeout: past it the database is stuck, and the request should fail rather than hang.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private static readonly ConcurrentDictionary<string, SqliteWriteGate> Gates = new(StringComparer.Ordinal);

    private readonly SemaphoreSlim _semaphore = new(1, 1);

    private SqliteWriteGate()
    {
    }

    /// <summary>Whether a writer holds the gate now (for tests and diagnostics).</summary>
    public bool IsHeld => _semaphore.CurrentCount == 0;

    /// <summary>The gate of the file the connection string names; null for an in-memory database, which no other connection can see.</summary>
    public static SqliteWriteGate? For(string? connectionString)
    {
        var source = new SqliteConnectionStringBuilder(connectionString).DataSource;
        if (string.IsNullOrEmpty(source) || source == ":memory:" || source.StartsWith("file::memory:", StringComparison.Ordinal))
        {
            return null;
        }
        return Gates.GetOrAdd(Path.GetFullPath(source), _ => new SqliteWriteGate());
    }

    public async Task<Lease> EnterAsync(CancellationToken ct)
    {
        if (!await _semaphore.WaitAsync(Timeout, ct))
        {
            throw new TimeoutException($"No write slot on the SQLite database within {Timeout.TotalSeconds:F0} s.");
        }
        return new Lease(_semaphore);
    }

    public Lease Enter()
    {
        if (!_semaphore.Wait(Timeout))
        {
            throw new TimeoutException($"No write slot on the SQLite database within {Timeout.TotalSeconds:F0} s.");
        }
        return new Lease(_semaphore);
    }

    public sealed class Lease : IDisposable
    {
        private SemaphoreSlim? _semaphore;

        internal Lease(SemaphoreSlim semaphore) => _semaphore = semaphore;

        public void Dispose() => Interlocked.Exchange(ref _semaphore, null)?.Release();
    }
}
