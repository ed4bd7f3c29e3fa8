using System.Data.Common;
using System.Reflection;
using Microsoft.EntityFrameworkCore;

namespace Rapport.Data;

/// <summary>
/// Applies the versioned SQL scripts under <c>Data/Migrations/{provider}</c> in order. Each script
/// runs in its own transaction together with its row in <c>schema_migrations</c>, so a script is
/// applied wholly or not at all. Nodes that start together take a lock first (an advisory lock on
/// PostgreSQL, the write lock on SQLite) and re-read what is applied under it, so no script runs twice.
/// Before applying anything the history is checked against this build's scripts by checksum
/// (<see cref="MigrationHistory"/>): an edited or deleted applied script stops the run.
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
                var problems = MigrationHistory.Problems(Provider, Scripts(Provider), await ReadAppliedAsync(connection, null, ct));
                if (problems.Count > 0)
                {
                    throw new MigrationHistoryException(problems);
                }
                var done = await ApplyPendingAsync(connection, upTo, ct);
                await BackfillChecksumsAsync(connection, ct);
                return done;
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
    public async Task<IReadOnlyList<string>> AppliedAsync(CancellationToken ct = default) =>
        [.. (await HistoryAsync(ct)).Select(m => m.Version)];

    /// <summary>
    /// What <see cref="MigrateAsync"/> would apply and the problems that would stop it, read without
    /// a lock or a write (not even the history table is created), for <c>rapport migrate --dry-run</c>.
    /// </summary>
    public async Task<MigrationPlan> PlanAsync(CancellationToken ct = default)
    {
        var history = await HistoryAsync(ct);
        var applied = history.Select(m => m.Version).ToHashSet(StringComparer.Ordinal);
        var scripts = Scripts(Provider);
        return new MigrationPlan(
            [.. scripts.Select(s => s.Version).Where(v => !applied.Contains(v))],
            MigrationHistory.Problems(Provider, scripts, history));
    }

    private async Task<IReadOnlyList<AppliedMigration>> HistoryAsync(CancellationToken ct)
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
        var applied = (await AppliedAsync(ct)).ToHashSet(StringComparer.Ordinal);
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
            if (applied.Any(m => m.Version == version))
            {
                await tx.RollbackAsync(ct);
                continue;
            }
            logger.LogInformation("Applying migration {Version}", version);
            await ExecuteAsync(connection, tx, script, ct);
            // Scripts before 0210 run while the table has no checksum column yet; BackfillChecksumsAsync sums them after.
            var checksummed = await HasChecksumColumnAsync(connection, tx, ct);
            await using (var record = connection.CreateCommand())
            {
                record.Transaction = tx;
                record.CommandText = checksummed
                    ? "INSERT INTO schema_migrations (version, applied_at, checksum) VALUES (@v, @t, @c)"
                    : "INSERT INTO schema_migrations (version, applied_at) VALUES (@v, @t)";
                AddParameter(record, "@v", version);
                AddParameter(record, "@t", DateTime.UtcNow.ToString("O"));
                if (checksummed)
                {
                    AddParameter(record, "@c", MigrationHistory.Checksum(script));
                }
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

    /// <summary>
    /// Rows applied before the checksum column existed (by an older Rapport, or earlier in this run)
    /// get the checksum of this build's script: trusted on first sight, checked from then on.
    /// </summary>
    private async Task BackfillChecksumsAsync(DbConnection connection, CancellationToken ct)
    {
        if (!await HasChecksumColumnAsync(connection, null, ct))
        {
            return;
        }
        var missing = (await ReadAppliedAsync(connection, null, ct)).Where(m => m.Checksum is null).Select(m => m.Version).ToHashSet(StringComparer.Ordinal);
        var scripts = Scripts(Provider).Where(s => missing.Contains(s.Version)).ToList();
        if (scripts.Count == 0)
        {
            return;
        }
        await using var tx = Provider == DatabaseProvider.Sqlite
            ? await BeginImmediateAsync(connection, ct)
            : await connection.BeginTransactionAsync(ct);
        foreach (var (version, script) in scripts)
        {
            await using var update = connection.CreateCommand();
            update.Transaction = tx;
            update.CommandText = "UPDATE schema_migrations SET checksum = @c WHERE version = @v AND checksum IS NULL";
            AddParameter(update, "@c", MigrationHistory.Checksum(script));
            AddParameter(update, "@v", version);
            await update.ExecuteNonQueryAsync(ct);
        }
        await tx.CommitAsync(ct);
        logger.LogInformation("Recorded the checksums of {Count} migrations applied before checksums were kept", scripts.Count);
    }

    private async Task<bool> HasChecksumColumnAsync(DbConnection connection, DbTransaction? tx, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = Provider == DatabaseProvider.Sqlite
            ? "SELECT count(*) FROM pragma_table_info('schema_migrations') WHERE name = 'checksum'"
            : "SELECT count(*) FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = 'schema_migrations' AND column_name = 'checksum'";
        return Convert.ToInt64(await command.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture) > 0;
    }

    private async Task<List<AppliedMigration>> ReadAppliedAsync(DbConnection connection, DbTransaction? tx, CancellationToken ct)
    {
        var checksummed = await HasChecksumColumnAsync(connection, tx, ct);
        await using var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = checksummed ? "SELECT version, checksum FROM schema_migrations" : "SELECT version, NULL FROM schema_migrations";
        var applied = new List<AppliedMigration>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            applied.Add(new AppliedMigration(reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1)));
        }
        return applied;
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
