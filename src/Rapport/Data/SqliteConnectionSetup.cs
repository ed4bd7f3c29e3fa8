using System.Data.Common;
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

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = _pragmas;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = _pragmas;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
