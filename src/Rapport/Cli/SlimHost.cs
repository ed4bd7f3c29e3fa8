using Rapport.Data;
using Rapport.Features.Conversations;
using Rapport.Features.Mail;
using Rapport.Features.Mail.Ingest;
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
/// the server or <c>rapport migrate</c> has brought it up to date. Figures in BENCHMARKS.md (e-mail).
/// </summary>
public static class SlimHost
{
    public static bool Handles(IReadOnlyList<string> verb) => verb is ["mail", ..];

    public static async Task<int> RunAsync(IReadOnlyList<string> verb, string[] options)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = options,
            // The web host reads ASPNETCORE_ENVIRONMENT; honour it here so appsettings.{Environment}.json is the same file.
            EnvironmentName = Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT") ?? Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT"),
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
        var code = await MailIngestVerb.RunAsync(host, [.. verb.Skip(1)]);
        await FlushRealtimeAsync(host);
        return code;
    }

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
