using Microsoft.EntityFrameworkCore;
using Rapport.Data;

namespace Rapport.Features.Conversations;

/// <summary>
/// Appends (a message, a reply, a note) queue on their conversation instead of racing it. Each
/// append changes the conversation row (message count, last message, maybe status) and bumps its
/// version; read without a lock, two appends at once would both read version n and the second
/// would fail its version check although nothing it saw was wrong. Holding the row from the read
/// to the commit makes the second append wait and then read what the first one wrote, so its
/// counters, its activity row and the SLA it works out include the first. The version check is
/// left in place for edits made from a view read earlier (a console page, a stale client).
/// </summary>
public static class ConversationLock
{
    /// <summary>
    /// The conversation, tracked, with its row held until the current write transaction ends; null
    /// when there is no such conversation. PostgreSQL locks the row; on SQLite the transaction's
    /// write gate already keeps every other writer out.
    /// </summary>
    public static async Task<Conversation?> LoadForAppendAsync(this RapportDb db, long id, CancellationToken ct)
    {
        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("Load a conversation for an append inside BeginWriteTransactionAsync.");
        }
        if (db.IsSqlite)
        {
            return await db.Conversations.SingleOrDefaultAsync(c => c.Id == id, ct);
        }
        // One round trip: the row is read and locked by the same statement (left as written, not composed on).
        var rows = await db.Conversations.FromSql($"SELECT * FROM conversations WHERE id = {id} FOR UPDATE").ToListAsync(ct);
        return rows.SingleOrDefault();
    }
}
