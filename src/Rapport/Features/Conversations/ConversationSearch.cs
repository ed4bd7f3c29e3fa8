using Microsoft.EntityFrameworkCore;
using Rapport.Data;
using Rapport.Features.Customers;

namespace Rapport.Features.Conversations;

/// <summary>
/// The inbox's one search box: a conversation matches when its subject, its customer (as the
/// customer directory finds them) or the text of any of its messages holds what was typed. Both
/// sides are folded by <see cref="SearchNormaliser"/>, so ي finds ی, a name typed without its ZWNJ
/// still matches, and Persian digits find ASCII ones. Message text is searched through an index
/// (migrations 0080, 0150; see <see cref="TextIndex"/>), as are subjects and customers; trigram indexes
/// match any substring of three characters or more, so shorter text searches subjects and customers only, by a scan.
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
        // One list of matching ids, each part found through its own index, rather than one OR over
        // every conversation row.
        var customers = CustomerSearch.Matching(db, db.Customers.AsNoTracking(), q).Select(c => c.Id);
        var ids = SubjectsMatching(db, folded)
            .Concat(db.Conversations.AsNoTracking().Where(c => customers.Contains(c.CustomerId)).Select(c => c.Id));
        if (folded.Length >= MinMessageQueryLength)
        {
            ids = ids.Concat(MessagesMatching(db, folded));
        }
        return conversations.Where(c => ids.Contains(c.Id));
    }

    private static IQueryable<long> SubjectsMatching(RapportDb db, string folded) =>
        TextIndex.Ids(db, IndexedText.Subjects, folded,
            pattern => db.Conversations.AsNoTracking().Where(c => EF.Functions.Like(c.SearchText, pattern, "\\")).Select(c => c.Id));

    private static IQueryable<long> MessagesMatching(RapportDb db, string folded)
    {
        if (db.IsSqlite)
        {
            var ids = TextIndex.SqliteRowIds(db, IndexedText.Messages, folded);
            return db.Messages.AsNoTracking().Where(m => ids.Contains(m.Id)).Select(m => m.ConversationId);
        }
        var pattern = TextIndex.ContainsPattern(folded);
        return db.Messages.AsNoTracking().Where(m => EF.Functions.Like(m.SearchText, pattern, "\\")).Select(m => m.ConversationId);
    }
}
