using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Rapport.Tests.Infrastructure;

/// <summary>
/// A throwaway PostgreSQL cluster for this test run: initdb into a temporary folder, started on a
/// free loopback port, stopped and deleted when the process exits. Every test class gets its own
/// database in it. The binaries come from <c>RAPPORT_PG_BIN</c> or Debian's PostgreSQL 15 folder.
/// </summary>
public sealed class PostgresServer
{
    private static readonly Lazy<Task<PostgresServer>> Shared = new(StartAsync);
    private readonly string _dataDir;
    private readonly string _bin;
    private int _databases;

    private PostgresServer(string bin, string dataDir, int port)
    {
        _bin = bin;
        _dataDir = dataDir;
        Port = port;
    }

    public int Port { get; }

    public static Task<PostgresServer> GetAsync() => Shared.Value;

    public string ConnectionString(string database) =>
        $"Host=127.0.0.1;Port={Port};Username=postgres;Database={database};Pooling=true;Maximum Pool Size=20;Include Error Detail=true";

    public async Task<string> CreateDatabaseAsync()
    {
        var name = $"rapport_test_{Environment.ProcessId}_{Interlocked.Increment(ref _databases)}";
        await using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
        await command.ExecuteNonQueryAsync();
        return ConnectionString(name);
    }

    private static async Task<PostgresServer> StartAsync()
    {
        var bin = Environment.GetEnvironmentVariable("RAPPORT_PG_BIN") ?? "/usr/lib/postgresql/15/bin";
        if (!File.Exists(Path.Combine(bin, "initdb")))
        {
            throw new InvalidOperationException($"PostgreSQL binaries not found in '{bin}'. Install postgresql-15 or set RAPPORT_PG_BIN.");
        }
        var dataDir = Path.Combine(Path.GetTempPath(), $"rapport-test-pg-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dataDir);
        var asRoot = Environment.UserName == "root";
        if (asRoot)
        {
            // PostgreSQL refuses to run as root; the cluster belongs to the postgres system user.
            await RunAsync("chown", $"postgres \"{dataDir}\"");
        }
        var port = FreePort();
        await RunPgAsync(asRoot, Path.Combine(bin, "initdb"), $"-D \"{dataDir}/db\" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 --no-sync");
        var options = $"-c listen_addresses=127.0.0.1 -c port={port} -c unix_socket_directories='{dataDir}' -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300";
        await RunPgAsync(asRoot, Path.Combine(bin, "pg_ctl"), $"-D \"{dataDir}/db\" -l \"{dataDir}/log\" -o \"{options}\" -w -t 60 start");
        var server = new PostgresServer(bin, dataDir, port);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.Stop(asRoot);
        return server;
    }

    private void Stop(bool asRoot)
    {
        try
        {
            RunPgAsync(asRoot, Path.Combine(_bin, "pg_ctl"), $"-D \"{_dataDir}/db\" -m immediate -w -t 20 stop").GetAwaiter().GetResult();
        }
        finally
        {
            try
            {
                Directory.Delete(_dataDir, recursive: true);
            }
            catch (IOException)
            {
                // Left for the test script's clean-up; the process is exiting anyway.
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static Task RunPgAsync(bool asRoot, string file, string arguments) =>
        asRoot ? RunAsync("runuser", $"-u postgres -- \"{file}\" {arguments}") : RunAsync(file, arguments);

    private static async Task RunAsync(string file, string arguments)
    {
        var info = new ProcessStartInfo(file, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {file}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {arguments} failed ({process.ExitCode}): {await stderr}{await stdout}");
        }
    }
}
