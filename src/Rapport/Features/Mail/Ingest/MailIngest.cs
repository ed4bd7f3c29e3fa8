using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Rapport.Data;
using Rapport.Features.Conversations;
using Rapport.Features.Customers;
using Rapport.Features.Mail.Acknowledgements;
using Rapport.Features.Mail.Mailboxes;
using Rapport.Features.Mail.Parsing;
using Rapport.Features.Mail.Sending;
using Rapport.Features.Mail.Threading;
using Rapport.Features.Timeline;

namespace Rapport.Features.Mail.Ingest;

/// <summary>
/// Takes one raw message into Rapport, however it came (IMAP, the MTA pipe, the raw API): parse,
/// de-duplicate by Message-ID, thread, resolve the sender to a customer, and store the message,
/// its attachments and its Cc participants in one transaction. Delivery reports and auto-replies
/// are recorded without reopening anything; what cannot be taken in goes to the quarantine whole.
/// Database failures are thrown (the caller retries later: the pipe exits 75, IMAP keeps the UID).
/// </summary>
public sealed class MailIngest(RapportDb db, AttachmentStore store, TimeProvider time, IOptions<MailOptions> options, IOptions<RapportOptions> rapport,
    ILogger<MailIngest> log)
{
    public const int MaxBodyChars = 1_000_000;

    /// <summary>The source of mail posted to the raw API (the others are imap and pipe).</summary>
    public const string ApiSource = "api";

    /// <param name="retry">An admin's retry from the quarantine: not held to the sender's rate cap.</param>
    /// <param name="acknowledge">
    /// Whether a new conversation may get an acknowledgement (the mailbox's rules still apply): true for
    /// mail that came through a real channel, false for mail posted through the API unless its caller asked.
    /// </param>
    public async Task<IngestResult> IngestAsync(Mailbox mailbox, ReadOnlyMemory<byte> raw, string source, CancellationToken ct = default, bool retry = false,
        bool acknowledge = true)
    {
        var now = time.GetUtcNow().UtcDateTime;
        if (raw.Length > options.Value.MaxMessageBytes)
        {
            return await QuarantineAsync(mailbox, raw, source, $"larger than the limit of {options.Value.MaxMessageBytes} bytes", null, null, now, ct);
        }
        var mail = MailParser.Parse(raw);
        var sender = mail.From is { } from ? IdentityNormaliser.MailAddress(from.Address) : null;
        if (mail.IsUnparseable)
        {
            return await QuarantineAsync(mailbox, raw, source, "unparseable: " + (mail.Defects.Count == 0 ? "no header fields and no readable text" : string.Join("; ", mail.Defects.Take(5))), sender, mail.Subject, now, ct);
        }
        var rfcId = RfcId(mail.MessageId, raw.Span);
        if (await db.MailRecords.AsNoTracking().Where(r => r.RfcMessageId == rfcId)
                .Select(r => new { r.Id, ConversationId = r.MessageId != null ? (long?)r.Message!.ConversationId : r.ConversationId, r.MessageId })
                .FirstOrDefaultAsync(ct) is { } seen)
        {
            return new IngestResult(IngestOutcome.Duplicate, seen.ConversationId, seen.MessageId);
        }
        if (mail.Dsn is { } report)
        {
            return await BounceAsync(mailbox, mail, report, rfcId, now, ct);
        }
        if (sender is null)
        {
            return await QuarantineAsync(mailbox, raw, source, "no usable sender address", null, mail.Subject, now, ct);
        }
        var hourAgo = now.AddHours(-1);
        var recent = await db.MailRecords.CountAsync(r => r.FromAddress == sender && r.Direction == MailDirection.Inbound && r.CreatedAt >= hourAgo, ct);
        if (!retry && recent >= options.Value.MaxPerSenderPerHour)
        {
            return await QuarantineAsync(mailbox, raw, source, $"sender over the rate cap of {options.Value.MaxPerSenderPerHour} messages an hour", sender, mail.Subject, now, ct);
        }

        var answers = Answers(mail);
        var (conversationId, how) = await ThreadFinder.FindAsync(db, rfcId, answers, mail.Subject, sender, mailbox.ThreadBySubjectDays, now, ct);
        if (conversationId is { } threaded && mail.AutoReply != AutoReplyKind.None)
        {
            return await AutoReplyAsync(mailbox, mail, rfcId, sender, threaded, now, ct);
        }
        var attachments = new List<Attachment>(mail.Attachments.Count);
        var inline = new List<(string ContentId, Attachment Stored)>();
        foreach (var file in mail.Attachments)
        {
            if (file.Content.Length > store.MaxBytes)
            {
                log.LogWarning("Attachment {Name} of {MessageId} is over the size limit and was left out.", file.FileName, rfcId);
                continue;
            }
            var sha256 = await store.SaveAsync(file.Content, ct);
            var stored = new Attachment(AttachmentFiles.CleanName(file.FileName), AttachmentFiles.CleanContentType(file.ContentType) ?? AttachmentFiles.DefaultContentType,
                file.Content.Length, sha256);
            attachments.Add(stored);
            if (file.ContentId is { Length: > 0 } cid)
            {
                inline.Add((InlineImages.Key(cid), stored));
            }
        }
        // The message is what the sender wrote now; the history their client quoted below it is kept
        // on the mail record, shown collapsed.
        var textSplit = QuotedHistory.SplitText(Cut(mail.TextBody) ?? "");
        var htmlSplit = mail.HtmlBody is null ? null : QuotedHistory.SplitHtml(Cut(mail.HtmlBody)!);
        var text = mail.TextBody is null ? null : textSplit.NewPart;
        var html = htmlSplit?.NewPart;
        var body = new MessageBody(string.IsNullOrWhiteSpace(text) && string.IsNullOrWhiteSpace(html) && attachments.Count == 0 ? "(empty message)" : text,
            html, attachments, rfcId.Length <= Message.MaxExternalIdLength ? rfcId : null, Channel.Email);

        try
        {
            await using var tx = await db.BeginWriteTransactionAsync(ct);
            var customer = await CustomerResolver.FindOrCreateAsync(db, IdentityKind.Email, sender, mail.From?.DisplayName, Actor.System, now, ct);
            if (customer.Id == 0)
            {
                await db.SaveChangesAsync(ct);
            }
            Conversation conversation;
            Message message;
            if (conversationId is { } existing)
            {
                // Held until commit, so mail threading into a conversation queues with the API's appends.
                conversation = await db.LoadForAppendAsync(existing, ct)
                    ?? throw new InvalidOperationException($"Conversation {existing} was threaded to but does not exist.");
                message = conversation.AddInbound(body, now);
            }
            else
            {
                var subject = string.IsNullOrWhiteSpace(mail.Subject) ? "(no subject)" : mail.Subject.Trim();
                conversation = Conversation.Start(customer, subject.Length > Conversation.MaxSubjectLength ? subject[..Conversation.MaxSubjectLength] : subject,
                    Channel.Email, Priority.Normal, MessageKind.Inbound, body, Actor.Customer(customer.Id), null, now);
                if (mailbox.TeamId is { } team)
                {
                    conversation.Assign(team, null, Actor.System, now);
                }
                db.Conversations.Add(conversation);
                message = conversation.Messages[0];
            }
            var record = Record(mailbox, mail, rfcId, sender, now);
            record.Message = message;
            record.RawHtml = html;
            record.QuotedText = textSplit.History;
            record.QuotedHtml = htmlSplit?.History;
            db.MailRecords.Add(record);
            await db.SaveChangesAsync(ct);
            if (conversationId is null && acknowledge && await AcknowledgementQueue.QueueAsync(db, mailbox, mail, record, conversation, customer,
                    OutgoingMessageIds.New(options.Value, rapport.Value), options.Value.MaxAcknowledgementsPerSenderPerHour, now, ct) is { } notAcknowledged
                && mailbox.SendAcknowledgements)
            {
                log.LogInformation("No acknowledgement for {MessageId}: {Reason}.", rfcId, notAcknowledged);
            }
            if (inline.Count > 0)
            {
                // Attachment ids exist only now; the update goes out with the participants below.
                var ids = inline.DistinctBy(i => i.ContentId).ToDictionary(i => i.ContentId, i => i.Stored.Id);
                message.PointInlineImages(h => InlineImages.Rewrite(h, ids));
                record.RawHtml = record.RawHtml is { } rawHtml ? InlineImages.Rewrite(rawHtml, ids) : null;
                record.QuotedHtml = record.QuotedHtml is { } quoted ? InlineImages.Rewrite(quoted, ids) : null;
            }
            db.MailReferences.AddRange(answers.Where(a => a.Length <= MailRecord.MaxMessageIdLength).Distinct(StringComparer.Ordinal)
                .Select(a => new MailReference { MailRecordId = record.Id, RfcMessageId = a }));
            await AddParticipantsAsync(conversation.Id, mail, mailbox, sender, now, ct);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            log.LogInformation("Mail {MessageId} from {Source} became message {Message} in conversation {Conversation} ({How}).",
                rfcId, source, message.Id, conversation.Id, how);
            return new IngestResult(conversationId is null ? IngestOutcome.Created : IngestOutcome.Appended, conversation.Id, message.Id);
        }
        catch (DbUpdateException)
        {
            // Another node took the same message between our check and our insert: one message, as promised.
            if (await TakenMeanwhileAsync(rfcId, ct) is { } duplicate)
            {
                return duplicate;
            }
            throw;
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }

    private async Task<IngestResult?> TakenMeanwhileAsync(string rfcId, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        return await db.MailRecords.AsNoTracking().AnyAsync(r => r.RfcMessageId == rfcId, ct) ? new IngestResult(IngestOutcome.Duplicate) : null;
    }

    /// <summary>In-Reply-To first, then References newest first: the order threading trusts them in.</summary>
    private static List<string> Answers(ParsedMail mail)
    {
        var answers = mail.InReplyTo.Where(r => !string.IsNullOrWhiteSpace(r)).Select(r => r.Trim()).ToList();
        answers.AddRange(mail.References.Reverse().Where(r => !string.IsNullOrWhiteSpace(r)).Select(r => r.Trim()));
        return answers.Distinct(StringComparer.Ordinal).Take(100).ToList();
    }

    private static MailRecord Record(Mailbox mailbox, ParsedMail mail, string rfcId, string? sender, DateTime now) => new()
    {
        RfcMessageId = rfcId,
        Direction = MailDirection.Inbound,
        MailboxId = mailbox.Id,
        FromAddress = sender,
        ReplyAddress = mail.ReplyTo.Select(r => IdentityNormaliser.MailAddress(r.Address)).FirstOrDefault(a => a is not null) ?? sender,
        Subject = Cut(mail.Subject, 1000),
        NormalisedSubject = Cut(SubjectToken.Normalise(mail.Subject), 1000),
        AutoReply = AutoReplyName(mail.AutoReply),
        RawHtml = Cut(mail.HtmlBody),
        CreatedAt = now,
    };

    public static string AutoReplyName(AutoReplyKind kind) => kind switch
    {
        AutoReplyKind.AutoReply => "auto_reply",
        AutoReplyKind.Bulk => "bulk",
        AutoReplyKind.List => "list",
        AutoReplyKind.MailerDaemon => "mailer_daemon",
        _ => "none",
    };

    /// <summary>Everyone else the customer wrote to or copied, except our own mailboxes, kept as the conversation's participants.</summary>
    private async Task AddParticipantsAsync(long conversationId, ParsedMail mail, Mailbox mailbox, string sender, DateTime now, CancellationToken ct)
    {
        var ours = await db.Mailboxes.Select(m => m.Address.ToLower()).ToListAsync(ct);
        var wanted = mail.Cc.Select(a => (Address: IdentityNormaliser.MailAddress(a.Address), a.DisplayName, Role: "cc"))
            .Concat(mail.To.Select(a => (Address: IdentityNormaliser.MailAddress(a.Address), a.DisplayName, Role: "to")))
            .Where(a => a.Address is not null && a.Address != sender && a.Address != mailbox.Address.ToLowerInvariant() && !ours.Contains(a.Address))
            .DistinctBy(a => a.Address)
            .Take(50)
            .ToList();
        if (wanted.Count == 0)
        {
            return;
        }
        var addresses = wanted.Select(w => w.Address!).ToList();
        var known = await db.MailParticipants.Where(p => p.ConversationId == conversationId && addresses.Contains(p.Address)).Select(p => p.Address).ToListAsync(ct);
        foreach (var (address, name, role) in wanted.Where(w => !known.Contains(w.Address!)))
        {
            db.MailParticipants.Add(new MailParticipant { ConversationId = conversationId, Address = address!, DisplayName = Cut(name, 300), Role = role, AddedAt = now });
        }
    }

    /// <summary>A delivery report: the addresses are marked bouncing and the conversation of the mail that bounced is told.</summary>
    private async Task<IngestResult> BounceAsync(Mailbox mailbox, ParsedMail mail, DeliveryReport report, string rfcId, DateTime now, CancellationToken ct)
    {
        await using var tx = await db.BeginWriteTransactionAsync(ct);
        var original = report.OriginalMessageId is { } originalId
            ? await db.MailRecords.Where(r => r.RfcMessageId == originalId && r.MessageId != null)
                .Select(r => new { r.MessageId, r.Message!.ConversationId }).FirstOrDefaultAsync(ct)
            : null;
        var recipients = report.FailedRecipients.Select(IdentityNormaliser.MailAddress).OfType<string>().Distinct().Take(50).ToList();
        var known = await db.BouncingAddresses.Where(b => recipients.Contains(b.Address)).ToDictionaryAsync(b => b.Address, ct);
        foreach (var address in recipients)
        {
            if (!known.TryGetValue(address, out var bouncing))
            {
                bouncing = new BouncingAddress { Address = address, FirstBouncedAt = now };
                db.BouncingAddresses.Add(bouncing);
            }
            bouncing.Bounces++;
            bouncing.LastBouncedAt = now;
            bouncing.Permanent = report.Permanent;
            bouncing.Diagnostic = Cut(report.Diagnostic, 2000);
        }
        var record = Record(mailbox, mail, rfcId, mail.From is { } from ? IdentityNormaliser.MailAddress(from.Address) : null, now);
        record.AutoReply = "mailer_daemon";
        record.ConversationId = original?.ConversationId;
        db.MailRecords.Add(record);
        if (original is not null)
        {
            var conversation = await db.Conversations.SingleAsync(c => c.Id == original.ConversationId, ct);
            db.Activities.Add(Activity.ForConversation(conversation, ActivityKinds.EmailBounced, Actor.System, now, new
            {
                message_id = original.MessageId,
                recipients,
                permanent = report.Permanent,
                diagnostic = Cut(report.Diagnostic, 500),
            }));
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        db.ChangeTracker.Clear();
        return new IngestResult(IngestOutcome.Bounce, original?.ConversationId, original?.MessageId, string.Join(", ", recipients));
    }

    /// <summary>
    /// An out-of-office or other automatic answer to one of our conversations: noted on it (the agent
    /// may want to know) but it neither reopens the conversation nor ever gets an answer of its own.
    /// </summary>
    private async Task<IngestResult> AutoReplyAsync(Mailbox mailbox, ParsedMail mail, string rfcId, string sender, long conversationId,
        DateTime now, CancellationToken ct)
    {
        await using var tx = await db.BeginWriteTransactionAsync(ct);
        var record = Record(mailbox, mail, rfcId, sender, now);
        record.ConversationId = conversationId;
        db.MailRecords.Add(record);
        var conversation = await db.Conversations.SingleAsync(c => c.Id == conversationId, ct);
        var excerpt = mail.TextBody is { } t ? (t.Length > 200 ? t[..200] + "…" : t) : null;
        db.Activities.Add(Activity.ForConversation(conversation, ActivityKinds.EmailAutoReply, Actor.System, now, new
        {
            from = sender,
            kind = record.AutoReply,
            subject = record.Subject,
            excerpt,
        }));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        db.ChangeTracker.Clear();
        return new IngestResult(IngestOutcome.AutoReply, conversationId);
    }

    private async Task<IngestResult> QuarantineAsync(Mailbox mailbox, ReadOnlyMemory<byte> raw, string source, string reason, string? sender, string? subject, DateTime now, CancellationToken ct)
    {
        var item = new QuarantinedMail
        {
            MailboxId = mailbox.Id,
            Reason = Cut(reason, 500)!,
            Source = source,
            FromAddress = Cut(sender, 320),
            Subject = Cut(subject, 1000),
            Raw = raw.ToArray(),
            Size = raw.Length,
            ReceivedAt = now,
        };
        db.QuarantinedMail.Add(item);
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
        log.LogWarning("Mail for {Mailbox} from {Source} quarantined as {Id}: {Reason}", mailbox.Address, source, item.Id, reason);
        return new IngestResult(IngestOutcome.Quarantined, Detail: reason) { QuarantineId = item.Id };
    }

    /// <summary>The message's own Message-ID, or for a message without one a stable id from its bytes (so a re-delivery is still a duplicate).</summary>
    public static string RfcId(string? messageId, ReadOnlySpan<byte> raw)
    {
        var id = messageId?.Trim().Trim('<', '>').Trim();
        if (string.IsNullOrEmpty(id))
        {
            return $"sha256-{Convert.ToHexStringLower(SHA256.HashData(raw))}@rapport.invalid";
        }
        return id.Length <= MailRecord.MaxMessageIdLength ? id : $"sha256-{Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(id)))}@long.invalid";
    }

    private static string? Cut(string? text, int max = MaxBodyChars) =>
        text is null || text.Length <= max ? text : text[..max];
}
