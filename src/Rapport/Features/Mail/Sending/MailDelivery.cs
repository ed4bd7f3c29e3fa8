using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Rapport.Data;
using Rapport.Features.Conversations;
using Rapport.Features.Customers;
using Rapport.Features.Mail.Ingest;
using Rapport.Features.Mail.Mailboxes;
using Rapport.Features.Mail.Smtp;
using Rapport.Features.Mail.Threading;
using Rapport.Features.Outbox;
using Rapport.Features.Timeline;

namespace Rapport.Features.Mail.Sending;

/// <summary>
/// Sends an agent's e-mail reply (outbox kind "mail") by SMTP from the conversation's mailbox: to
/// where the customer asked replies to go, copying the conversation's Cc participants, threaded
/// with In-Reply-To and References, the <c>[#id]</c> token in the subject, text and HTML, attachments.
/// </summary>
public sealed class MailDelivery(RapportDb db, MailboxSecrets secrets, AttachmentStore store, IOptions<MailOptions> options, ILogger<MailDelivery> log)
    : IOutboxHandler
{
    public string Kind => OutboundMailInterceptor.Kind;

    public async Task<DeliveryResult> DeliverAsync(OutboxItem item, CancellationToken ct)
    {
        var composed = await ComposeAsync(item, ct);
        if (composed.Error is { } error)
        {
            return DeliveryResult.Permanent(error);
        }
        var result = await MailSubmission.SendAsync(composed.Mailbox!, composed.Mail!, secrets, options.Value, ct);
        if (result.Outcome == DeliveryOutcome.Delivered)
        {
            log.LogInformation("Sent {MessageId} for message {Message} to {To}.", composed.Mail!.MessageId, item.MessageId, composed.Mail.To[0].Address);
        }
        return result;
    }

    private sealed record Composed(Mailbox? Mailbox, OutgoingMail? Mail, string? Error);

    private async Task<Composed> ComposeAsync(OutboxItem item, CancellationToken ct)
    {
        var message = await db.Messages.AsNoTracking().Include(m => m.Attachments).SingleOrDefaultAsync(m => m.Id == item.MessageId, ct);
        if (message is null)
        {
            return new Composed(null, null, "The message is gone.");
        }
        var conversation = await db.Conversations.AsNoTracking().SingleAsync(c => c.Id == message.ConversationId, ct);
        var records = await db.MailRecords.AsNoTracking()
            .Where(r => r.MessageId != null && r.Message!.ConversationId == conversation.Id)
            .OrderBy(r => r.Id)
            .Select(r => new { r.Id, r.MessageId, r.RfcMessageId, r.Direction, r.MailboxId, r.ReplyAddress })
            .ToListAsync(ct);
        var own = records.FirstOrDefault(r => r.MessageId == message.Id && r.Direction == MailDirection.Outbound);
        if (own is null)
        {
            return new Composed(null, null, "The reply has no Message-ID recorded.");
        }
        var earlier = records.Where(r => r.Id < own.Id).ToList();
        var lastInbound = earlier.LastOrDefault(r => r.Direction == MailDirection.Inbound);
        var mailbox = await MailboxForAsync(records.LastOrDefault(r => r.MailboxId != null)?.MailboxId, conversation.TeamId, ct);
        if (mailbox is null)
        {
            return new Composed(null, null, "No active mailbox with SMTP settings to send from.");
        }
        var to = lastInbound?.ReplyAddress ?? await db.CustomerIdentities
            .Where(i => i.CustomerId == conversation.CustomerId && i.Kind == IdentityKind.Email)
            .OrderByDescending(i => i.IsPrimary).Select(i => i.Value).FirstOrDefaultAsync(ct);
        if (to is null)
        {
            return new Composed(null, null, "The customer has no e-mail address.");
        }
        var customerName = await db.Customers.Where(c => c.Id == conversation.CustomerId).Select(c => c.FullName).SingleAsync(ct);
        var cc = await db.MailParticipants.AsNoTracking().Where(p => p.ConversationId == conversation.Id && p.Role == "cc" && p.Address != to)
            .OrderBy(p => p.Address).Select(p => new MailAddress(p.Address, p.DisplayName)).Take(50).ToListAsync(ct);
        var references = earlier.Select(r => r.RfcMessageId).TakeLast(20).ToList();
        if (lastInbound is not null)
        {
            // The message answered goes last, as a mail client would put it.
            references.Remove(lastInbound.RfcMessageId);
            references.Add(lastInbound.RfcMessageId);
        }
        var attachments = new List<OutgoingAttachment>(message.Attachments.Count);
        foreach (var attachment in message.Attachments)
        {
            await using var file = store.OpenRead(attachment.Sha256);
            using var copy = new MemoryStream();
            await file.CopyToAsync(copy, ct);
            attachments.Add(new OutgoingAttachment(attachment.FileName, attachment.ContentType, copy.ToArray()));
        }
        var html = message.BodyHtml ?? $"<div dir=\"auto\">{WebUtility.HtmlEncode(message.BodyText).ReplaceLineEndings("<br>\r\n")}</div>";
        var mail = new OutgoingMail(
            new MailAddress(mailbox.Address, mailbox.DisplayName),
            [new MailAddress(to, customerName)],
            cc,
            SubjectToken.ReplySubject(conversation.Subject, conversation.Id),
            own.RfcMessageId,
            lastInbound?.RfcMessageId,
            references,
            new DateTimeOffset(message.CreatedAt, TimeSpan.Zero),
            message.BodyText,
            html,
            attachments);
        return new Composed(mailbox, mail, null);
    }

    /// <summary>The mailbox the conversation's mail came through; else its team's; else the first that can send.</summary>
    private async Task<Mailbox?> MailboxForAsync(long? lastMailboxId, long? teamId, CancellationToken ct)
    {
        var candidates = db.Mailboxes.AsNoTracking().Where(m => m.IsActive && m.SmtpHost != null);
        return (lastMailboxId is { } id ? await candidates.FirstOrDefaultAsync(m => m.Id == id, ct) : null)
            ?? (teamId is { } team ? await candidates.OrderBy(m => m.Id).FirstOrDefaultAsync(m => m.TeamId == team, ct) : null)
            ?? await candidates.OrderBy(m => m.Id).FirstOrDefaultAsync(ct);
    }

    public async Task OnDeliveredAsync(RapportDb tx, OutboxItem item, DateTime now, CancellationToken ct) =>
        await RecordAsync(tx, item, ActivityKinds.EmailSent, null, now, ct);

    public async Task OnFailedAsync(RapportDb tx, OutboxItem item, string error, DateTime now, CancellationToken ct) =>
        await RecordAsync(tx, item, ActivityKinds.EmailFailed, error, now, ct);

    private static async Task RecordAsync(RapportDb tx, OutboxItem item, string kind, string? error, DateTime now, CancellationToken ct)
    {
        var conversationId = await tx.Messages.Where(m => m.Id == item.MessageId).Select(m => (long?)m.ConversationId).SingleOrDefaultAsync(ct);
        if (conversationId is null)
        {
            return;
        }
        var conversation = await tx.Conversations.SingleAsync(c => c.Id == conversationId, ct);
        var rfcId = await tx.MailRecords.Where(r => r.MessageId == item.MessageId && r.Direction == MailDirection.Outbound).Select(r => r.RfcMessageId).FirstOrDefaultAsync(ct);
        tx.Activities.Add(Activity.ForConversation(conversation, kind, Actor.System, now, new
        {
            message_id = item.MessageId,
            rfc_message_id = rfcId,
            attempts = item.Attempts,
            error,
        }));
    }
}
