using System.Diagnostics;

namespace Rapport.Tests.Infrastructure;

public sealed record VerbRun(int ExitCode, string Output, string Error, TimeSpan Elapsed);

/// <summary>Runs the built <c>rapport mail ingest</c> as its own process, the way an MTA's pipe transport does.</summary>
public static class IngestVerbProcess
{
    public static async Task<VerbRun> RunAsync(string stdin, IEnumerable<string> args)
    {
        var start = new ProcessStartInfo(Dotnet())
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(typeof(Program).Assembly.Location);
        foreach (var arg in new[] { "mail", "ingest" }.Concat(args).Concat(["--Logging:LogLevel:Default", "Warning"]))
        {
            start.ArgumentList.Add(arg);
        }
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
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
        return new VerbRun(process.ExitCode, await output, await error, clock.Elapsed);
    }

    public static string Dotnet() =>
        Environment.ProcessPath is { } path && Path.GetFileNameWithoutExtension(path) == "dotnet" ? path
            : Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "/usr/bin/dotnet";
}
