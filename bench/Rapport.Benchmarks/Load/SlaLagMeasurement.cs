using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Rapport.Tests.Infrastructure;

namespace Rapport.Benchmarks.Load;

/// <summary>
/// The lag from an SLA target falling due to its breach reaching a connected console. Two policies
/// are created before the import: one giving every conversation a resolution target a year out (so
/// each open conversation holds a <c>conversation_sla</c> row the worker must not scan), and one
/// for conversations tagged <see cref="ProbeTag"/> whose first reply is due one minute after they
/// open. Probes are opened at staggered moments; an agent on the console hub receives each
/// <c>sla.breached</c> event, whose <c>occurred_at</c> is the due time, and the lag is its arrival
/// (wall clock of this machine, the server's too) minus that.
/// </summary>
public sealed class SlaLagMeasurement : IAsyncDisposable
{
    public const string ProbeTag = "sla-probe";
    private static readonly string[] Priorities = ["low", "normal", "high", "urgent"];

    private readonly SignalRTestClient _agent;
    private readonly List<long> _probes = [];
    private readonly DateTime _wallAnchor = DateTime.UtcNow;
    private readonly long _ticksAnchor = Stopwatch.GetTimestamp();

    private SlaLagMeasurement(SignalRTestClient agent) => _agent = agent;

    public static async Task CreatePoliciesAsync(HttpClient http)
    {
        await PostAsync(http, "/api/v1/sla/policies", new
        {
            name = "Bench probe: first reply within a minute",
            conditions = new { tags = new[] { ProbeTag } },
            targets = Priorities.Select(p => new { priority = p, kind = "first_reply", minutes = 1, business_time = false }),
        });
        await PostAsync(http, "/api/v1/sla/policies", new
        {
            name = "Bench: resolution within a year",
            targets = Priorities.Select(p => new { priority = p, kind = "resolution", minutes = 525_600, business_time = false }),
        });
    }

    /// <summary>Connects the listening agent and opens <paramref name="count"/> probes, a little apart so their due times fall at different points of the worker's poll.</summary>
    public static async Task<SlaLagMeasurement> StartAsync(HttpClient http, string token, int count)
    {
        var measurement = new SlaLagMeasurement(await SignalRTestClient.ConnectAsync(SignalRTestClient.HubUri(http.BaseAddress!, token)));
        var random = new Random(7);
        for (var i = 0; i < count; i++)
        {
            var created = await PostAsync(http, "/api/v1/conversations", new
            {
                subject = $"SLA probe {i}",
                channel = "api",
                tags = new[] { ProbeTag },
                customer = new { email = $"sla-probe-{i}@bench.test" },
                message = new { kind = "inbound", body_text = "Is anyone there?" },
            });
            measurement._probes.Add(created["id"]!.GetValue<long>());
            await Task.Delay(random.Next(50, 400));
        }
        return measurement;
    }

    /// <summary>Waits for every probe's breach (at most a minute and a half after the last one opened) and returns the lags.</summary>
    public async Task<OperationStats> CollectAsync()
    {
        var stats = new OperationStats($"SLA due → breach at a console ({_probes.Count} probes)");
        var stopwatch = Stopwatch.StartNew();
        foreach (var id in _probes)
        {
            try
            {
                var message = await _agent.WaitForAsync("ConversationChanged", a => IsBreach(a[0], id), TimeSpan.FromSeconds(90));
                var due = message.Arguments[0]!["occurred_at"]!.GetValue<DateTime>().ToUniversalTime();
                var arrived = _wallAnchor + Stopwatch.GetElapsedTime(_ticksAnchor, message.ArrivedAt);
                stats.Record((arrived - due).TotalMilliseconds, true, null);
            }
            catch (TimeoutException e)
            {
                stats.Record(90_000, false, $"conversation {id}: {e.Message[..Math.Min(e.Message.Length, 300)]}");
            }
        }
        stats.Elapsed = stopwatch.Elapsed;
        return stats;
    }

    private static bool IsBreach(JsonNode? e, long conversationId) =>
        e?["conversation_id"]?.GetValue<long>() == conversationId && e["kind"]?.GetValue<string>() == "sla.breached";

    private static async Task<JsonNode> PostAsync(HttpClient http, string path, object body)
    {
        using var response = await http.PostAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"POST {path}: {(int)response.StatusCode} {text[..Math.Min(text.Length, 1000)]}");
        }
        return JsonNode.Parse(text)!;
    }

    public ValueTask DisposeAsync() => _agent.DisposeAsync();
}
