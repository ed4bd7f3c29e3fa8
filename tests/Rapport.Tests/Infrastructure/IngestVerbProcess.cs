using System.Diagnostics;

namespace Rapport.Tests.Infrastructure;

public sealed record VerbRun(int ExitCode, string Output, string Error, TimeSpan Elapsed);

/// <summary>Runs the built <c>rapport mail ingest</c> as its own process, the way an MTA's pipe transport does.</summary>
public static class IngestVerbProcess
{
    public static Task<VerbRun> RunAsync(string stdin, IEnumerable<string> args) =>
        RunCommandLineAsync(stdin, ["mail", "ingest", .. args]);

    /// <summary>
    /// <c>rapport</c> with exactly these arguments. A process still running after <paramref name="timeout"/>
    /// (say, a server started where a verb was meant) is killed and reported with exit code -1.
    /// </summary>
    public static async Task<VerbRun> RunCommandLineAsync(string stdin, IEnumerable<string> args, TimeSpan? timeout = null)
    {
        var start = new ProcessStartInfo(Dotnet())
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(typeof(Program).Assembly.Location);
        foreach (var arg in args.Concat(["--Logging:LogLevel:Default", "Warning"]))
        {
            start.ArgumentList.Add(arg);
        }
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        using var limit = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(5));
        await using var kill = limit.Token.Register(() =>
        {
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // It exited between the timeout and the kill: nothing left to stop.
            }
        });
        try
        {
            await process.StandardInput.WriteAsync(stdin);
            process.StandardInput.Close();
        }
        catch (IOException)
        {
            // It answered before reading (bad usage): the exit code is what matters.
        }
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return new VerbRun(limit.IsCancellationRequested ? -1 : process.ExitCode, await output, await error, clock.Elapsed);
    }

    public static string Dotnet() =>
        Environment.ProcessPath is { } path && Path.GetFileNameWithoutExtension(path) == "dotnet" ? path
            : Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "/usr/bin/dotnet";
}
