using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace Rapport.Benchmarks.Load;

/// <summary>
/// Resident memory of a real server while it takes big bodies: four 25 MB attachments at once (base64
/// in message JSON, as the API takes them), then one 50 MB import line. Samples the server's RSS every
/// 20 ms and prints idle, peak during, and settled after (10 s later) for each.
/// </summary>
public static class UploadMemoryCommand
{
    private const string AdminEmail = "bench-admin@bench.test";
    private const string AdminPassword = "bench password that is long";

    public static async Task<int> RunAsync(string[] args)
    {
        var provider = args.SkipWhile(a => a != "--provider").Skip(1).FirstOrDefault() ?? "sqlite";
        var uploads = int.Parse(args.SkipWhile(a => a != "--uploads").Skip(1).FirstOrDefault() ?? "4", CultureInfo.InvariantCulture);
        var megabytes = int.Parse(args.SkipWhile(a => a != "--megabytes").Skip(1).FirstOrDefault() ?? "25", CultureInfo.InvariantCulture);
        var importMegabytes = int.Parse(args.SkipWhile(a => a != "--import-megabytes").Skip(1).FirstOrDefault() ?? "50", CultureInfo.InvariantCulture);
        // The attachments take a while and are measured on their own; this skips them to measure the import alone.
        var importOnly = args.Contains("--import-only");

        await using var server = await ServerProcess.StartAsync(provider);
        using var http = new HttpClient { BaseAddress = server.Url, Timeout = TimeSpan.FromMinutes(10) };
        var (code, output) = await server.RunVerbAsync(["admin", "create", "--email", AdminEmail, "--name", "Bench Admin"], AdminPassword);
        if (code != 0)
        {
            throw new InvalidOperationException($"admin create failed ({code}): {output}");
        }
        var token = await (await http.PostAsJsonAsync("/api/v1/auth/token", new Dictionary<string, string>
        {
            ["email"] = AdminEmail, ["password"] = AdminPassword, ["name"] = "bench", ["scope"] = "admin",
        })).Content.ReadFromJsonAsync<JsonObject>();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token!["token"]!.GetValue<string>());
        var created = await (await http.PostAsync("/api/v1/conversations", Json("""
            {"subject":"Uploads","customer":{"email":"uploads@bench.test"},"message":{"kind":"inbound","body_text":"files follow"}}
            """))).Content.ReadFromJsonAsync<JsonObject>();
        var id = created!["id"]!.GetValue<long>();
        await Task.Delay(TimeSpan.FromSeconds(3));

        Console.WriteLine($"Rapport on {provider}, pid {server.Pid}");
        var statuses = new List<int>();
        var attachments = importOnly || await MeasureAsync(server, $"{uploads} × {megabytes} MB attachments at once", async () =>
        {
            var bodies = Enumerable.Range(0, uploads).Select(i => MessageWithFile(megabytes * 1024 * 1024, i)).ToList();
            var responses = await Task.WhenAll(bodies.Select(b => http.PostAsync($"/api/v1/conversations/{id}/notes", Json(b))));
            statuses.AddRange(responses.Select(r => (int)r.StatusCode));
        });
        if (!importOnly)
        {
            Console.WriteLine($"  statuses: {string.Join(", ", statuses)}");
        }
        statuses.Clear();
        var import = await MeasureAsync(server, $"one {importMegabytes} MB import line", async () =>
        {
            var response = await http.PostAsync("/api/v1/import/conversations",
                new StringContent(ImportLine(importMegabytes * 1024 * 1024), Encoding.UTF8, "application/x-ndjson"));
            statuses.Add((int)response.StatusCode);
            Console.WriteLine($"  import answer: {await response.Content.ReadAsStringAsync()}");
        });
        Console.WriteLine($"  statuses: {string.Join(", ", statuses)}");
        return attachments && import ? 0 : 1;
    }

    /// <summary>Runs <paramref name="work"/> while sampling RSS; prints before, peak and 10 s after.</summary>
    private static async Task<bool> MeasureAsync(ServerProcess server, string what, Func<Task> work)
    {
        var before = server.ResidentBytes();
        var peak = before;
        using var stop = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                peak = Math.Max(peak, server.ResidentBytes());
                await Task.Delay(20);
            }
        });
        var started = DateTime.UtcNow;
        await work();
        var elapsed = DateTime.UtcNow - started;
        await Task.Delay(TimeSpan.FromSeconds(10));
        stop.Cancel();
        await sampler;
        var after = server.ResidentBytes();
        Console.WriteLine($"{what}: RSS before {Mb(before)} MB, peak {Mb(peak)} MB, 10 s after {Mb(after)} MB ({elapsed.TotalSeconds:F1} s)");
        return true;
    }

    private static string Mb(long bytes) => (bytes / 1024.0 / 1024.0).ToString("F0", CultureInfo.InvariantCulture);

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    /// <summary>A note with one file of <paramref name="bytes"/> pseudo-random bytes (different per <paramref name="seed"/>, so none is stored once for all).</summary>
    private static string MessageWithFile(int bytes, int seed)
    {
        var content = new byte[bytes];
        new Random(seed).NextBytes(content);
        return $$"""{"body_text":"file {{seed}}","attachments":[{"file_name":"f{{seed}}.bin","content_base64":"{{Convert.ToBase64String(content)}}"}]}""";
    }

    /// <summary>One conversation whose messages add up to about <paramref name="bytes"/> of text (50 messages, each under the per-message limit).</summary>
    private static string ImportLine(int bytes)
    {
        var messages = new JsonArray();
        var per = Math.Min(900_000, bytes / 50);
        var text = new string('x', per);
        var at = DateTime.UtcNow.AddDays(-2);
        for (var written = 0; written < bytes; written += per)
        {
            messages.Add(new JsonObject
            {
                ["kind"] = "inbound",
                ["body_text"] = text,
                ["created_at"] = at.ToString("O", CultureInfo.InvariantCulture),
            });
            at = at.AddMinutes(1);
        }
        return new JsonObject
        {
            ["external_id"] = $"bench-big-{Guid.NewGuid():N}",
            ["subject"] = "A long history",
            ["customer"] = new JsonObject { ["email"] = "history@bench.test" },
            ["messages"] = messages,
        }.ToJsonString() + "\n";
    }
}
