using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Rapport.Data;
using Rapport.Features.Customers;
using Rapport.Tests.Infrastructure;
using static Rapport.Tests.Features.Conversations.ConversationScenarios;

namespace Rapport.Tests.Data;

/// <summary>Concurrent writers: on SQLite they queue at the write gate; on both, every one of them lands.</summary>
public abstract class ConcurrentWriteTests(RapportApp app)
{
    [Fact]
    public async Task ConcurrentInboundMessagesAndNewConversationsAllLand()
    {
        var agent = await app.CreateUserAsync();
        var ids = new List<long>();
        for (var i = 0; i < 20; i++)
        {
            ids.Add((await CreateAsync(agent.Client)).Id());
        }

        // One message per conversation here; many at once on one conversation is ConcurrentAppendTests.
        var inbound = ids.Select(id =>
            agent.Client.PostJsonAsync($"/api/v1/conversations/{id}/inbound", new { body_text = $"message for {id}" }));
        var creates = Enumerable.Range(0, 10).Select(_ =>
            agent.Client.PostJsonAsync("/api/v1/conversations", new
            {
                subject = "At once",
                customer = new { email = NewEmail() },
                message = new { kind = "inbound", body_text = "Hello" },
            }));
        var responses = await Task.WhenAll(inbound.Concat(creates));

        foreach (var response in responses)
        {
            await response.ExpectAsync(HttpStatusCode.Created);
        }
        foreach (var id in ids)
        {
            var fetched = await (await agent.Client.GetAsync($"/api/v1/conversations/{id}")).ExpectAsync(HttpStatusCode.OK);
            Assert.Equal(2, fetched["message_count"]!.GetValue<int>());
            Assert.Equal(2, (await ActivityKindsAsync(app, id)).Count(k => k == "conversation.message_added"));
        }
    }
}

public sealed class ConcurrentWriteTestsOnSqlite(SqliteApp app) : ConcurrentWriteTests(app), IClassFixture<SqliteApp>;

public sealed class ConcurrentWriteTestsOnPostgres(PostgresApp app) : ConcurrentWriteTests(app), IClassFixture<PostgresApp>;

/// <summary>The gate can never be left shut: not by a failed save, a rolled-back transaction, or a cancelled wait.</summary>
public sealed class SqliteWriteGateTests(SqliteApp app) : IClassFixture<SqliteApp>
{
    [Fact]
    public async Task AFailedSaveReleasesTheGate()
    {
        var name = $"dup-{Guid.NewGuid():N}";
        await app.WithDbAsync(async db =>
        {
            db.Tags.Add(new Tag(name, DateTime.UtcNow));
            await db.SaveChangesAsync();
            db.ChangeTracker.Clear();
            db.Tags.Add(new Tag(name, DateTime.UtcNow));
            await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
            Assert.False(db.WriteGate!.IsHeld);
            db.ChangeTracker.Clear();
            Assert.Throws<DbUpdateException>(() =>
            {
                db.Tags.Add(new Tag(name, DateTime.UtcNow));
                db.SaveChanges();
            });
            Assert.False(db.WriteGate.IsHeld);
        });
    }

    [Fact]
    public async Task ATransactionDisposedWithoutCommitRollsBackAndReleasesTheGate()
    {
        var name = $"rolled-back-{Guid.NewGuid():N}";
        await app.WithDbAsync(async db =>
        {
            await using (var transaction = await db.BeginWriteTransactionAsync())
            {
                Assert.True(db.WriteGate!.IsHeld);
                db.Tags.Add(new Tag(name, DateTime.UtcNow));
                // Saves inside the transaction do not wait for the gate their own transaction holds.
                await db.SaveChangesAsync();
            }
            Assert.False(db.WriteGate.IsHeld);
            db.ChangeTracker.Clear();
            Assert.False(await db.Tags.AnyAsync(t => t.Name == name));
        });
    }

    [Fact]
    public async Task AnExceptionInsideATransactionReleasesTheGate()
    {
        await app.WithDbAsync(async db =>
        {
            await Assert.ThrowsAsync<InvalidOperationException>(async () =>
            {
                await using var transaction = await db.BeginWriteTransactionAsync();
                throw new InvalidOperationException("the handler failed");
            });
            Assert.False(db.WriteGate!.IsHeld);
        });
    }

    [Fact]
    public async Task AWriterCancelledWhileWaitingTakesNothingAndTheNextOneProceeds()
    {
        await app.WithDbAsync(async first =>
        {
            await app.WithDbAsync(async second =>
            {
                var transaction = await first.BeginWriteTransactionAsync();
                using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
                await Assert.ThrowsAnyAsync<OperationCanceledException>(() => second.BeginWriteTransactionAsync(cancel.Token));
                var waiting = second.BeginWriteTransactionAsync();
                Assert.False(waiting.IsCompleted);
                await transaction.CommitAsync();
                await transaction.DisposeAsync();
                // Disposing twice never opens the gate for two writers.
                await transaction.DisposeAsync();
                await using var next = await waiting.WaitAsync(TimeSpan.FromSeconds(10));
                Assert.True(second.WriteGate!.IsHeld);
            });
        });
        await app.WithDbAsync(db =>
        {
            Assert.False(db.WriteGate!.IsHeld);
            return Task.CompletedTask;
        });
    }

    [Fact]
    public void EveryContextOnTheSameFileSharesOneGateAndInMemoryDatabasesHaveNone()
    {
        Assert.Same(SqliteWriteGate.For("Data Source=a/../same.db"), SqliteWriteGate.For("Data Source=same.db;Pooling=False"));
        Assert.NotSame(SqliteWriteGate.For("Data Source=one.db"), SqliteWriteGate.For("Data Source=other.db"));
        Assert.Null(SqliteWriteGate.For("Data Source=:memory:"));
    }

    [Fact]
    public async Task SynchronousIsFullUnlessConfigured()
    {
        Assert.Equal(2L, await SynchronousAsync(app));
        await using var normal = new NormalSyncApp();
        await normal.InitializeAsync();
        Assert.Equal(1L, await SynchronousAsync(normal));
    }

    [Fact]
    public void NoCodeOpensATransactionPastTheGate()
    {
        var source = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../../src/Rapport"));
        var offenders = Directory.EnumerateFiles(source, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Where(f => Path.GetFileName(f) != "RapportDb.cs" && File.ReadAllText(f).Contains("Database.BeginTransaction", StringComparison.Ordinal))
            .ToList();
        Assert.Empty(offenders);
    }

    private static Task<long> SynchronousAsync(RapportApp app) => app.WithDbAsync(async db =>
    {
        await db.Database.OpenConnectionAsync();
        try
        {
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.CommandText = "PRAGMA synchronous";
            return (long)(await command.ExecuteScalarAsync())!;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    });

    private sealed class NormalSyncApp() : RapportApp(DatabaseProvider.Sqlite)
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Database:SqliteSynchronous", "Normal");
        }
    }
}
