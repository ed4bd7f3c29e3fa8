using System.Data.Common;
using System.Reflection;
using Microsoft.EntityFrameworkCore;

namespace Rapport.Data;

/// <summary>
/// Applies the versioned SQL scripts under <c>Data/Migrations/{provider}</c> in order. Each script
/// runs in its own transaction together with its row in <c>schema_migrations</c>, so a script is
/// applied wholly or not at all. Nodes that start together take a lock first (an advisory lock on
/// PostgreSQL, the write lock on SQLite) and re-read what is applied under it, so no script runs twice.
/// </summary>
public sealed class Migrator(RapportDb db, ILogger<Migrator> logger)
{
    // Any constant will do; it only has to be the same on every node.
    private const long PostgresLockKey = 0x5241_5050_4f52_54;

    public static IReadOnlyList<(string Version, string Script)> Scripts(DatabaseProvider provider)
    {
        var prefix = $"migrations/{provider}/";
        var assembly = typeof(Migrator).Assembly;
        return [.. assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(n => (Path.GetFileNameWithoutExtension(n[prefix.Length..]), Read(assembly, n)))];
    }

    /// <summary>The versions of <see cref="Scripts"/> without reading the scripts (a cheap check for the per-message pipe).</summary>
    public static IReadOnlyList<string> Versions(DatabaseProvider provider)
    {
        var prefix = $"migrations/{provider}/";
        return [.. typeof(Migrator).Assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(n => Path.GetFileNameWithoutExtension(n[prefix.Length..]))];
    }

    private static string Read(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    public DatabaseProvider Provider => db.IsSqlite ? DatabaseProvider.Sqlite : DatabaseProvider.Postgres;

    /// <summary>Applies every pending script, or those up to and including <paramref name="upTo"/>. Returns the versions applied.</summary>
    public async Task<IReadOnlyList<string>> MigrateAsync(string? upTo = null, CancellationToken ct = default)
    {
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            if (Provider == DatabaseProvider.Sqlite)
            {
                // WAL lets readers work while one writer commits; it is a property of the file, set once.
                await ExecuteAsync(connection, null, "PRAGMA journal_mode=WAL;", ct);
            }
            if (Provider == DatabaseProvider.Postgres)
            {
                // Taken before anything else, because even CREATE TABLE IF NOT EXISTS races between nodes.
                await ExecuteAsync(connection, null, $"SELECT pg_advisory_lock({PostgresLockKey});", ct);
            }
            try
            {
                await ExecuteAsync(connection, null,
                    "CREATE TABLE IF NOT EXISTS schema_migrations (version varchar(100) PRIMARY KEY, applied_at varchar(40) NOT NULL);", ct);
                return await ApplyPendingAsync(connection, upTo, ct);
            }
            finally
            {
                if (Provider == DatabaseProvider.Postgres)
                {
                    await ExecuteAsync(connection, null, $"SELECT pg_advisory_unlock({PostgresLockKey});", CancellationToken.None);
                }
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>The versions this database has applied.</summary>
    public async Task<IReadOnlyList<string>> AppliedAsync(CancellationToken ct = default)
    {
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var exists = connection.CreateCommand();
            exists.CommandText = Provider == DatabaseProvider.Sqlite
                ? "SELECT count(*) FROM sqlite_master WHERE type='table' AND name='schema_migrations'"
                : "SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name='schema_migrations'";
            if (Convert.ToInt64(await exists.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture) == 0)
            {
                return [];
            }
            return await ReadAppliedAsync(connection, null, ct);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>True when every script this build knows has been applied.</summary>
    public async Task<bool> IsCurrentAsync(CancellationToken ct = default)
    {
        var applied = (await AppliedAsync(ct)).ToHashSet();
        return Versions(Provider).All(applied.Contains);
    }

    private async Task<List<string>> ApplyPendingAsync(DbConnection connection, string? upTo, CancellationToken ct)
    {
        var done = new List<string>();
        foreach (var (version, script) in Scripts(Provider))
        {
            if (upTo is not null && string.CompareOrdinal(version, upTo) > 0)
            {
                break;
            }
            await using var tx = Provider == DatabaseProvider.Sqlite
                ? await BeginImmediateAsync(connection, ct)
                : await connection.BeginTransactionAsync(ct);
            var applied = await ReadAppliedAsync(connection, tx, ct);
            if (applied.Contains(version))
            {
                await tx.RollbackAsync(ct);
                continue;
            }
            logger.LogInformation("Applying migration {Version}", version);
            await ExecuteAsync(connection, tx, script, ct);
            await using (var record = connection.CreateCommand())
            {
                record.Transaction = tx;
                record.CommandText = "INSERT INTO schema_migrations (version, applied_at) VALUES (@v, @t)";
                AddParameter(record, "@v", version);
                AddParameter(record, "@t", DateTime.UtcNow.ToString("O"));
                await record.ExecuteNonQueryAsync(ct);
            }
            await tx.CommitAsync(ct);
            done.Add(version);
        }
        return done;
    }

    /// <summary>
    /// SQLite's deferred transactions take the write lock late; IMMEDIATE takes it at once, so a
    /// second process waits here instead of reading a list that is about to change.
    /// </summary>
    private static async Task<DbTransaction> BeginImmediateAsync(DbConnection connection, CancellationToken ct)
    {
        var sqlite = (Microsoft.Data.Sqlite.SqliteConnection)connection;
        return await Task.FromResult(sqlite.BeginTransaction(deferred: false));
    }

    private static async Task<List<string>> ReadAppliedAsync(DbConnection connection, DbTransaction? tx, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = "SELECT version FROM schema_migrations";
        var versions = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            versions.Add(reader.GetString(0));
        }
        return versions;
    }

    private static async Task ExecuteAsync(DbConnection connection, DbTransaction? tx, string sql, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        command.CommandTimeout = 600;
        await command.ExecuteNonQueryAsync(ct);
    }

    private static void AddParameter(DbCommand command, string name, object value)
    {
        var p = command.CreateParameter();
        p.ParameterName = name;
        p.Value = value;
        command.Parameters.Add(p);
    }
}
