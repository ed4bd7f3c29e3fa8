using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using Rapport.Data;
using Rapport.Features.Accounts;
using Rapport.Features.Mail.Mailboxes;
using Rapport.Features.Mail.Sending;
using Rapport.Features.Mail.Threading;
using Rapport.Features.Outbox;
using Rapport.Features.Portal;
using Rapport.Features.Sla;
using Rapport.Features.Timeline;

namespace Rapport.Features.Mail.Acknowledgements;

/// <summary>
/// Sends a queued acknowledgement (outbox kind "mail.acknowledgement") from the mailbox the customer
/// wrote to: threaded to their message, the conversation token in the subject, marked as an
/// automatic reply so their robots do not answer it, in the customer's language, holding the service
/// standard of this conversation's policy and priority and the link to its status page. Written
/// when it is sent, so the standard is the one that applies then.
/// </summary>
public sealed class AcknowledgementDelivery(RapportDb db, MailboxSecrets secrets, SlaPolicyCache policies, StatusLinks links,
    IStringLocalizer<StandardsText> standards, IStringLocalizer<AcknowledgementText> text, IOptions<MailOptions> options, ILogger<AcknowledgementDelivery> log)
    : IOutboxHandler
{
    public string Kind => AcknowledgementQueue.OutboxKind;

    public async Task<DeliveryResult> DeliverAsync(OutboxItem item, CancellationToken ct)
    {
        var acknowledgement = await db.Acknowledgements.AsNoTracking().SingleOrDefaultAsync(a => a.MessageId == item.MessageId, ct);
        var mailbox = acknowledgement?.MailboxId is { } id ? await db.Mailboxes.AsNoTracking().SingleOrDefaultAsync(m => m.Id == id, ct) : null;
        if (acknowledgement is null || mailbox is null || !mailbox.IsActive || string.IsNullOrWhiteSpace(mailbox.SmtpHost))
        {
            return DeliveryResult.Permanent("The acknowledgement or the mailbox it would go from is gone.");
        }
        var mail = await ComposeAsync(acknowledgement, mailbox, ct);
        var result = await MailSubmission.SendAsync(mailbox, mail, secrets, options.Value, ct);
        if (result.Outcome == DeliveryOutcome.Delivered)
        {
            log.LogInformation("Sent acknowledgement {MessageId} for conversation {Conversation}.", mail.MessageId, acknowledgement.ConversationId);
        }
        return result;
    }

    /// <summary>The acknowledgement as it goes out; public for the tests, which read it without a mail server.</summary>
    public async Task<OutgoingMail> ComposeAsync(Acknowledgement acknowledgement, Mailbox mailbox, CancellationToken ct)
    {
        var conversation = await db.Conversations.AsNoTracking().Where(c => c.Id == acknowledgement.ConversationId)
            .Select(c => new { c.Id, c.Subject, c.Priority, c.CreatedAt, Customer = new { c.Customer!.FullName, c.Customer.PreferredName, c.Customer.Language } })
            .SingleAsync(ct);
        var answered = await db.MailRecords.AsNoTracking().Where(r => r.MessageId == acknowledgement.MessageId && r.Direction == Ingest.MailDirection.Inbound)
            .Select(r => r.RfcMessageId).FirstOrDefaultAsync(ct);
        var language = await LanguageAsync(conversation.Customer.Language, ct);
        var lines = await ServiceStandards.ForConversationAsync(db, policies, conversation.Id, conversation.Priority, standards, language, ct);
        var link = links.Url(conversation.Id);
        var name = string.IsNullOrWhiteSpace(conversation.Customer.PreferredName) ? conversation.Customer.FullName : conversation.Customer.PreferredName;
        var words = Words(language, name, conversation.Subject, conversation.Id, mailbox.DisplayName);

        var plain = new StringBuilder();
        plain.Append(words.Greeting).Append("\n\n").Append(words.Received).Append('\n');
        if (lines.Count > 0)
        {
            plain.Append('\n').Append(words.Standard).Append('\n');
            foreach (var line in lines)
            {
                plain.Append("- ").Append(line.Text).Append('\n');
            }
        }
        plain.Append('\n').Append(words.Status).Append('\n').Append(link).Append("\n\n").Append(words.Answer).Append("\n\n").Append(words.Signature).Append('\n');

        var direction = language == "fa" ? "rtl" : "ltr";
        var html = new StringBuilder();
        html.Append(CultureInfo.InvariantCulture, $"<div dir=\"{direction}\" lang=\"{language}\">");
        html.Append("<p>").Append(Encode(words.Greeting)).Append("</p><p>").Append(Encode(words.Received)).Append("</p>");
        if (lines.Count > 0)
        {
            html.Append("<p>").Append(Encode(words.Standard)).Append("</p><ul>");
            foreach (var line in lines)
            {
                html.Append("<li>").Append(Encode(line.Text)).Append("</li>");
            }
            html.Append("</ul>");
        }
        html.Append("<p>").Append(Encode(words.Status)).Append("<br><a href=\"").Append(Encode(link)).Append("\" dir=\"ltr\">").Append(Encode(link)).Append("</a></p>");
        html.Append("<p>").Append(Encode(words.Answer)).Append("</p><p>").Append(Encode(words.Signature)).Append("</p></div>");

        return new OutgoingMail(
            new MailAddress(mailbox.Address, mailbox.DisplayName),
            [new MailAddress(acknowledgement.Recipient, conversation.Customer.FullName)],
            [],
            SubjectToken.ReplySubject(conversation.Subject, conversation.Id),
            acknowledgement.RfcMessageId,
            answered,
            answered is null ? [] : [answered],
            new DateTimeOffset(DateTime.SpecifyKind(acknowledgement.CreatedAt, DateTimeKind.Utc)),
            plain.ToString(),
            html.ToString(),
            [])
        {
            // RFC 3834: an automatic answer; Outlook's own header asks Exchange not to answer it either.
            Headers = [new("Auto-Submitted", "auto-replied"), new("X-Auto-Response-Suppress", "All")],
        };
    }

    /// <summary>The customer's own language when it is one of ours ("fa-IR" counts as "fa"), else the workspace's default.</summary>
    private async Task<string> LanguageAsync(string? customerLanguage, CancellationToken ct)
    {
        var own = customerLanguage?.Split('-', '_')[0].ToLowerInvariant();
        if (WorkspaceSettings.IsLanguage(own))
        {
            return own!;
        }
        var workspace = await db.GetAsync(WorkspaceSettings.DefaultLanguageKey, ct);
        return WorkspaceSettings.IsLanguage(workspace) ? workspace! : "en";
    }

    private sealed record Wording(string Greeting, string Received, string Standard, string Status, string Answer, string Signature);

    private Wording Words(string language, string name, string subject, long conversationId, string mailboxName)
    {
        var previous = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(language);
        try
        {
            string T(string key, params object[] args) => string.Format(CultureInfo.InvariantCulture, text[key].Value, args);
            // A customer known only by their address is greeted without a name, not as "Hello ,".
            var greeting = string.IsNullOrWhiteSpace(name) ? T("GreetingWithoutName") : T("Greeting", name.Trim());
            return new Wording(greeting, T("Received", subject, SubjectToken.For(conversationId)), T("Standard"), T("Status"), T("Answer"), T("Signature", mailboxName));
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }

    private static string Encode(string text) => WebUtility.HtmlEncode(text);

    public async Task OnDeliveredAsync(RapportDb tx, OutboxItem item, DateTime now, CancellationToken ct) =>
        await RecordAsync(tx, item, ActivityKinds.AcknowledgementSent, null, now, ct);

    public async Task OnFailedAsync(RapportDb tx, OutboxItem item, string error, DateTime now, CancellationToken ct) =>
        await RecordAsync(tx, item, ActivityKinds.AcknowledgementFailed, error, now, ct);

    /// <summary>On the conversation's activity log, so agents see what the customer was sent.</summary>
    private static async Task RecordAsync(RapportDb tx, OutboxItem item, string kind, string? error, DateTime now, CancellationToken ct)
    {
        var acknowledgement = await tx.Acknowledgements.AsNoTracking().SingleOrDefaultAsync(a => a.MessageId == item.MessageId, ct);
        if (acknowledgement is null)
        {
            return;
        }
        var conversation = await tx.Conversations.Include(c => c.Customer).SingleAsync(c => c.Id == acknowledgement.ConversationId, ct);
        tx.Activities.Add(Activity.ForConversation(conversation, kind, Actor.System, now, new
        {
            to = acknowledgement.Recipient,
            rfc_message_id = acknowledgement.RfcMessageId,
            attempts = item.Attempts,
            error,
        }));
    }
}
