using Microsoft.EntityFrameworkCore;
using Rapport.Data;
using Rapport.Features.Conversations;
using Rapport.Features.Mail.Ingest;

namespace Rapport.Features.Mail.Threading;

/// <summary>How a message found its conversation, for the log and the tests.</summary>
public enum ThreadedBy
{
    None,
    References,
    LaterReply,
    SubjectToken,
    SenderAndSubject,
}

/// <summary>
/// Finds the conversation an incoming mail belongs to, strongest evidence first: the Message-IDs it
/// answers (In-Reply-To, References) against those we stored; a reply already stored that named
/// this message (it arrived out of order); the <c>[#id]</c> token in the subject; and, only when
/// the mailbox asks for it, the same sender with the same subject within N days. Merged
/// conversations are followed to where they now live; closed ones are never reopened.
/// </summary>
public static class ThreadFinder
{
    public static async Task<(long? ConversationId, ThreadedBy How)> FindAsync(RapportDb db, string rfcMessageId, IReadOnlyList<string> answers,
        string? subject, string? sender, int subjectDays, DateTime now, CancellationToken ct)
    {
        if (answers.Count > 0)
        {
            var found = await db.MailRecords.AsNoTracking()
                .Where(r => answers.Contains(r.RfcMessageId))
                .Select(r => new { r.RfcMessageId, ConversationId = r.MessageId != null ? (long?)r.Message!.ConversationId : r.ConversationId })
                .ToListAsync(ct);
            // In-Reply-To first, then References from the newest (last) back.
            foreach (var id in answers)
            {
                if (found.FirstOrDefault(f => f.RfcMessageId == id)?.ConversationId is { } conversationId
                    && await OpenTargetAsync(db, conversationId, ct) is { } open)
                {
                    return (open, ThreadedBy.References);
                }
            }
        }
        var laterReply = await db.MailReferences.AsNoTracking()
            .Where(r => r.RfcMessageId == rfcMessageId)
            .Join(db.MailRecords, r => r.MailRecordId, m => m.Id, (r, m) => m)
            .Where(m => m.MessageId != null)
            .OrderByDescending(m => m.Id)
            .Select(m => (long?)m.Message!.ConversationId)
            .FirstOrDefaultAsync(ct);
        if (laterReply is { } replied && await OpenTargetAsync(db, replied, ct) is { } openReplied)
        {
            return (openReplied, ThreadedBy.LaterReply);
        }
        if (SubjectToken.Read(subject) is { } token && await OpenTargetAsync(db, token, ct) is { } openToken)
        {
            return (openToken, ThreadedBy.SubjectToken);
        }
        if (subjectDays > 0 && sender is not null)
        {
            var normalised = SubjectToken.Normalise(subject);
            if (normalised.Length > 0)
            {
                var since = now.AddDays(-subjectDays);
                var same = await db.MailRecords.AsNoTracking()
                    .Where(r => r.FromAddress == sender && r.NormalisedSubject == normalised && r.CreatedAt >= since && r.MessageId != null)
                    .OrderByDescending(r => r.Id)
                    .Select(r => (long?)r.Message!.ConversationId)
                    .FirstOrDefaultAsync(ct);
                if (same is { } sameId && await OpenTargetAsync(db, sameId, ct) is { } openSame)
                {
                    return (openSame, ThreadedBy.SenderAndSubject);
                }
            }
        }
        return (null, ThreadedBy.None);
    }

    /// <summary>The conversation, or the one it was merged into; null when that one is closed (a new mail then opens a new conversation).</summary>
    private static async Task<long?> OpenTargetAsync(RapportDb db, long conversationId, CancellationToken ct)
    {
        for (var hops = 0; hops < 10; hops++)
        {
            var row = await db.Conversations.AsNoTracking().Where(c => c.Id == conversationId)
                .Select(c => new { c.Status, c.MergedIntoId }).SingleOrDefaultAsync(ct);
            if (row is null)
            {
                return null;
            }
            if (row.MergedIntoId is { } next)
            {
                conversationId = next;
                continue;
            }
            return row.Status == ConversationStatus.Closed ? null : conversationId;
        }
        return null;
    }
}
