using System.Globalization;

namespace Rapport.Benchmarks.Load;

public sealed record LoadOptions(
    string Provider,
    int Conversations,
    int MessagesPerConversation,
    TimeSpan DurationPerOperation,
    int Concurrency,
    string OutDir,
    bool Quick,
    int Agents,
    int RealtimeMessages,
    string? SqliteSynchronous,
    string? DataDir,
    bool Sla,
    int SlaProbes,
    int ChatClients,
    TimeSpan ChatDuration)
{
    /// <summary>Quick mode (CI): a small dataset and a second per operation; checks that every operation works, never a timing.</summary>
    public static LoadOptions Parse(string[] args)
    {
        var quick = args.Contains("--quick");
        string? Value(string name)
        {
            var i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
        }
        int Int(string name, int fallback) => Value(name) is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
        return new LoadOptions(
            Provider: (Value("--provider") ?? "sqlite").ToLowerInvariant(),
            Conversations: Int("--conversations", quick ? 300 : 100_000),
            MessagesPerConversation: Int("--messages", 5),
            DurationPerOperation: TimeSpan.FromSeconds(Int("--duration", quick ? 1 : 20)),
            Concurrency: Int("--concurrency", 8),
            OutDir: Value("--out") ?? Path.Combine("bench", "results"),
            Quick: quick,
            Agents: Int("--agents", quick ? 3 : 20),
            RealtimeMessages: Int("--realtime-messages", quick ? 10 : 200),
            // Database:SqliteSynchronous for the server (Full unless given): see the README's configuration table.
            SqliteSynchronous: Value("--sqlite-synchronous"),
            // A folder kept after the run: the first run imports into it, later runs reuse its dataset (SQLite).
            DataDir: Value("--data"),
            // SLA policies before the import, so every open conversation has a conversation_sla row, and
            // probe conversations whose first reply falls due during the run: the lag to the breach event.
            Sla: args.Contains("--sla") || quick,
            SlaProbes: Int("--sla-probes", quick ? 3 : 30),
            // Chat-style clients posting to their own conversations at once while the agents listen.
            ChatClients: Int("--chat-clients", quick ? 2 : 20),
            ChatDuration: TimeSpan.FromSeconds(Int("--chat-seconds", quick ? 2 : 30)));
    }
}
