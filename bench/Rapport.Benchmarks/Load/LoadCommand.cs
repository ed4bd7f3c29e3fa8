using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Rapport.Benchmarks.Load;

/// <summary>
/// Starts a server, imports a dataset, then runs each operation for a fixed time with bounded
/// concurrency, and reports throughput, latency percentiles, errors, resident memory and CPU.
/// </summary>
public static class LoadCommand
{
    private const string AdminEmail = "bench-admin@bench.test";
    private const string AdminPassword = "bench password that is long";

    public static async Task<int> RunAsync(LoadOptions options)
    {
        Console.WriteLine($"Starting Rapport on {options.Provider}…");
        await using var server = await ServerProcess.StartAsync(options.Provider, options.SqliteSynchronous, options.DataDir);
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = Math.Max(options.Concurrency, options.ChatClients) * 2 })
        {
            BaseAddress = server.Url,
            Timeout = TimeSpan.FromMinutes(10),
        };
        var marker = Path.Combine(server.DataPath, "bench-dataset.json");
        var kept = File.Exists(marker) ? KeptDataset.Read(marker) : null;
        if (kept is null)
        {
            var (code, output) = await server.RunVerbAsync(["admin", "create", "--email", AdminEmail, "--name", "Bench Admin"], AdminPassword);
            if (code != 0)
            {
                throw new InvalidOperationException($"admin create failed ({code}): {output}");
            }
        }
        else if (options.Sla && !kept.Sla)
        {
            throw new InvalidOperationException($"The dataset in {server.DataPath} was built without --sla; build a new one for the SLA lag.");
        }
        var token = await GetTokenAsync(http);
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        ImportFigures import;
        if (kept is null)
        {
            if (options.Sla)
            {
                await SlaLagMeasurement.CreatePoliciesAsync(http);
            }
            import = await ImportAsync(http, options);
            Console.WriteLine($"Imported {options.Conversations:N0} conversations ({import.Messages:N0} messages) in {import.Elapsed.TotalSeconds:F1} s: {import.Conversations / import.Elapsed.TotalSeconds:F0} conversations/s");
            if (options.DataDir is not null)
            {
                KeptDataset.Write(marker, import, options.Sla);
            }
        }
        else
        {
            import = kept.Import;
            Console.WriteLine($"Reusing the dataset in {server.DataPath}: {import.Conversations:N0} conversations, imported earlier at {import.Conversations / import.Elapsed.TotalSeconds:F0}/s");
        }
        var context = await OperationContext.CreateAsync(http, import.Conversations);
        await using var slaLag = options.Sla ? await SlaLagMeasurement.StartAsync(http, token, options.SlaProbes) : null;

        var results = new List<OperationStats>();
        foreach (var operation in Operations.All(context))
        {
            Console.WriteLine($"  {operation.Name}…");
            results.Add(await RunOperationAsync(http, operation, options));
        }
        Console.WriteLine($"  realtime: {options.Agents} agents, {options.RealtimeMessages} inbound messages…");
        var realtime = await RealtimeMeasurement.RunAsync(http, token, context, options);
        var lag = slaLag is null ? null : await slaLag.CollectAsync();
        var rss = server.ResidentBytes();
        var cpu = server.CpuTime();
        var report = new LoadReport(options, import, results, rss, cpu, realtime, lag);
        var path = await report.WriteAsync();
        Console.WriteLine();
        Console.WriteLine(report.Markdown());
        Console.WriteLine($"Written to {path}");

        var failed = results.Where(r => r.Errors > 0 || r.Count == 0).ToList();
        foreach (var f in failed)
        {
            Console.Error.WriteLine($"FAILED {f.Name}: {f.Errors} errors of {f.Count}; first: {f.FirstError}");
        }
        if (!realtime.AllArrived)
        {
            Console.Error.WriteLine($"FAILED realtime: {realtime.Latency.Errors} of {realtime.Latency.Count} arrivals missing; first: {realtime.Latency.FirstError}");
        }
        if (lag is { Errors: > 0 })
        {
            Console.Error.WriteLine($"FAILED SLA lag: {lag.Errors} of {lag.Count} breaches not seen; first: {lag.FirstError}");
        }
        return failed.Count == 0 && realtime.AllArrived && lag is not { Errors: > 0 } ? 0 : 1;
    }

    private static async Task<string> GetTokenAsync(HttpClient http)
    {
        var response = await http.PostAsJsonAsync("/api/v1/auth/token", new Dictionary<string, string>
        {
            ["email"] = AdminEmail,
            ["password"] = AdminPassword,
            ["name"] = "bench",
            ["scope"] = "admin",
        });
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"Could not get a token: {(int)response.StatusCode} {body}");
        }
        return JsonNode.Parse(body)!["token"]!.GetValue<string>();
    }

    private static async Task<ImportFigures> ImportAsync(HttpClient http, LoadOptions options)
    {
        const int batch = 2000;
        var stopwatch = Stopwatch.StartNew();
        var lines = new List<string>(batch);
        long messages = 0;
        foreach (var line in Dataset.Lines(options.Conversations, options.MessagesPerConversation, AdminEmail, DateTime.UtcNow))
        {
            lines.Add(line);
            if (lines.Count == batch)
            {
                messages += await PostBatchAsync(http, lines);
                lines.Clear();
            }
        }
        if (lines.Count > 0)
        {
            messages += await PostBatchAsync(http, lines);
        }
        return new ImportFigures(options.Conversations, messages, stopwatch.Elapsed);
    }

    private static async Task<long> PostBatchAsync(HttpClient http, List<string> lines)
    {
        using var content = new StringContent(string.Join('\n', lines), Encoding.UTF8, "application/x-ndjson");
        var response = await http.PostAsync("/api/v1/import/conversations", content);
        var body = await response.Content.ReadAsStringAsync();
        var json = JsonNode.Parse(body);
        if (!response.IsSuccessStatusCode || json?["failed"]?.AsArray().Count > 0)
        {
            throw new InvalidOperationException($"Import failed: {(int)response.StatusCode} {body[..Math.Min(body.Length, 2000)]}");
        }
        return lines.Sum(l => (long)JsonDocument.Parse(l).RootElement.GetProperty("messages").GetArrayLength());
    }

    private static async Task<OperationStats> RunOperationAsync(HttpClient http, Operation operation, LoadOptions options)
    {
        var stats = new OperationStats(operation.Name);
        var stopwatch = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, options.Concurrency).Select(async worker =>
        {
            var random = new Random(worker);
            var slot = new WorkerSlot(worker, options.Concurrency);
            while (stopwatch.Elapsed < options.DurationPerOperation)
            {
                var started = Stopwatch.GetTimestamp();
                string? error = null;
                var ok = false;
                try
                {
                    using var response = await operation.Send(http, random, slot);
                    ok = response.IsSuccessStatusCode;
                    if (!ok)
                    {
                        error = $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
                    }
                }
                catch (HttpRequestException e)
                {
                    error = e.Message;
                }
                stats.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds, ok, error);
            }
        });
        await Task.WhenAll(workers);
        stats.Elapsed = stopwatch.Elapsed;
        return stats;
    }
}

/// <summary>Which worker is sending, out of how many.</summary>
public readonly record struct WorkerSlot(int Worker, int Workers);

public sealed record ImportFigures(int Conversations, long Messages, TimeSpan Elapsed);

/// <summary>What a kept data folder (<c>--data</c>) holds, so a later run measures it without importing again.</summary>
public sealed record KeptDataset(ImportFigures Import, bool Sla)
{
    public static KeptDataset Read(string path)
    {
        var json = JsonNode.Parse(File.ReadAllText(path))!;
        return new KeptDataset(
            new ImportFigures(json["conversations"]!.GetValue<int>(), json["messages"]!.GetValue<long>(), TimeSpan.FromSeconds(json["import_seconds"]!.GetValue<double>())),
            json["sla"]!.GetValue<bool>());
    }

    public static void Write(string path, ImportFigures import, bool sla) =>
        File.WriteAllText(path, JsonSerializer.Serialize(new { conversations = import.Conversations, messages = import.Messages, import_seconds = import.Elapsed.TotalSeconds, sla }));
}

/// <summary>Ids the operations need, read back from the imported dataset.</summary>
public sealed record OperationContext(long MinConversationId, long MaxConversationId, long LongConversationId, long CustomerId, long AgentId)
{
    public static async Task<OperationContext> CreateAsync(HttpClient http, int conversations)
    {
        var page = JsonNode.Parse(await http.GetStringAsync("/api/v1/conversations?limit=200"))!["items"]!.AsArray();
        var ids = page.Select(i => i!["id"]!.GetValue<long>()).ToList();
        var max = ids.Max();
        var min = Math.Max(1, max - conversations + 1);
        var longOne = await FindLongConversationAsync(http, min);
        var customerId = JsonNode.Parse(await http.GetStringAsync($"/api/v1/conversations/{max}"))!["customer_id"]!.GetValue<long>();
        var me = JsonNode.Parse(await http.GetStringAsync("/api/v1/me"))!["id"]!.GetValue<long>();
        return new OperationContext(min, max, longOne, customerId, me);
    }

    private static async Task<long> FindLongConversationAsync(HttpClient http, long min)
    {
        // The long conversation is the first line of the dataset, so it has the smallest id.
        var json = JsonNode.Parse(await http.GetStringAsync($"/api/v1/conversations/{min}"));
        return json!["id"]!.GetValue<long>();
    }

    /// <summary>
    /// A conversation that still takes messages (the dataset closes every fourth, see <see cref="Dataset"/>),
    /// from the worker's own share, so two workers never write to one conversation at once.
    /// </summary>
    public long OpenConversation(Random random, int worker, int workers)
    {
        // Conversations come in blocks of four (one of them closed); a worker owns every workers-th block.
        var blocks = (MaxConversationId - MinConversationId + 1) / 4;
        var owned = Math.Max(1, (blocks - worker + workers - 1) / workers);
        ReadOnlySpan<long> open = [0, 1, 3];
        for (var attempt = 0; ; attempt++)
        {
            var block = worker + (workers * random.NextInt64(0, owned));
            var n = (block * 4) + open[random.Next(open.Length)];
            if (n >= 1 && !Dataset.IsClosed(n) && MinConversationId + n <= MaxConversationId)
            {
                return MinConversationId + n;
            }
            if (attempt > 1000)
            {
                throw new InvalidOperationException("The dataset is too small for this many workers.");
            }
        }
    }
}

public static class Formatting
{
    public static string Ms(double value) => double.IsNaN(value) ? "–" : value.ToString(value < 10 ? "F2" : "F1", CultureInfo.InvariantCulture);
}
