using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Rapport.Benchmarks.Load;

/// <summary>The figures of one load run, as JSON (for machines) and a markdown table (for BENCHMARKS.md).</summary>
public sealed class LoadReport(LoadOptions options, ImportFigures import, IReadOnlyList<OperationStats> operations, long residentBytes, TimeSpan cpu, RealtimeFigures realtime, OperationStats? slaLag)
{
    public string Markdown()
    {
        var sb = new StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture, $"Provider: {options.Provider}{(options.SqliteSynchronous is { } sync ? $" (synchronous={sync})" : "")}; dataset: {import.Conversations:N0} conversations, {import.Messages:N0} messages; concurrency {options.Concurrency}; {options.DurationPerOperation.TotalSeconds:F0} s per operation.");
        sb.AppendLine(CultureInfo.InvariantCulture, $"Import: {import.Conversations / import.Elapsed.TotalSeconds:F0} conversations/s ({import.Messages / import.Elapsed.TotalSeconds:F0} messages/s). Server after the run: {residentBytes / 1024.0 / 1024.0:F0} MB resident, {cpu.TotalSeconds:F1} s CPU in all.");
        sb.AppendLine();
        sb.AppendLine("| operation | requests/s | p50 ms | p95 ms | p99 ms | errors |");
        sb.AppendLine("|---|---:|---:|---:|---:|---:|");
        foreach (var o in operations)
        {
            sb.AppendLine(CultureInfo.InvariantCulture,
                $"| {o.Name} | {o.PerSecond:F0} | {Formatting.Ms(o.Percentile(50))} | {Formatting.Ms(o.Percentile(95))} | {Formatting.Ms(o.Percentile(99))} | {o.Errors} |");
        }
        sb.AppendLine();
        sb.AppendLine(CultureInfo.InvariantCulture, $"Realtime: {realtime.Agents} agents on /hubs/console (WebSocket); {realtime.Messages} inbound messages posted one at a time, then {realtime.ChatClients} chat-style clients posting at once for {options.ChatDuration.TotalSeconds:F0} s; from the POST being accepted to the event at each agent.");
        sb.AppendLine();
        sb.AppendLine("| realtime | arrivals | p50 ms | p95 ms | p99 ms | missing |");
        sb.AppendLine("|---|---:|---:|---:|---:|---:|");
        foreach (var r in (OperationStats?[])[realtime.Latency, realtime.ChatLatency, slaLag])
        {
            if (r is not null)
            {
                sb.AppendLine(CultureInfo.InvariantCulture,
                    $"| {r.Name} | {r.Count - r.Errors} | {Formatting.Ms(r.Percentile(50))} | {Formatting.Ms(r.Percentile(95))} | {Formatting.Ms(r.Percentile(99))} | {r.Errors} |");
            }
        }
        return sb.ToString();
    }

    private static object Arrivals(OperationStats s) => new
    {
        arrivals = s.Count - s.Errors,
        missing = s.Errors,
        p50_ms = s.Percentile(50),
        p95_ms = s.Percentile(95),
        p99_ms = s.Percentile(99),
    };

    public async Task<string> WriteAsync()
    {
        Directory.CreateDirectory(options.OutDir);
        var stamp = DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
        var path = Path.Combine(options.OutDir, $"load-{options.Provider}-{stamp}.json");
        var json = new
        {
            provider = options.Provider,
            conversations = import.Conversations,
            messages = import.Messages,
            concurrency = options.Concurrency,
            seconds_per_operation = options.DurationPerOperation.TotalSeconds,
            import_seconds = import.Elapsed.TotalSeconds,
            server_resident_bytes = residentBytes,
            server_cpu_seconds = cpu.TotalSeconds,
            operations = operations.Select(o => new
            {
                name = o.Name,
                count = o.Count,
                per_second = o.PerSecond,
                p50_ms = o.Percentile(50),
                p95_ms = o.Percentile(95),
                p99_ms = o.Percentile(99),
                errors = o.Errors,
            }),
            realtime = new
            {
                agents = realtime.Agents,
                messages = realtime.Messages,
                one_at_a_time = Arrivals(realtime.Latency),
                chat_clients = realtime.ChatClients,
                chat = Arrivals(realtime.ChatLatency),
            },
            sla_lag = slaLag is null ? null : Arrivals(slaLag),
        };
        await File.WriteAllTextAsync(path, JsonSerializer.Serialize(json, new JsonSerializerOptions { WriteIndented = true }));
        await File.WriteAllTextAsync(Path.ChangeExtension(path, ".md"), Markdown());
        return path;
    }
}
