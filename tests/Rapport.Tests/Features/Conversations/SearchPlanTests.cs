using Microsoft.EntityFrameworkCore;
using Rapport.Data;
using Rapport.Features.Conversations;
using Rapport.Features.Customers;
using Rapport.Tests.Infrastructure;

namespace Rapport.Tests.Features.Conversations;

/// <summary>
/// The inbox search reads its matches from indexes on SQLite (FTS5 trigram tables for subjects,
/// customers and messages; the identities' unique index), never every conversation or customer:
/// at 1,000,000 conversations a scan would miss the search target (ARCHITECTURE.md).
/// </summary>
public sealed class SearchPlanTests
{
    [Theory]
    [InlineData("refund")]
    [InlineData("someone@example.test")]
    [InlineData("0912 345 6789")]
    public async Task InboxSearchScansNoConversationOrCustomerOnSqlite(string q)
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var db = database.Open();
        await database.Migrator(db).MigrateAsync();

        var query = (await ConversationSearch.MatchingAsync(db, db.Conversations.AsNoTracking(), q, CancellationToken.None))
            .OrderByDescending(c => c.UpdatedAt).ThenByDescending(c => c.Id).Take(50);
        var plan = await PlanAsync(db, query);

        AssertNoTableScan(plan);
    }

    [Fact]
    public async Task CustomerSearchScansNoCustomerOnSqlite()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var db = database.Open();
        await database.Migrator(db).MigrateAsync();

        var plan = await PlanAsync(db, (await CustomerSearch.MatchingAsync(db, db.Customers.AsNoTracking(), "نازنین", CancellationToken.None)).OrderBy(c => c.Id).Take(50));

        AssertNoTableScan(plan);
    }

    /// <summary>Only the FTS5 tables are read by a scan of their own index ("SCAN … VIRTUAL TABLE INDEX 0:M1" is a MATCH).</summary>
    private static void AssertNoTableScan(List<string> plan) =>
        Assert.False(plan.Any(line => line.StartsWith("SCAN", StringComparison.Ordinal) && !line.Contains("VIRTUAL TABLE", StringComparison.Ordinal)),
            $"The search scans a table:\n{string.Join('\n', plan)}");

    private static async Task<List<string>> PlanAsync<T>(RapportDb db, IQueryable<T> query)
    {
        await using var command = query.CreateDbCommand();
        await db.Database.OpenConnectionAsync();
        command.CommandText = "EXPLAIN QUERY PLAN " + command.CommandText;
        var lines = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            lines.Add(reader.GetString(3));
        }
        return lines;
    }
}
