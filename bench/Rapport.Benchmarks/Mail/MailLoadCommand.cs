using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Rapport.Benchmarks.Load;
using Rapport.Features.Mail.Parsing;

namespace Rapport.Benchmarks.Mail;

/// <summary>
/// The e-mail load mode: parse throughput over the corpus, then generated mail taken in through the
/// raw API (<c>POST /mailboxes/{id}/raw</c>, N callers) and through the MTA pipe
/// (<c>rapport mail ingest</c>, one process per message, a few at once, as Postfix runs it; handing
/// the message to the server's pipe socket unless told otherwise), each with its time,
/// its rate and the peak resident memory (of the server; of one pipe process).
/// </summary>
public static class MailLoadCommand
{
    private const string AdminEmail = "bench-admin@bench.test";
    private const string AdminPassword = "bench password that is long";

    public static async Task<int> RunAsync(MailLoadOptions options)
    {
        Parse(options.ParseSeconds);

        Console.WriteLine($"Starting Rapport on {options.Provider}…");
        await using var server = await ServerProcess.StartAsync(options.Provider);
        var (code, output) = await server.RunVerbAsync(["admin", "create", "--email", AdminEmail, "--name", "Bench Admin"], AdminPassword);
        if (code != 0)
        {
            throw new InvalidOperationException($"admin create failed ({code}): {output}");
        }
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = options.Concurrency * 2 }) { BaseAddress = server.Url, Timeout = TimeSpan.FromMinutes(5) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync(http));
        var run = Guid.NewGuid().ToString("N")[..8];
        var failures = 0;

        if (options.Messages > 0)
        {
            var (mailbox, address) = await MailboxAsync(http, $"api-{run}@bench.test");
            failures += await ApiAsync(http, server, mailbox, address, $"api{run}", options);
        }
        if (options.ImapMessages > 0)
        {
            if (DovecotServer.CanRun(out var why))
            {
                failures += await ImapAsync(http, server, $"imap{run}", options);
            }
            else
            {
                Console.WriteLine($"imap: skipped: {why}");
            }
        }
        if (options.PipeMessages > 0)
        {
            var (_, address) = await MailboxAsync(http, $"pipe-{run}@bench.test");
            failures += await PipeAsync(server, address, $"pipe{run}", options);
        }
        return failures == 0 ? 0 : 1;
    }

    private static void Parse(double seconds)
    {
        var corpus = MailCorpus.Load();
        var bytes = corpus.Sum(m => (long)m.Length);
        foreach (var message in corpus)
        {
            MailParser.Parse(message);
        }
        var watch = Stopwatch.StartNew();
        var rounds = 0;
        while (watch.Elapsed.TotalSeconds < seconds)
        {
            foreach (var message in corpus)
            {
                MailParser.Parse(message);
            }
            rounds++;
        }
        var elapsed = watch.Elapsed.TotalSeconds;
        Console.WriteLine($"parse: {corpus.Count} corpus messages ({bytes / 1024.0:F0} KB) × {rounds}: {corpus.Count * rounds / elapsed:F0} messages/s, {bytes * rounds / elapsed / 1_000_000:F1} MB/s");
    }

    private static async Task<int> ApiAsync(HttpClient http, ServerProcess server, long mailbox, string address, string run, MailLoadOptions options)
    {
        Console.WriteLine($"raw API: {options.Messages:N0} messages, {options.Concurrency} callers…");
        using var sampler = new PeakSampler(server.ResidentBytes);
        var before = server.ResidentBytes();
        var cpuBefore = server.CpuTime();
        var next = -1;
        var outcomes = new System.Collections.Concurrent.ConcurrentDictionary<string, int>();
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, options.Concurrency).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < options.Messages)
            {
                using var content = new ByteArrayContent(GeneratedMail.Make(run, i, options.Messages, address));
                content.Headers.ContentType = new MediaTypeHeaderValue("message/rfc822");
                using var response = await http.PostAsync($"/api/v1/mailboxes/{mailbox}/raw", content);
                var outcome = response.IsSuccessStatusCode
                    ? (await response.Content.ReadFromJsonAsync<JsonObject>())!["outcome"]!.GetValue<string>()
                    : $"http {(int)response.StatusCode}";
                outcomes.AddOrUpdate(outcome, 1, (_, n) => n + 1);
            }
        }));
        var elapsed = watch.Elapsed;
        var cpu = server.CpuTime() - cpuBefore;
        Console.WriteLine($"raw API: {options.Messages:N0} messages in {elapsed.TotalSeconds:F1} s: {options.Messages / elapsed.TotalSeconds:F0} messages/s; "
            + $"server CPU {cpu.TotalSeconds:F1} s ({cpu.TotalMilliseconds / options.Messages:F1} ms a message); "
            + $"server RSS {Mb(before)} before, peak {Mb(sampler.Peak)}; outcomes {string.Join(", ", outcomes.OrderBy(o => o.Key).Select(o => $"{o.Key} {o.Value}"))}");
        return outcomes.Keys.Count(k => k is not ("created" or "appended")) == 0 ? 0 : 1;
    }

    private static async Task<int> PipeAsync(ServerProcess server, string address, string run, MailLoadOptions options)
    {
        var socket = await ServerSocketAsync(server);
        var how = options.PipeInProcess ? "each taking its message in itself (--Mail:PipeSocket off)"
            : socket is null ? "no server socket found: each takes its message in itself" : $"handing each message to the server's socket {socket}";
        Console.WriteLine($"pipe: {options.PipeMessages:N0} messages through `rapport mail ingest`, one process each, {options.PipeConcurrency} at once, {how} ({options.PipeRapport ?? "the rapport.dll built beside the benchmark"})…");
        string[] extra = options.PipeInProcess ? ["--Mail:PipeSocket", "off"] : [];
        var peakKb = 0L;
        var cpuTicks = 0L;
        var failed = 0;
        var done = 0;
        string? firstFailure = null;
        var next = -1;
        using var sampler = new PeakSampler(server.ResidentBytes);
        var before = server.ResidentBytes();
        var serverCpuBefore = server.CpuTime();
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, options.PipeConcurrency).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < options.PipeMessages)
            {
                var (exit, peak, cpu, output) = await IngestOneAsync(server, address, GeneratedMail.Make(run, i, options.PipeMessages, address), options.PipeRapport, extra);
                lock (watch)
                {
                    peakKb = Math.Max(peakKb, peak);
                    cpuTicks += TimeSpan.FromSeconds(cpu).Ticks;
                    if (exit != 0)
                    {
                        failed++;
                        firstFailure ??= $"exit {exit}: {output}";
                    }
                    if (++done % 1000 == 0)
                    {
                        Console.WriteLine($"  {done:N0} in {watch.Elapsed.TotalSeconds:F0} s");
                    }
                }
            }
        }));
        var elapsed = watch.Elapsed;
        var pipeCpu = TimeSpan.FromTicks(cpuTicks);
        var serverCpu = server.CpuTime() - serverCpuBefore;
        Console.WriteLine($"pipe: {options.PipeMessages:N0} messages in {elapsed.TotalSeconds:F1} s: {options.PipeMessages / elapsed.TotalSeconds:F1} messages/s; "
            + $"CPU per message {pipeCpu.TotalMilliseconds / options.PipeMessages:F0} ms in the pipe process + {serverCpu.TotalMilliseconds / options.PipeMessages:F1} ms in the server; "
            + $"peak RSS of one pipe process {peakKb / 1024.0:F0} MB; server RSS {Mb(before)} before, peak {Mb(sampler.Peak)}; failed {failed}{(firstFailure is null ? "" : $" (first: {firstFailure})")}");
        return failed;
    }

    /// <summary>The server's pipe socket, once it listens (it starts beside the web server); null if it never appears.</summary>
    private static async Task<string?> ServerSocketAsync(ServerProcess server)
    {
        var path = Path.Combine(server.DataPath, "mail.sock");
        for (var i = 0; i < 100 && !File.Exists(path); i++)
        {
            await Task.Delay(100);
        }
        return File.Exists(path) ? path : null;
    }

    private static async Task<int> ImapAsync(HttpClient http, ServerProcess server, string run, MailLoadOptions options)
    {
        Console.WriteLine($"imap: {options.ImapMessages:N0} messages in a Dovecot Maildir, fetched over IMAP with TLS…");
        await using var dovecot = await DovecotServer.StartAsync();
        await dovecot.FillAsync(Enumerable.Range(0, options.ImapMessages).Select(i => GeneratedMail.Make(run, i, options.ImapMessages, DovecotServer.User)));
        using var sampler = new PeakSampler(server.ResidentBytes);
        var before = server.ResidentBytes();
        var cpuBefore = server.CpuTime();
        var watch = Stopwatch.StartNew();
        var response = await http.PostAsJsonAsync("/api/v1/mailboxes", new
        {
            address = $"{run}@bench.test",
            display_name = "Bench IMAP",
            verify_certificates = false,
            imap = new { host = "127.0.0.1", port = dovecot.Port, security = "tls", user = DovecotServer.User, password = DovecotServer.Password, folder = "INBOX" },
        });
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"Could not create the IMAP mailbox: {(int)response.StatusCode} {body}");
        }
        var id = JsonNode.Parse(body)!["id"]!.GetValue<long>();
        long lastUid = 0;
        string? lastError = null;
        TimeSpan? firstSeen = null;
        var idle = Stopwatch.StartNew();
        while (lastUid < options.ImapMessages && idle.Elapsed < TimeSpan.FromMinutes(3))
        {
            await Task.Delay(250);
            var sync = (await http.GetFromJsonAsync<JsonObject>($"/api/v1/mailboxes/{id}"))!["sync"];
            var uid = sync?["last_uid"]?.GetValue<long>() ?? 0;
            lastError = sync?["last_error"]?.GetValue<string>();
            if (uid > lastUid)
            {
                firstSeen ??= watch.Elapsed;
                lastUid = uid;
                idle.Restart();
            }
        }
        // A new mailbox waits for the fetch loop's next look at the mailbox list (Mail:PollSeconds):
        // the rate is counted from the first message taken in.
        var start = firstSeen ?? TimeSpan.Zero;
        var elapsed = watch.Elapsed - start;
        var cpu = server.CpuTime() - cpuBefore;
        Console.WriteLine($"imap: first message after {start.TotalSeconds:F1} s; {lastUid:N0} of {options.ImapMessages:N0} messages in {elapsed.TotalSeconds:F1} s after that: {lastUid / elapsed.TotalSeconds:F0} messages/s; "
            + $"server CPU {cpu.TotalSeconds:F1} s ({cpu.TotalMilliseconds / Math.Max(1, lastUid):F1} ms a message); server RSS {Mb(before)} before, peak {Mb(sampler.Peak)}"
            + (lastError is null ? "" : $"; last error: {lastError}"));
        return lastUid == options.ImapMessages ? 0 : 1;
    }

    /// <summary>One `rapport mail ingest` under /usr/bin/time, which reports the process's peak resident set.</summary>
    private static async Task<(int Exit, long PeakKb, double CpuSeconds, string Output)> IngestOneAsync(ServerProcess server, string address, byte[] message, string? rapport, string[] extra)
    {
        var info = new ProcessStartInfo("/usr/bin/time")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in (string[])["-f", "peak-kb %M cpu %U %S", "dotnet", rapport ?? Path.Combine(AppContext.BaseDirectory, "rapport.dll"), "mail", "ingest", "--mailbox", address, .. server.Config, .. extra])
        {
            info.ArgumentList.Add(a);
        }
        info.Environment["DOTNET_gcServer"] = "0";
        using var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start rapport.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.StandardInput.BaseStream.WriteAsync(message);
        process.StandardInput.Close();
        await process.WaitForExitAsync();
        var error = await stderr;
        var peakLine = error.Split('\n').LastOrDefault(l => l.StartsWith("peak-kb ", StringComparison.Ordinal));
        var fields = peakLine?.Split(' ', StringSplitOptions.RemoveEmptyEntries) ?? [];
        var peak = fields.Length == 5 ? long.Parse(fields[1], CultureInfo.InvariantCulture) : 0;
        var cpu = fields.Length == 5 ? double.Parse(fields[3], CultureInfo.InvariantCulture) + double.Parse(fields[4], CultureInfo.InvariantCulture) : 0;
        return (process.ExitCode, peak, cpu, (await stdout + error).Trim());
    }

    private static async Task<(long Id, string Address)> MailboxAsync(HttpClient http, string address)
    {
        var response = await http.PostAsJsonAsync("/api/v1/mailboxes", new { address, display_name = "Bench" });
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"Could not create a mailbox: {(int)response.StatusCode} {body}");
        }
        return (JsonNode.Parse(body)!["id"]!.GetValue<long>(), address);
    }

    private static async Task<string> TokenAsync(HttpClient http)
    {
        var response = await http.PostAsJsonAsync("/api/v1/auth/token", new { email = AdminEmail, password = AdminPassword, name = "bench", scope = "admin" });
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"Could not get a token: {(int)response.StatusCode} {body}");
        }
        return JsonNode.Parse(body)!["token"]!.GetValue<string>();
    }

    private static string Mb(long bytes) => $"{bytes / 1024.0 / 1024.0:F0} MB";

    /// <summary>Reads a process's resident memory every 50 ms and keeps the highest.</summary>
    private sealed class PeakSampler : IDisposable
    {
        private readonly Timer _timer;
        private long _peak;

        public PeakSampler(Func<long> read)
        {
            _timer = new Timer(_ =>
            {
                var now = read();
                long seen;
                while (now > (seen = Interlocked.Read(ref _peak)) && Interlocked.CompareExchange(ref _peak, now, seen) != seen)
                {
                }
            }, null, TimeSpan.Zero, TimeSpan.FromMilliseconds(50));
        }

        public long Peak => Interlocked.Read(ref _peak);

        public void Dispose() => _timer.Dispose();
    }
}
