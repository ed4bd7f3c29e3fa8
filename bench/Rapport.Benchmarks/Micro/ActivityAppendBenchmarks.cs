using BenchmarkDotNet.Attributes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Rapport.Data;
using Rapport.Features.Customers;
using Rapport.Features.Timeline;

namespace Rapport.Benchmarks.Micro;

/// <summary>
/// One change plus its activity row, committed together: the write every customer or
/// conversation change makes. On a SQLite file in WAL mode, as the default install runs.
/// </summary>
[MemoryDiagnoser]
public class ActivityAppendBenchmarks
{
    private string _folder = "";
    private DbContextOptions<RapportDb> _options = null!;
    private long _customerId;

    [GlobalSetup]
    public void Setup()
    {
        _folder = Path.Combine(Path.GetTempPath(), $"rapport-bench-{Guid.NewGuid():N}");
        Directory.CreateDirectory(_folder);
        _options = new DbContextOptionsBuilder<RapportDb>().UseSqlite($"Data Source={Path.Combine(_folder, "bench.db")}").Options;
        using var db = new RapportDb(_options);
        new Migrator(db, NullLogger<Migrator>.Instance).MigrateAsync().GetAwaiter().GetResult();
        var customer = new Customer("Bench Customer", DateTime.UtcNow);
        db.Customers.Add(customer);
        db.SaveChanges();
        _customerId = customer.Id;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Benchmark]
    public int EditCustomerWithActivity()
    {
        using var db = new RapportDb(_options);
        var customer = db.Customers.Single(c => c.Id == _customerId);
        var now = DateTime.UtcNow;
        customer.Tier = customer.Tier == "gold" ? "silver" : "gold";
        customer.UpdatedAt = now;
        customer.PendingActivities.Add(Activity.ForCustomer(customer, ActivityKinds.CustomerEdited, Actor.System, now, new { tier = customer.Tier }));
        return db.SaveChanges();
    }
}
