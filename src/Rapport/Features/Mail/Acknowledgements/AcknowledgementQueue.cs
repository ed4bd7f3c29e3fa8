using Microsoft.EntityFrameworkCore;
using Rapport.Data;
using Rapport.Features.Conversations;
using Rapport.Features.Customers;
using Rapport.Features.Mail.Ingest;
using Rapport.Features.Mail.Mailboxes;
using Rapport.Features.Mail.Parsing;
using Rapport.Features.Outbox;

namespace Rapport.Features.Mail.Acknowledgements;

/// <summary>
/// Decides, while a customer's mail that opened a conversation is being stored, whether it gets an
/// acknowledgement, and if so queues it in the same transaction. Never for mail no person wrote
/// (auto-replies, lists, bulk, bounces), never to an address that bounces, no-reply addresses, our
/// own mailboxes or a customer marked do-not-contact, and never more than a few an hour to one
/// address: two robots must not be able to mail each other forever.
/// </summary>
public static class AcknowledgementQueue
{
    public const string OutboxKind = "mail.acknowledgement";

    private static readonly string[] NoReplyLocalParts = ["noreply", "no-reply", "no_reply", "donotreply", "do-not-reply", "mailer-daemon", "postmaster", "mail-daemon"];

    /// <summary>Queues the acknowledgement; returns null when it was queued, else why not (for the log).</summary>
    public static async Task<string?> QueueAsync(RapportDb db, Mailbox mailbox, ParsedMail mail, MailRecord inbound, Conversation conversation,
        Customer customer, string messageId, int perSenderPerHour, DateTime now, CancellationToken ct)
    {
        var recipient = inbound.ReplyAddress ?? inbound.FromAddress;
        var reason = !mailbox.SendAcknowledgements ? "turned off for the mailbox"
            : !mailbox.IsActive || string.IsNullOrWhiteSpace(mailbox.SmtpHost) ? "the mailbox cannot send"
            : mail.AutoReply != AutoReplyKind.None ? "automatic mail (" + MailIngest.AutoReplyName(mail.AutoReply) + ")"
            : recipient is null || IsNoReply(recipient) ? "no address a person reads"
            : customer.DoNotContact ? "the customer is marked do-not-contact"
            : null;
        if (reason is not null)
        {
            return reason;
        }
        if (await db.BouncingAddresses.AnyAsync(b => b.Address == recipient, ct))
        {
            return "the address bounces";
        }
        if (await db.Mailboxes.AnyAsync(m => m.Address == recipient, ct))
        {
            return "the sender is one of our mailboxes";
        }
        var hourAgo = now.AddHours(-1);
        if (await db.Acknowledgements.CountAsync(a => a.Recipient == recipient && a.CreatedAt >= hourAgo, ct) >= perSenderPerHour)
        {
            return $"over the cap of {perSenderPerHour} acknowledgements an hour to one address";
        }
        db.Acknowledgements.Add(new Acknowledgement
        {
            ConversationId = conversation.Id,
            MessageId = inbound.MessageId ?? throw new InvalidOperationException("Save the customer's message first."),
            MailboxId = mailbox.Id,
            Recipient = recipient!,
            RfcMessageId = messageId,
            CreatedAt = now,
        });
        // Recorded like every mail we send, so the customer's answer to it threads by In-Reply-To.
        db.MailRecords.Add(new MailRecord
        {
            RfcMessageId = messageId,
            Direction = MailDirection.Outbound,
            MailboxId = mailbox.Id,
            ConversationId = conversation.Id,
            FromAddress = mailbox.Address,
            AutoReply = MailIngest.AutoReplyName(AutoReplyKind.AutoReply),
            CreatedAt = now,
        });
        db.Outbox.Add(new OutboxItem { Kind = OutboxKind, MessageId = inbound.MessageId, Status = OutboxStatus.Pending, NextAttemptAt = now, CreatedAt = now });
        return null;
    }

    private static bool IsNoReply(string address)
    {
        var at = address.IndexOf('@', StringComparison.Ordinal);
        var local = at >= 0 ? address[..at] : address;
        return NoReplyLocalParts.Contains(local, StringComparer.OrdinalIgnoreCase);
    }
}
