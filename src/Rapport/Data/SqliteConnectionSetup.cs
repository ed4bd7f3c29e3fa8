using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Rapport.Data;

/// <summary>
/// Lets SQLite itself wait for the write lock. Without a busy timeout, a writer that finds the lock
/// taken returns SQLITE_BUSY to the driver, which sleeps a long fixed interval before trying again;
/// SQLite's own handler retries within milliseconds, so concurrent writers queue instead of stall.
/// (Writers in this process queue earlier still, at <see cref="SqliteWriteGate"/>.) Also sets
/// <c>synchronous</c>, which is per connection, from <see cref="DatabaseOptions.SqliteSynchronous"/>.
/// </summary>
internal sealed class SqliteConnectionSetup(SqliteSynchronous synchronous) : DbConnectionInterceptor
{
    private readonly string _pragmas = synchronous == SqliteSynchronous.Normal
        ? "PRAGMA busy_timeout = 30000; PRAGMA synchronous = NORMAL;"
        : "PRAGMA busy_timeout = 30000; PRAGMA synchronous = FULL;";

    // Pragmas last as long as the native connection, which the driver's pool keeps across opens:
    // each is set up once, not on every open (three times for a typical write request).
    private readonly ConditionalWeakTable<object, object> _configured = [];

    private bool Configured(DbConnection connection) =>
        connection is SqliteConnection { Handle: { } handle } && _configured.TryGetValue(handle, out _);

    private void Remember(DbConnection connection)
    {
        if (connection is SqliteConnection { Handle: { } handle })
        {
            _configured.AddOrUpdate(handle, this);
        }
    }

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        if (Configured(connection))
        {
            return;
        }
        using var command = connection.CreateCommand();
        command.CommandText = _pragmas;
        command.ExecuteNonQuery();
        Remember(connection);
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (Configured(connection))
        {
            return;
        }
        await using var command = connection.CreateCommand();
        command.CommandText = _pragmas;
        await command.ExecuteNonQueryAsync(cancellationToken);
        Remember(connection);
    }
}
