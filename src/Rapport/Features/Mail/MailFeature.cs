using Microsoft.EntityFrameworkCore.Diagnostics;
using Rapport.Cli;
using Rapport.Features.Mail.Acknowledgements;
using Rapport.Features.Mail.Ingest;
using Rapport.Features.Mail.Mailboxes;
using Rapport.Features.Mail.Pipe;
using Rapport.Features.Mail.Sending;
using Rapport.Features.Outbox;

namespace Rapport.Features.Mail;

/// <summary>The e-mail channel: mailboxes, receiving (IMAP, MTA pipe, raw API), threading, and replies through the outbox. See docs/email.md.</summary>
public static class MailFeature
{
    public static void AddMail(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<MailOptions>().BindConfiguration("Mail").ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<MailboxSecrets>();
        builder.Services.AddScoped<ConnectionTester>();
        builder.Services.AddScoped<MailIngest>();
        builder.Services.AddScoped<Rapport.Features.AgentConsole.Pages.Conversations.EmailFactsLoader>();
        builder.Services.AddScoped<IOutboxHandler, MailDelivery>();
        builder.Services.AddScoped<IOutboxHandler, AcknowledgementDelivery>();
        builder.Services.AddSingleton<IInterceptor, OutboundMailInterceptor>();
        builder.Services.AddSingleton<ImapFetchSignal>();
        builder.Services.AddHostedService<ImapFetchWorker>();
        builder.Services.AddHostedService<PipeSocketServer>();
        Verbs.ExtraVerbs["mail"] = MailIngestVerb.RunAsync;
    }

    public static void MapMailApi(this IEndpointRouteBuilder api)
    {
        api.MapMailboxesRoutes();
        api.MapMailIngestRoutes(MailIngestApi.MaxBytes(api.ServiceProvider));
    }
}
