using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Rapport.Data;

namespace Rapport.Tests.Infrastructure;

/// <summary>
/// The built Rapport as its own process on a loopback port (Kestrel, real sockets), on a fresh SQLite
/// file or a fresh database in the throwaway PostgreSQL cluster: for what the in-memory test host
/// cannot show, such as the address a connection comes from.
/// </summary>
public sealed class RapportServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string[] _config;
    private readonly StringBuilder _log = new();

    private RapportServerProcess(Process process, string[] config, string dataPath, int port)
    {
        _process = process;
        _config = config;
        DataPath = dataPath;
        Port = port;
    }

    public int Port { get; }
    public string DataPath { get; }
    public Uri Url => new($"http://127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}");

    /// <summary>What the server wrote to standard error, for a failing test's message.</summary>
    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    /// <summary>Starts the server with <paramref name="settings"/> (<c>--Key value</c> pairs) on <paramref name="port"/>, and waits until it is ready.</summary>
    public static async Task<RapportServerProcess> StartAsync(DatabaseProvider provider, int port, params string[] settings)
    {
        var dataPath = Path.Combine(Path.GetTempPath(), $"rapport-proc-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dataPath);
        var connection = provider == DatabaseProvider.Postgres
            ? await (await PostgresServer.GetAsync()).CreateDatabaseAsync()
            : $"Data Source={Path.Combine(dataPath, "rapport.db")}";
        string[] config =
        [
            "--Database:Provider", provider.ToString(),
            "--Database:ConnectionString", connection,
            "--Rapport:DataPath", dataPath,
            "--Mail:FetchEnabled", "false",
            "--Outbox:Enabled", "false",
            "--Logging:LogLevel:Default", "Warning",
            .. settings,
        ];
        var server = new RapportServerProcess(Start(["--urls", $"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}", .. config], stdin: false), config, dataPath, port);
        server.Drain();
        await server.WaitUntilReadyAsync();
        return server;
    }

    /// <summary>Runs an admin verb of the same build against the same database; <paramref name="stdin"/> is its one line of input.</summary>
    public async Task<VerbRun> RunVerbAsync(string[] verb, string? stdin = null)
    {
        var clock = Stopwatch.StartNew();
        using var process = Start([.. verb, .. _config], stdin: true);
        await process.StandardInput.WriteLineAsync(stdin ?? "");
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return new VerbRun(process.ExitCode, await output, await error, clock.Elapsed);
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static Process Start(string[] args, bool stdin)
    {
        var info = new ProcessStartInfo(IngestVerbProcess.Dotnet())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = stdin,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(typeof(Program).Assembly.Location);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        info.Environment["DOTNET_gcServer"] = "0";
        return Process.Start(info) ?? throw new InvalidOperationException("Could not start rapport.");
    }

    private void Drain()
    {
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, e) =>
        {
            lock (_log)
            {
                _log.AppendLine(e.Data);
            }
        };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    private async Task WaitUntilReadyAsync()
    {
        using var client = new HttpClient { BaseAddress = Url, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"Rapport exited with code {_process.ExitCode}: {Log}");
            }
            try
            {
                if ((await client.GetAsync("/readyz")).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet.
            }
            await Task.Delay(200);
        }
        throw new TimeoutException($"Rapport did not become ready: {Log}");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        try
        {
            Directory.Delete(DataPath, recursive: true);
        }
        catch (IOException)
        {
            // Left for the run's temporary folder to take away.
        }
    }
}
