using System.Data.Common;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Rapport.Data;
using Rapport.Tests.Infrastructure;

namespace Rapport.Tests.Data;

/// <summary>
/// Applied migrations are checksummed: an applied script that was edited or deleted stops start-up and
/// <c>rapport migrate</c>, <c>migrate --dry-run</c> lists what would run without running it, and a
/// database migrated before checksums were kept gets them recorded.
/// </summary>
public abstract class MigrationHistoryTests(DatabaseProvider provider)
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task AnEditedAppliedMigrationStopsStartUpNamingTheFileAndWhatToDo()
    {
        await using var database = await MigratedAsync();
        var edited = Migrator.Scripts(provider)[^4].Version;
        // The build's text is fixed in the assembly, so the database is made to remember other text instead: the same disagreement.
        await ExecuteAsync(database, $"UPDATE schema_migrations SET checksum = '{new string('0', 64)}' WHERE version = '{edited}'");

        var run = await IngestVerbProcess.RunCommandLineAsync("", Arguments(database), Limit);

        Assert.True(run.ExitCode == 65, $"exit {run.ExitCode} (-1: still serving at the limit)\n{run.Output}\n{run.Error}");
        var said = run.Output + run.Error;
        Assert.Contains($"Data/Migrations/{provider}/{edited}.sql was edited after it was applied", said, StringComparison.Ordinal);
        Assert.Contains("put the change in a new migration", said, StringComparison.Ordinal);
        Assert.DoesNotContain("   at Rapport.", said, StringComparison.Ordinal); // a message for the operator, not a stack trace
    }

    [Fact]
    public async Task MigrateExits65AndDryRunReportsAnEditedAppliedMigration()
    {
        await using var database = await MigratedAsync();
        var edited = Migrator.Scripts(provider)[1].Version;
        await ExecuteAsync(database, $"UPDATE schema_migrations SET checksum = '{new string('a', 64)}' WHERE version = '{edited}'");

        var migrate = await IngestVerbProcess.RunCommandLineAsync("", ["migrate", .. Arguments(database)], Limit);
        var dryRun = await IngestVerbProcess.RunCommandLineAsync("", ["migrate", "--dry-run", .. Arguments(database)], Limit);

        Assert.True(migrate.ExitCode == 65, $"exit {migrate.ExitCode}\n{migrate.Output}\n{migrate.Error}");
        Assert.Contains($"{edited}.sql was edited", migrate.Error, StringComparison.Ordinal);
        Assert.True(dryRun.ExitCode == 65, $"exit {dryRun.ExitCode}\n{dryRun.Output}\n{dryRun.Error}");
        Assert.Contains($"{edited}.sql was edited", dryRun.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ADeletedAppliedMigrationStopsMigratingNamingTheFile()
    {
        await using var database = await MigratedAsync();
        var scripts = Migrator.Scripts(provider);
        // A version between two of this build's scripts that this build does not carry: a file deleted after it ran.
        var deleted = scripts[^2].Version + "_removed";
        await ExecuteAsync(database, $"INSERT INTO schema_migrations (version, applied_at) VALUES ('{deleted}', '2026-01-01T00:00:00Z')");

        await using var db = database.Open();
        var error = await Assert.ThrowsAnyAsync<InvalidOperationException>(() => database.Migrator(db).MigrateAsync());

        Assert.Contains($"Data/Migrations/{provider}/{deleted}.sql was applied to this database but is missing from this build", error.Message, StringComparison.Ordinal);
        Assert.Contains("Restore the file", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AVersionAppliedByANewerBuildDoesNotStopAnOlderNode()
    {
        await using var database = await MigratedAsync();
        await ExecuteAsync(database, "INSERT INTO schema_migrations (version, applied_at) VALUES ('9990_from_a_newer_build', '2026-01-01T00:00:00Z')");

        await using var db = database.Open();
        Assert.Empty(await database.Migrator(db).MigrateAsync());
    }

    [Fact]
    public async Task DryRunListsThePendingMigrationsAndAppliesNothing()
    {
        var scripts = Migrator.Scripts(provider);
        await using var database = await TestDatabase.CreateAsync(provider);
        await using (var db = database.Open())
        {
            await database.Migrator(db).MigrateAsync(upTo: scripts[^3].Version);
        }

        // --dry-run first: a bare flag must not swallow the provider option after it.
        var run = await IngestVerbProcess.RunCommandLineAsync("", ["migrate", "--dry-run", .. Arguments(database)], Limit);

        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}\n{run.Output}\n{run.Error}");
        var listed = run.Output.Split('\n').Where(l => l.StartsWith("  ", StringComparison.Ordinal)).Select(l => l.Trim()).ToList();
        Assert.Equal([scripts[^2].Version, scripts[^1].Version], listed);
        await using var check = database.Open();
        Assert.Equal(scripts.Count - 2, (await database.Migrator(check).AppliedAsync()).Count);
    }

    [Fact]
    public async Task DryRunOnAnUpToDateDatabaseSaysSoAndExitsZero()
    {
        await using var database = await MigratedAsync();

        var run = await IngestVerbProcess.RunCommandLineAsync("", ["migrate", "--dry-run", .. Arguments(database)], Limit);

        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}\n{run.Output}\n{run.Error}");
        Assert.Contains("up to date", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ADatabaseMigratedByThePreviousVersionGetsItsChecksumsBackFilled()
    {
        var scripts = Migrator.Scripts(provider);
        var checksums = scripts.Select(s => s.Version).FirstOrDefault(v => v.EndsWith("_migration_checksums", StringComparison.Ordinal));
        Assert.NotNull(checksums);
        var previous = scripts.Last(s => string.CompareOrdinal(s.Version, checksums) < 0).Version;
        await using var database = await TestDatabase.CreateAsync(provider);
        await using (var db = database.Open())
        {
            // What the previous version left: every script up to it applied, and no checksum column.
            await database.Migrator(db).MigrateAsync(upTo: previous);
        }

        await using (var db = database.Open())
        {
            await database.Migrator(db).MigrateAsync();
        }

        var recorded = await ReadChecksumsAsync(database);
        Assert.Equal(scripts.Select(s => s.Version), recorded.Keys.Order(StringComparer.Ordinal));
        foreach (var (version, script) in scripts)
        {
            Assert.Equal(Sha256OfLfText(script), recorded[version]);
        }
    }

    [Fact]
    public async Task AFreshDatabaseRecordsTheChecksumOfEveryScript()
    {
        await using var database = await MigratedAsync();

        var recorded = await ReadChecksumsAsync(database);

        Assert.Equal(Migrator.Scripts(provider).Count, recorded.Count);
        Assert.All(Migrator.Scripts(provider), s => Assert.Equal(Sha256OfLfText(s.Script), recorded[s.Version]));
    }

    private static string Sha256OfLfText(string script) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(script.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n'))));

    private async Task<TestDatabase> MigratedAsync()
    {
        var database = await TestDatabase.CreateAsync(provider);
        await using var db = database.Open();
        await database.Migrator(db).MigrateAsync();
        return database;
    }

    private string[] Arguments(TestDatabase database) =>
    [
        "--Database:Provider", provider.ToString(),
        "--Database:ConnectionString", database.ConnectionString,
        "--Rapport:DataPath", Path.Combine(Path.GetTempPath(), $"rapport-migrate-{Guid.NewGuid():N}"),
        "--urls", "http://127.0.0.1:0",
    ];

    private static async Task ExecuteAsync(TestDatabase database, string sql)
    {
        await using var db = database.Open();
        await db.Database.OpenConnectionAsync();
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<Dictionary<string, string?>> ReadChecksumsAsync(TestDatabase database)
    {
        await using var db = database.Open();
        await db.Database.OpenConnectionAsync();
        await using DbCommand command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = "SELECT version, checksum FROM schema_migrations";
        var rows = new Dictionary<string, string?>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows[reader.GetString(0)] = reader.IsDBNull(1) ? null : reader.GetString(1);
        }
        return rows;
    }
}

public sealed class MigrationHistoryTestsOnSqlite() : MigrationHistoryTests(DatabaseProvider.Sqlite);

public sealed class MigrationHistoryTestsOnPostgres() : MigrationHistoryTests(DatabaseProvider.Postgres);
