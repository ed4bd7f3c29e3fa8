using Rapport.Data;
using Rapport.Features.Conversations;
using Rapport.Features.Mail;
using Rapport.Features.Mail.Ingest;
using Rapport.Features.Mail.Pipe;
using Rapport.Features.Notifications;
using Rapport.Features.Outbox;
using Rapport.Features.Portal;
using Rapport.Features.Realtime;
using Rapport.Features.Sla;
using Rapport.Web;

namespace Rapport.Cli;

/// <summary>
/// <c>rapport mail ingest</c> runs once per message (an MTA's pipe transport starts one process for
/// each), so it starts a generic host with only what a save needs: configuration, logging, the data
/// layer, and the features whose interceptors act on the save (SLA, notifications, outbound mail,
/// realtime). No web host, console, auth or endpoints are built, no hosted service starts and no
/// migration runs: a database whose schema is behind this build answers 75 (try again later) until
/// the server or <c>rapport migrate</c> has brought it up to date. Before any of that, it offers the
/// message to the running server over its pipe socket (<see cref="PipeClient"/>), which needs only the
/// configuration: the host is built only when no server listens. Figures in BENCHMARKS.md (e-mail).
/// </summary>
public static class SlimHost
{
    public static bool Handles(IReadOnlyList<string> verb) => verb is ["mail", ..];

    public static async Task<int> RunAsync(IReadOnlyList<string> verb, string[] options)
    {
        var environment = Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT") ?? Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT");
        byte[]? raw = null;
        if (verb is ["mail", "ingest"])
        {
            var config = FastConfiguration(options, environment);
            if (config["mailbox"] is { Length: > 0 } mailbox && PipeSocketPath.Resolve(config) is { } socketPath)
            {
                raw = await MailIngestVerb.ReadStandardInputAsync();
                if (raw.Length == 0)
                {
                    await Console.Error.WriteLineAsync("No message on standard input.");
                    return MailIngestVerb.DataError;
                }
                if (await PipeClient.TryAsync(socketPath, mailbox, raw, Console.Out, Console.Error) is { } handed)
                {
                    return handed;
                }
            }
        }
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = options,
            // The server's own folder when published (Web/AppFolder.cs): an MTA starts this from its spool, not from there.
            ContentRootPath = AppFolder.PublishedContentRoot(options),
            // The web host reads ASPNETCORE_ENVIRONMENT; honour it here so appsettings.{Environment}.json is the same file.
            EnvironmentName = environment,
        });
        builder.AddLoggingDefaults();
        builder.AddRapportData();
        builder.AddConversations();
        builder.AddOutbox();
        builder.AddMail();
        builder.AddRealtime();
        builder.AddNotifications();
        builder.AddSla();
        builder.AddPortal();
        using var host = builder.Build();
        var code = await MailIngestVerb.RunAsync(host, [.. verb.Skip(1)], raw);
        await FlushRealtimeAsync(host);
        return code;
    }

    /// <summary>The same sources, in the same order, as the host's configuration, without the host.</summary>
    private static IConfiguration FastConfiguration(string[] options, string? environment) => new ConfigurationBuilder()
        .SetBasePath(AppFolder.PublishedContentRoot(options) ?? Directory.GetCurrentDirectory())
        .AddJsonFile("appsettings.json", optional: true)
        .AddJsonFile($"appsettings.{environment ?? "Production"}.json", optional: true)
        .AddEnvironmentVariables()
        .AddCommandLine(options)
        .Build();

    /// <summary>On PostgreSQL, tell the servers' consoles what this process committed (their listeners push it live).</summary>
    private static async Task FlushRealtimeAsync(IHost host)
    {
        if (host.Services.GetService<PostgresNotifier>() is not { } notifier)
        {
            return;
        }
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await notifier.FlushAsync(timeout.Token);
        }
        catch (Exception e) when (e is Npgsql.NpgsqlException or OperationCanceledException or TimeoutException)
        {
            // The mail is stored; only the live hint is lost (consoles see it on their next load).
            host.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(SlimHost)).LogWarning(e, "Realtime: could not announce the ingested mail.");
        }
    }
}
