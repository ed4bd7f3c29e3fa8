using Rapport.Tests.Infrastructure;

namespace Rapport.Tests.Cli;

/// <summary>
/// <c>rapport</c> as its own process: help for every verb, and an unknown verb refused with the
/// usage (exit 64, as sysexits.h and MTAs read it), never a web server left running.
/// </summary>
public class CommandLineTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(45);

    /// <summary>Should anything start a server after all, it binds a free port in a folder of its own and is killed at the limit.</summary>
    private static string[] Harmless() =>
        ["--Rapport:DataPath", Path.Combine(Path.GetTempPath(), $"rapport-cli-{Guid.NewGuid():N}"), "--urls", "http://127.0.0.1:0"];

    [Theory]
    [InlineData("--help", "Usage: rapport")]
    [InlineData("-h", "Usage: rapport")]
    [InlineData("help", "Usage: rapport")]
    [InlineData("serve --help", "Usage: rapport")]
    [InlineData("mail ingest --help", "rapport mail ingest --mailbox")]
    [InlineData("mail -h", "rapport mail ingest --mailbox")]
    [InlineData("migrate --help", "rapport migrate")]
    [InlineData("admin create --help", "rapport admin create --email")]
    [InlineData("import --help", "rapport import FILE")]
    [InlineData("demo seed --help", "rapport demo seed")]
    [InlineData("schema-script --help", "rapport schema-script sqlite|postgres")]
    public async Task HelpPrintsTheUsageAndExitsZero(string commandLine, string usage)
    {
        var run = await IngestVerbProcess.RunCommandLineAsync("", [.. Harmless(), .. commandLine.Split(' ')], Limit);
        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}: {run.Error}");
        Assert.Contains(usage, run.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("frobnicate")]
    [InlineData("frobnicate --help")]
    [InlineData("mail frobnicate")]
    public async Task AnUnknownVerbExits64WithTheUsageOnStandardError(string commandLine)
    {
        var run = await IngestVerbProcess.RunCommandLineAsync("", [.. Harmless(), .. commandLine.Split(' ')], Limit);
        Assert.True(run.ExitCode == 64, $"exit {run.ExitCode}: {run.Error}");
        Assert.Contains("Usage: rapport", run.Error, StringComparison.Ordinal);
        Assert.Contains(commandLine.Split(' ')[^1] == "--help" ? "frobnicate" : commandLine, run.Error, StringComparison.Ordinal);
    }
}
