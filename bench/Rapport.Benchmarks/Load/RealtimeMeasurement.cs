using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Rapport.Tests.Infrastructure;

namespace Rapport.Benchmarks.Load;

/// <summary>
/// Realtime latency: N agents connected to the console hub over WebSocket, then inbound messages
/// posted through the API one at a time. Measured per agent from the moment the POST is accepted
/// (201/200 returned to the poster) to the arrival of that message's ConversationChanged. An event
/// that arrives before the poster has read its response counts as 0 ms.
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
                var marks = agents.Select(a => a.Received.Count).ToList();
                using var response = await http.PostAsJsonAsync($"/api/v1/conversations/{conversationId}/inbound",
                    new Dictionary<string, string> { ["body_text"] = $"Realtime probe {n}" });
                var accepted = Stopwatch.GetTimestamp();
                if (!response.IsSuccessStatusCode)
                {
                    stats.Record(0, false, $"POST {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                    continue;
                }
                await Task.WhenAll(agents.Select(async (agent, i) =>
                {
                    try
                    {
                        var message = await agent.WaitForAsync("ConversationChanged", a => IsMessage(a[0], conversationId), Timeout, marks[i]);
                        stats.Record(Math.Max(0, Stopwatch.GetElapsedTime(accepted, message.ArrivedAt).TotalMilliseconds), true, null);
                    }
                    catch (TimeoutException e)
                    {
                        stats.Record(Timeout.TotalMilliseconds, false, e.Message[..Math.Min(e.Message.Length, 300)]);
                    }
                }));
            }
            stats.Elapsed = stopwatch.Elapsed;
            return new RealtimeFigures(options.Agents, options.RealtimeMessages, stats);
        }
        finally
        {
            foreach (var agent in agents)
            {
                await agent.DisposeAsync();
            }
        }
    }

    private static bool IsMessage(JsonNode? e, long conversationId) =>
        e?["conversation_id"]?.GetValue<long>() == conversationId && e["kind"]?.GetValue<string>() == "conversation.message_added";
}

/// <summary>One realtime run: how many agents listened, how many messages were posted, and the arrival latencies.</summary>
public sealed record RealtimeFigures(int Agents, int Messages, OperationStats Latency)
{
    /// <summary>Every message reached every agent.</summary>
    public bool AllArrived => Latency.Errors == 0 && Latency.Count == Agents * Messages;
}
