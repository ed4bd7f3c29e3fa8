using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Rapport.Data;
using Rapport.Tests.Infrastructure;

namespace Rapport.Tests.Data;

/// <summary>Records every SQL command and commit the app sends, so a test can hold a request to a number of round trips.</summary>
public sealed class CommandCounter : DbCommandInterceptor, IDbTransactionInterceptor
{
    private readonly ConcurrentQueue<string> _commands = new();
    private int _commits;

    public IReadOnlyList<string> Commands => [.. _commands];
    public int Commits => _commits;

    public void Reset()
    {
        _commands.Clear();
        _commits = 0;
    }

    public override DbCommand CommandInitialized(CommandEndEventData eventData, DbCommand result)
    {
        _commands.Enqueue(result.CommandText);
        return result;
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Interlocked.Increment(ref _commits);

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _commits);
        return Task.CompletedTask;
    }

    /// <summary>Runs <paramref name="work"/> and returns what it sent. Implicit transactions (one per SaveChanges) count as commits too.</summary>
    public async Task<(IReadOnlyList<string> Commands, int Commits)> MeasureAsync(Func<Task> work)
    {
        Reset();
        await work();
        return (Commands, Commits);
    }
}

/// <summary>Rapport with a <see cref="CommandCounter"/> on every DbContext.</summary>
public abstract class CountingApp(DatabaseProvider provider) : RapportApp(provider)
{
    public CommandCounter Counter { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        // The SLA worker polls while policies exist; counted requests should see only their own work.
        builder.UseSetting("Sla:WorkerEnabled", "false");
        builder.ConfigureTestServices(services => services.AddSingleton<IInterceptor>(Counter));
    }
}

public sealed class CountingSqliteApp() : CountingApp(DatabaseProvider.Sqlite);

public sealed class CountingPostgresApp() : CountingApp(DatabaseProvider.Postgres);
