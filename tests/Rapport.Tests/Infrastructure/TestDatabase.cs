using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Rapport.Data;

namespace Rapport.Tests.Infrastructure;

/// <summary>An empty database of either kind, with no server around it, for storage-level tests.</summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private readonly string? _folder;

    private TestDatabase(DatabaseProvider provider, string connectionString, string? folder)
    {
        Provider = provider;
        ConnectionString = connectionString;
        _folder = folder;
    }

    public DatabaseProvider Provider { get; }
    public string ConnectionString { get; }

    public static async Task<TestDatabase> CreateAsync(DatabaseProvider provider)
    {
        if (provider == DatabaseProvider.Postgres)
        {
            return new TestDatabase(provider, await (await PostgresServer.GetAsync()).CreateDatabaseAsync(), null);
        }
        var folder = Path.Combine(Path.GetTempPath(), $"rapport-test-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        return new TestDatabase(provider, $"Data Source={Path.Combine(folder, "rapport.db")};Pooling=False", folder);
    }

    public RapportDb Open()
    {
        var options = new DbContextOptionsBuilder<RapportDb>();
        if (Provider == DatabaseProvider.Postgres)
        {
            options.UseNpgsql(ConnectionString);
        }
        else
        {
            options.UseSqlite(ConnectionString);
        }
        return new RapportDb(options.Options);
    }

    public Migrator Migrator(RapportDb db) => new(db, NullLogger<Migrator>.Instance);

    public ValueTask DisposeAsync()
    {
        if (_folder is not null)
        {
            try
            {
                Directory.Delete(_folder, recursive: true);
            }
            catch (IOException)
            {
                // Best effort: a temp folder.
            }
        }
        return ValueTask.CompletedTask;
    }
}
