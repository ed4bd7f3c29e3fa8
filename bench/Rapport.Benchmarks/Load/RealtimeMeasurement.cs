using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Rapport.Tests.Infrastructure;

namespace Rapport.Benchmarks.Load;

/// <summary>
/// Realtime latency: N agents connected to the console hub over WebSocket, then inbound messages
/// posted through the API one at a time. Measured per agent from the moment the POST is accepted
/// (201/200 returned to the poster) to the arrival of that message's ConversationChanged. An event
/// that arrives before the poster has read its response counts as 0 ms. Then the same agents listen
/// while M chat-style clients each post to a conversation of their own at once, a message every
/// half second or so, each waiting for its message to reach every agent before the next: the
/// latency under concurrent traffic. (Website visitors have no WebSocket of their own until the web
/// chat channel exists, so these clients post through the API, as a chat bridge would.)
/// </summary>
public static class RealtimeMeasurement
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    public static async Task<RealtimeFigures> RunAsync(HttpClient http, string token, OperationContext context, LoadOptions options)
    {
        var hubUri = SignalRTestClient.HubUri(http.BaseAddress!, token);
        var agents = new List<SignalRTestClient>();
        try
        {
            for (var i = 0; i < options.Agents; i++)
            {
                agents.Add(await SignalRTestClient.ConnectAsync(hubUri));
            }
            var stats = new OperationStats($"inbound message → {options.Agents} agents");
            var random = new Random(42);
            var stopwatch = Stopwatch.StartNew();
            for (var n = 0; n < options.RealtimeMessages; n++)
            {
                var conversationId = context.OpenConversation(random, 0, 1);
                await PostAndRecordAsync(http, agents, conversationId, $"Realtime probe {n}", stats);
            }
            stats.Elapsed = stopwatch.Elapsed;
            var chat = await RunChatAsync(http, agents, context, options);
            return new RealtimeFigures(options.Agents, options.RealtimeMessages, stats, options.ChatClients, chat);
        }
        finally
        {
            foreach (var agent in agents)
            {
                await agent.DisposeAsync();
            }
        }
    }

    private static async Task<OperationStats> RunChatAsync(HttpClient http, List<SignalRTestClient> agents, OperationContext context, LoadOptions options)
    {
        var stats = new OperationStats($"{options.ChatClients} chat clients at once → {options.Agents} agents");
        var stopwatch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, options.ChatClients).Select(async client =>
        {
            var random = new Random(1000 + client);
            var conversationId = context.OpenConversation(random, client, options.ChatClients);
            for (var n = 0; stopwatch.Elapsed < options.ChatDuration; n++)
            {
                await PostAndRecordAsync(http, agents, conversationId, $"Chat line {n} from client {client}", stats);
                await Task.Delay(random.Next(250, 750));
            }
        }));
        stats.Elapsed = stopwatch.Elapsed;
        return stats;
    }

    private static async Task PostAndRecordAsync(HttpClient http, List<SignalRTestClient> agents, long conversationId, string text, OperationStats stats)
    {
        var marks = agents.Select(a => a.Received.Count).ToList();
        using var response = await http.PostAsJsonAsync($"/api/v1/conversations/{conversationId}/inbound", new Dictionary<string, string> { ["body_text"] = text });
        var accepted = Stopwatch.GetTimestamp();
        if (!response.IsSuccessStatusCode)
        {
            stats.Record(0, false, $"POST {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            return;
        }
        await RecordArrivalsAsync(agents, marks, conversationId, accepted, stats);
    }

    /// <summary>Each agent's time from <paramref name="accepted"/> to the conversation's new-message event, among events after its mark.</summary>
    private static Task RecordArrivalsAsync(List<SignalRTestClient> agents, List<int> marks, long conversationId, long accepted, OperationStats stats) =>
        Task.WhenAll(agents.Select(async (agent, i) =>
        {
            try
            {
                var message = await agent.WaitForAsync("ConversationChanged", a => IsMessage(a[0], conversationId), Timeout, marks[i]);
                stats.Record(Math.Max(0, Stopwatch.GetElapsedTime(accepted, message.ArrivedAt).TotalMilliseconds), true, null);
            }
            catch (TimeoutException e)
            {
                stats.Record(Timeout.TotalMilliseconds, false, $"conversation {conversationId}: {e.Message[..Math.Min(e.Message.Length, 300)]}");
            }
        }));

    private static bool IsMessage(JsonNode? e, long conversationId) =>
        e?["conversation_id"]?.GetValue<long>() == conversationId && e["kind"]?.GetValue<string>() == "conversation.message_added";
}

/// <summary>One realtime run: how many agents listened, how many messages were posted, and the arrival latencies.</summary>
public sealed record RealtimeFigures(int Agents, int Messages, OperationStats Latency, int ChatClients, OperationStats ChatLatency)
{
    /// <summary>Every message reached every agent, one at a time and under chat traffic.</summary>
    public bool AllArrived => Latency.Errors == 0 && Latency.Count == Agents * Messages && ChatLatency.Errors == 0 && ChatLatency.Count > 0;
}
