using Microsoft.EntityFrameworkCore;
using Rapport.Data;
using Rapport.Features.Customers;

namespace Rapport.Features.Conversations;

/// <summary>
/// The inbox's one search box: a conversation matches when its subject, its customer (as the
/// customer directory finds them) or the text of any of its messages holds what was typed. Both
/// sides are folded by <see cref="SearchNormaliser"/>, so ي finds ی, a name typed without its ZWNJ
/// still matches, and Persian digits find ASCII ones. Message text is searched through an index
/// (migration 0080): an FTS5 trigram table on SQLite, a pg_trgm GIN index on PostgreSQL; both
/// match any substring of three characters or more, so shorter text searches subjects and customers only.
/// </summary>
public static class ConversationSearch
{
    public const int MaxSubjectTextLength = 1000;
    public const int MaxMessageTextLength = 20_000;
    public const int MaxQueryLength = 200;

    /// <summary>Trigram indexes cannot find less than three characters.</summary>
    public const int MinMessageQueryLength = 3;

    public static string Fold(string? text, int maxLength)
    {
        var folded = SearchNormaliser.Normalise(text);
        return folded.Length > maxLength ? folded[..maxLength] : folded;
    }

    public static IQueryable<Conversation> Matching(RapportDb db, IQueryable<Conversation> conversations, string q)
    {
        var folded = Fold(q, MaxQueryLength);
        if (folded.Length == 0)
        {
            return conversations;
        }
        var pattern = "%" + Escape(folded) + "%";
        var customers = CustomerSearch.Matching(db.Customers.AsNoTracking(), q).Select(c => c.Id);
        if (folded.Length < MinMessageQueryLength)
        {
            return conversations.Where(c => EF.Functions.Like(c.SearchText, pattern, "\\") || customers.Contains(c.CustomerId));
        }
        var inMessages = MessagesMatching(db, folded, pattern).Select(m => m.ConversationId);
        return conversations.Where(c =>
            EF.Functions.Like(c.SearchText, pattern, "\\")
            || customers.Contains(c.CustomerId)
            || inMessages.Contains(c.Id));
    }

    private static IQueryable<Message> MessagesMatching(RapportDb db, string folded, string pattern)
    {
        if (db.IsSqlite)
        {
            // The trigram tokenizer reads a quoted phrase as "contains this substring".
            var phrase = "\"" + folded.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
            var ids = db.Database.SqlQuery<long>($"SELECT rowid AS \"Value\" FROM message_search WHERE message_search MATCH {phrase}");
            return db.Messages.AsNoTracking().Where(m => ids.Contains(m.Id));
        }
        return db.Messages.AsNoTracking().Where(m => EF.Functions.Like(m.SearchText, pattern, "\\"));
    }

    private static string Escape(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);
}
