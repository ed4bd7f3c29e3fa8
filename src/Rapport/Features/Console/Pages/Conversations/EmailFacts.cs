using Microsoft.EntityFrameworkCore;
using Rapport.Data;
using Rapport.Features.Conversations;
using Rapport.Features.Mail.Ingest;
using Rapport.Features.Outbox;

namespace Rapport.Features.AgentConsole.Pages.Conversations;

/// <summary>How an outbound mail left: queued, retrying, sent, or failed with the server's answer.</summary>
public sealed record EmailDelivery(OutboxStatus Status, int Attempts, string? LastError);

/// <summary>What the conversation page shows of a message's e-mail side: its delivery, its HTML, its quoted history.</summary>
public sealed record EmailFacts(EmailDelivery? Delivery, MailMessageView? Mail);

/// <summary>
/// Reads the e-mail facts of a whole conversation at once (three queries, however many messages),
/// for the <see cref="EmailMessage"/> components of one page; a message newer than the last read
/// makes it read again. One per circuit (scoped).
/// </summary>
public sealed class EmailFactsLoader(IServiceScopeFactory scopes)
{
    private long _conversationId;
    private long _newestMessageId = -1;
    private Task<Dictionary<long, EmailFacts>>? _loading;

    public async Task<EmailFacts?> GetAsync(long conversationId, long messageId, bool fresh = false)
    {
        if (fresh || _loading is null || _conversationId != conversationId || _loading.IsCompleted && messageId > _newestMessageId)
        {
            _conversationId = conversationId;
            _loading = LoadAsync(conversationId);
        }
        return (await _loading).GetValueOrDefault(messageId);
    }

    /// <summary>One inbound message's facts with its remote images allowed (the agent chose to load them).</summary>
    public async Task<MailMessageView?> WithRemoteImagesAsync(long messageId)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RapportDb>();
        var record = await db.MailRecords.AsNoTracking().Where(r => r.MessageId == messageId).OrderBy(r => r.Id).FirstOrDefaultAsync();
        return record is null ? null : MailIngestApi.View(record, allowRemoteImages: true, null);
    }

    private async Task<Dictionary<long, EmailFacts>> LoadAsync(long conversationId)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RapportDb>();
        _newestMessageId = await db.Messages.Where(m => m.ConversationId == conversationId).MaxAsync(m => (long?)m.Id) ?? 0;
        var records = await db.MailRecords.AsNoTracking()
            .Where(r => r.MessageId != null && r.Message!.ConversationId == conversationId && r.Direction == MailDirection.Inbound)
            .ToListAsync();
        var deliveries = await db.Outbox.AsNoTracking()
            .Where(o => o.MessageId != null && o.Message!.ConversationId == conversationId && o.Message.Kind == MessageKind.Outbound)
            .OrderBy(o => o.Id)
            .Select(o => new { MessageId = o.MessageId!.Value, Delivery = new EmailDelivery(o.Status, o.Attempts, o.LastError) })
            .ToListAsync();
        var facts = new Dictionary<long, EmailFacts>();
        foreach (var record in records.GroupBy(r => r.MessageId!.Value).Select(g => g.OrderBy(r => r.Id).First()))
        {
            facts[record.MessageId!.Value] = new EmailFacts(null, MailIngestApi.View(record, allowRemoteImages: false, null));
        }
        foreach (var d in deliveries)
        {
            // The newest delivery of a message is the one that counts (an admin's retry reuses the row, a resend adds one).
            facts[d.MessageId] = new EmailFacts(d.Delivery, facts.GetValueOrDefault(d.MessageId)?.Mail);
        }
        return facts;
    }
}
