using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using Rapport.Tests.Infrastructure;

namespace Rapport.Tests.Ops;

/// <summary>
/// The output of <c>dotnet publish src/Rapport -c Release -o OUT</c>, started the way a service manager
/// starts it: from another working folder. Published once for the class (slow: ReadyToRun).
/// </summary>
public sealed partial class PublishedBuildTests(PublishedBuild build) : IClassFixture<PublishedBuild>
{
    [Fact]
    public async Task StartedFromAnotherFolderItServesItsStylesheetsFontsAndBlazorScriptWithTheirBytes()
    {
        await using var server = await build.StartAsync();
        using var http = new HttpClient { BaseAddress = server.Url };

        var page = await http.GetAsync("/signin");
        var html = await page.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var stylesheet = Stylesheet().Match(html);
        Assert.True(stylesheet.Success, html);

        // The sign-in stylesheet is written by code and served from anywhere; the files it and the console load are not.
        var css = Encoding.UTF8.GetString(await AssertServedAsync(http, stylesheet.Groups["href"].Value, "text/css"));
        var font = FontUrl().Match(css);
        Assert.True(font.Success, css);
        await AssertServedAsync(http, font.Groups["url"].Value, "font/woff2");
        await AssertServedAsync(http, "/favicon.svg", "image/svg+xml");
        await AssertServedAsync(http, "/css/console.css", "text/css");
        await AssertServedAsync(http, "/_framework/blazor.web.js", "text/javascript");
    }

    [Fact]
    public async Task VersionPrintsTheInformationalVersionAndExitsZero()
    {
        var run = await build.RunAsync(["--version"]);

        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}\n{run.Output}\n{run.Error}");
        var expected = typeof(Program).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion;
        Assert.Equal(expected, run.Output.Trim());
    }

    [Fact]
    public async Task MailIngestStartedFromAnotherFolderReadsTheSettingsBesideTheExecutable()
    {
        // An MTA runs the pipe from its spool folder; the settings it must find are the server's, beside the executable.
        var dataPath = build.WriteSettings("Ingest", """{ "Rapport": { "DataPath": "{data}" }, "Mail": { "PipeSocket": "off" } }""");

        var run = await build.RunAsync(["mail", "ingest", "--mailbox", "support@example.test"], "Ingest",
            "From: a@example.test\r\nTo: support@example.test\r\nSubject: hi\r\n\r\nhello\r\n");

        Assert.True(Directory.Exists(dataPath), $"the data folder of the settings beside the executable was not used (exit {run.ExitCode})\n{run.Output}\n{run.Error}");
    }

    private static async Task<byte[]> AssertServedAsync(HttpClient http, string path, string contentType)
    {
        using var response = await http.GetAsync(path);
        var body = await response.Content.ReadAsByteArrayAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode}");
        Assert.Equal(contentType, response.Content.Headers.ContentType?.MediaType);
        Assert.True(body.Length > 0, $"{path} was answered with no bytes");
        return body;
    }

    [GeneratedRegex("""url\("(?<url>/[^"]+\.woff2)"\)""")]
    private static partial Regex FontUrl();

    [GeneratedRegex("""<link rel="stylesheet" href="(?<href>[^"]+)">""")]
    private static partial Regex Stylesheet();
}

/// <summary>One publish into a temp folder, and a working folder elsewhere to start it from.</summary>
public sealed class PublishedBuild : IAsyncLifetime
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"rapport-publish-{Guid.NewGuid():N}");

    private string Output => Path.Combine(_root, "out");

    /// <summary>Not the output folder, which is the point: systemd and friends start programs from elsewhere.</summary>
    private string WorkingFolder => Path.Combine(_root, "elsewhere");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(WorkingFolder);
        var project = Path.Combine(RepositoryRoot(), "src", "Rapport", "Rapport.csproj");
        var start = new ProcessStartInfo(IngestVerbProcess.Dotnet()) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "publish", project, "-c", "Release", "-o", Output, "-nologo" })
        {
            start.ArgumentList.Add(arg);
        }
        using var publish = Process.Start(start)!;
        var output = publish.StandardOutput.ReadToEndAsync();
        var error = publish.StandardError.ReadToEndAsync();
        await publish.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(15));
        Assert.True(publish.ExitCode == 0, $"dotnet publish failed:\n{await output}\n{await error}");
    }

    public Task<VerbRun> RunAsync(IEnumerable<string> args, string? environment = null, string stdin = "") =>
        Run(args, environment, stdin, TimeSpan.FromMinutes(1));

    /// <summary>Writes <c>appsettings.{environment}.json</c> beside the executable, <c>{data}</c> replaced by a fresh folder, which is returned.</summary>
    public string WriteSettings(string environment, string json)
    {
        var data = Path.Combine(_root, $"data-{environment}-{Guid.NewGuid():N}");
        File.WriteAllText(Path.Combine(Output, $"appsettings.{environment}.json"), json.Replace("{data}", data, StringComparison.Ordinal));
        return data;
    }

    public async Task<PublishedServer> StartAsync()
    {
        var port = FreePort();
        var url = new Uri($"http://127.0.0.1:{port}");
        var process = Process.Start(StartInfo(["--urls", url.ToString().TrimEnd('/'), "--Rapport:DataPath", Path.Combine(_root, $"data-{port}")]))!;
        var server = new PublishedServer(process, url);
        using var http = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(5) };
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                if ((await http.GetAsync("/healthz")).IsSuccessStatusCode)
                {
                    return server;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet.
            }
            if (process.HasExited || clock.Elapsed > TimeSpan.FromMinutes(1))
            {
                var exit = process.HasExited ? process.ExitCode : -1;
                var log = await server.StopAsync();
                throw new InvalidOperationException($"The published server did not start (exit {exit}, -1: still not answering):\n{log}");
            }
            await Task.Delay(200);
        }
    }

    private async Task<VerbRun> Run(IEnumerable<string> args, string? environment, string stdin, TimeSpan limit)
    {
        var clock = Stopwatch.StartNew();
        var start = StartInfo(args);
        start.RedirectStandardInput = true;
        if (environment is not null)
        {
            start.Environment["DOTNET_ENVIRONMENT"] = environment;
        }
        using var process = Process.Start(start)!;
        await process.StandardInput.WriteAsync(stdin);
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(limit);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            // Still running at the limit (a server started where a verb was meant): stopped, reported as -1.
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            return new VerbRun(-1, await output, await error, clock.Elapsed);
        }
        return new VerbRun(process.ExitCode, await output, await error, clock.Elapsed);
    }

    private ProcessStartInfo StartInfo(IEnumerable<string> args)
    {
        // The apphost, as a service file would name it; it finds the runtime through DOTNET_ROOT.
        var start = new ProcessStartInfo(Path.Combine(Output, "rapport"))
        {
            WorkingDirectory = WorkingFolder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["DOTNET_ROOT"] = Path.GetDirectoryName(new FileInfo(IngestVerbProcess.Dotnet()).ResolveLinkTarget(true)?.FullName ?? IngestVerbProcess.Dotnet());
        start.Environment.Remove("ASPNETCORE_ENVIRONMENT");
        start.Environment.Remove("DOTNET_ENVIRONMENT");
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        return start;
    }

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Rapport.slnx")))
            {
                return folder.FullName;
            }
        }
        throw new InvalidOperationException("Rapport.slnx not found above the test assembly.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public Task DisposeAsync()
    {
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a temp folder.
        }
        return Task.CompletedTask;
    }
}

/// <summary>A running published server, stopped (and its output collected) on dispose.</summary>
public sealed class PublishedServer(Process process, Uri url) : IAsyncDisposable
{
    private readonly Task<string> _output = process.StandardOutput.ReadToEndAsync();
    private readonly Task<string> _error = process.StandardError.ReadToEndAsync();

    public Uri Url { get; } = url;

    public async Task<string> StopAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }
        await process.WaitForExitAsync();
        var log = new StringBuilder().AppendLine(await _output).AppendLine(await _error).ToString();
        process.Dispose();
        return log;
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            await StopAsync();
        }
    }
}
