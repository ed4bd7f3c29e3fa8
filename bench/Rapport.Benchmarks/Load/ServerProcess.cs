using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Rapport.Tests.Infrastructure;

namespace Rapport.Benchmarks.Load;

/// <summary>
/// A real Rapport server in its own process on a loopback port, on a fresh SQLite file or a
/// fresh database in a throwaway PostgreSQL cluster. Reads its resident memory and CPU time from /proc.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _dataPath;
    private readonly string[] _config;
    private readonly bool _keepData;

    private ServerProcess(Process process, string dataPath, string[] config, Uri url, bool keepData)
    {
        _process = process;
        _dataPath = dataPath;
        _config = config;
        _keepData = keepData;
        Url = url;
    }

    public Uri Url { get; }
    public int Pid => _process.Id;

    /// <summary>The server's data folder (its SQLite database, its mail pipe socket).</summary>
    public string DataPath => _dataPath;

    /// <summary>The settings the server runs with (database, data folder), for a verb started some other way.</summary>
    public IReadOnlyList<string> Config => _config;

    /// <summary>A fresh server; with <paramref name="keepDataIn"/> (SQLite) its data folder is that one, reused if it exists and kept afterwards.</summary>
    public static async Task<ServerProcess> StartAsync(string provider, string? sqliteSynchronous = null, string? keepDataIn = null)
    {
        if (keepDataIn is not null && provider == "postgres")
        {
            throw new ArgumentException("--data keeps a SQLite dataset; PostgreSQL runs use a throwaway cluster.");
        }
        var dataPath = keepDataIn is null ? Path.Combine(Path.GetTempPath(), $"rapport-load-{Guid.NewGuid():N}") : Path.GetFullPath(keepDataIn);
        Directory.CreateDirectory(dataPath);
        var connection = provider == "postgres"
            ? await (await PostgresServer.GetAsync()).CreateDatabaseAsync()
            : $"Data Source={Path.Combine(dataPath, "rapport.db")}";
        var port = FreePort();
        string[] config =
        [
            "--Database:Provider", provider == "postgres" ? "Postgres" : "Sqlite",
            "--Database:ConnectionString", connection,
            "--Rapport:DataPath", dataPath,
            // The driver is one caller sending as fast as it can; the per-caller limit would measure itself.
            "--RateLimits:ApiPerSecond", "1000000",
            "--RateLimits:PublicPerMinute", "1000000",
            "--Logging:LogLevel:Default", "Warning",
            .. sqliteSynchronous is null ? Array.Empty<string>() : ["--Database:SqliteSynchronous", sqliteSynchronous],
        ];
        var url = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}");
        var process = Start(["--urls", url.ToString(), .. config], redirectInput: false);
        var server = new ServerProcess(process, dataPath, config, url, keepDataIn is not null);
        await server.WaitUntilReadyAsync();
        return server;
    }

    /// <summary>Runs an admin verb of the same build against the same database.</summary>
    public async Task<(int ExitCode, string Output)> RunVerbAsync(string[] verb, string? stdin = null)
    {
        using var process = Start([.. verb, .. _config], redirectInput: stdin is not null);
        if (stdin is not null)
        {
            await process.StandardInput.WriteLineAsync(stdin);
            process.StandardInput.Close();
        }
        var output = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, output);
    }

    public long ResidentBytes()
    {
        foreach (var line in File.ReadLines($"/proc/{Pid}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
            }
        }
        return 0;
    }

    public TimeSpan CpuTime()
    {
        _process.Refresh();
        return _process.TotalProcessorTime;
    }

    private static Process Start(string[] args, bool redirectInput)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "rapport.dll");
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = redirectInput,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(dll);
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }
        info.Environment["DOTNET_gcServer"] = "0";
        var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start rapport.");
        // Drain output so the server never blocks on a full pipe.
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { Console.Error.WriteLine($"  [server] {e.Data}"); } };
        if (!redirectInput)
        {
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
        }
        return process;
    }

    private async Task WaitUntilReadyAsync()
    {
        using var client = new HttpClient { BaseAddress = Url, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddMinutes(10); // a migration over a kept 1,000,000-conversation file takes a while
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The server exited with code {_process.ExitCode}.");
            }
            try
            {
                if ((await client.GetAsync("/readyz")).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Slow start on a busy machine.
            }
            await Task.Delay(200);
        }
        throw new TimeoutException("The server did not become ready within 10 minutes.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        if (_keepData)
        {
            return;
        }
        try
        {
            Directory.Delete(_dataPath, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder; best effort.
        }
    }
}
