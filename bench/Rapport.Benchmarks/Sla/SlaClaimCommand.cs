using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Rapport.Data;

namespace Rapport.Benchmarks.Sla;

/// <summary>
/// `sla-claim [--rows N] [--batch N] [--iterations N]`: the SLA worker's claim of due rows on a SQLite
/// file holding N conversation_sla rows (all running, a few hundred due now), as the worker sends
/// it. Prints the query plan (it must search the next_due_at index, never scan the table) and the
/// claim latency. The due-to-breach lag is this claim plus up to one poll interval (Sla:PollMilliseconds,
/// 250 ms) plus the evaluation and write of the rows taken.
/// </summary>
public static class SlaClaimCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var rows = Option(args, "--rows", 1_000_000);
        var batch = Option(args, "--batch", 100);
        var iterations = Option(args, "--iterations", 2_000);
        var folder = Path.Combine(Path.GetTempPath(), $"rapport-sla-bench-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        try
        {
            var options = new DbContextOptionsBuilder<RapportDb>().UseSqlite($"Data Source={Path.Combine(folder, "bench.db")}").Options;
            await using (var db = new RapportDb(options))
            {
                await new Migrator(db, NullLogger<Migrator>.Instance).MigrateAsync();
            }
            var now = DateTime.UtcNow;
            var seed = Stopwatch.StartNew();
            await SeedAsync(Path.Combine(folder, "bench.db"), rows, now);
            Console.WriteLine($"seeded {rows:N0} conversation_sla rows in {seed.Elapsed.TotalSeconds:F1} s");

            await using var context = new RapportDb(options);
            var query = context.ConversationSlas.Where(s => s.NextDueAt <= now).OrderBy(s => s.NextDueAt).Select(s => s.ConversationId).Take(batch);
            Console.WriteLine("SQL: " + query.ToQueryString().ReplaceLineEndings(" "));
            await PrintPlanAsync(context, query.ToQueryString());

            var times = new double[iterations];
            var taken = 0;
            for (var i = 0; i < iterations; i++)
            {
                var watch = Stopwatch.StartNew();
                taken = (await query.ToListAsync()).Count;
                times[i] = watch.Elapsed.TotalMilliseconds;
            }
            Array.Sort(times);
            Console.WriteLine($"claim of {taken} due rows among {rows:N0}: p50 {times[iterations / 2]:F3} ms, p99 {times[(int)(iterations * 0.99)]:F3} ms, max {times[^1]:F3} ms ({iterations} runs)");
            return 0;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>Rows straight into the table (no conversations behind them: the claim reads only this table); one in 5,000 is due now.</summary>
    private static async Task SeedAsync(string path, int rows, DateTime now)
    {
        await using var connection = new SqliteConnection($"Data Source={path};Foreign Keys=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $rows)
            INSERT INTO conversation_sla (conversation_id, policy_id, next_due_at, breach_at, checked_until, updated_at)
            SELECT i, 1,
                   CASE WHEN i % 5000 = 0 THEN $due ELSE strftime('%Y-%m-%d %H:%M:%f', $base, '+' || (i % 100000) || ' seconds') END,
                   NULL, $now, $now
            FROM n
            """;
        command.Parameters.AddWithValue("$rows", rows);
        command.Parameters.AddWithValue("$due", now.AddSeconds(-1).ToString("yyyy-MM-dd HH:mm:ss.fffffff", System.Globalization.CultureInfo.InvariantCulture));
        command.Parameters.AddWithValue("$base", now.AddMinutes(5).ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture));
        command.Parameters.AddWithValue("$now", now.ToString("yyyy-MM-dd HH:mm:ss.fffffff", System.Globalization.CultureInfo.InvariantCulture));
        command.CommandTimeout = 600;
        await command.ExecuteNonQueryAsync();
        command.CommandText = "ANALYZE";
        command.Parameters.Clear();
        await command.ExecuteNonQueryAsync();
    }

    private static async Task PrintPlanAsync(RapportDb db, string sql)
    {
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        // ToQueryString declares the parameters as .param lines; keep only the statement, with the values inline.
        var lines = sql.Split('\n');
        var statement = string.Join('\n', lines.Where(l => !l.StartsWith(".param", StringComparison.Ordinal)));
        foreach (var line in lines.Where(l => l.StartsWith(".param set ", StringComparison.Ordinal)))
        {
            var parts = line["set ".Length..].Trim().Split(' ', 3);
            statement = statement.Replace(parts[1], parts[2], StringComparison.Ordinal);
        }
        command.CommandText = "EXPLAIN QUERY PLAN " + statement;
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            Console.WriteLine("plan: " + reader.GetString(3));
        }
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], out var value) ? value : fallback;
    }
}
