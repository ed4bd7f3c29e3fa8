using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Options;
using Rapport.Data;
using Rapport.Features.Conversations;
using Rapport.Features.Mail.Ingest;
using Rapport.Features.Outbox;

namespace Rapport.Features.Mail.Sending;

/// <summary>
/// Every public reply on an e-mail conversation, whichever way it was written (API, console),
/// enqueues its mail in the same save: an outbox item and the Message-ID it will carry, fixed now,
/// so every attempt sends the same message and the customer's answer threads back to it. The reply
/// and its mail commit together or not at all.
/// </summary>
internal sealed class OutboundMailInterceptor(TimeProvider time, IOptions<MailOptions> mail, IOptions<RapportOptions> rapport, OutboxSignal signal)
    : ISaveChangesInterceptor, IDbTransactionInterceptor
{
    public const string Kind = "mail";

    public InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        if (Replies(eventData.Context) is { Count: > 0 } replies && CanSend((RapportDb)eventData.Context!).Any())
        {
            Enqueue((RapportDb)eventData.Context!, replies);
        }
        return result;
    }

    public async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (Replies(eventData.Context) is { Count: > 0 } replies && await CanSend((RapportDb)eventData.Context!).AnyAsync(cancellationToken))
        {
            Enqueue((RapportDb)eventData.Context!, replies);
        }
        return result;
    }

    /// <summary>
    /// Without any mailbox that can send, the workspace does not do e-mail (conversations only
    /// labelled as e-mail, imported history): the reply is kept and nothing is queued.
    /// </summary>
    private static IQueryable<Mail.Mailboxes.Mailbox> CanSend(RapportDb db) => db.Mailboxes.AsNoTracking().Where(m => m.IsActive && m.SmtpHost != null);

    public int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        signal.Notify();
        return result;
    }

    public ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        signal.Notify();
        return ValueTask.FromResult(result);
    }

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        signal.Notify();
        return Task.CompletedTask;
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => signal.Notify();

    private static List<Message> Replies(DbContext? context) => context is not RapportDb db ? [] : db.ChangeTracker.Entries<Message>()
        .Where(e => e.State == EntityState.Added && e.Entity.Kind == MessageKind.Outbound && e.Entity.Channel == Channel.Email)
        .Select(e => e.Entity)
        .ToList();

    private void Enqueue(RapportDb db, List<Message> replies)
    {
        var queued = db.ChangeTracker.Entries<OutboxItem>().Where(e => e.State == EntityState.Added).Select(e => e.Entity.Message).ToHashSet();
        var now = time.GetUtcNow().UtcDateTime;
        foreach (var reply in replies.Where(r => !queued.Contains(r)))
        {
            db.Outbox.Add(new OutboxItem { Kind = Kind, Message = reply, Status = OutboxStatus.Pending, NextAttemptAt = now, CreatedAt = now });
            db.MailRecords.Add(new MailRecord
            {
                RfcMessageId = OutgoingMessageIds.New(mail.Value, rapport.Value),
                Direction = MailDirection.Outbound,
                Message = reply,
                CreatedAt = now,
            });
        }
    }
}
