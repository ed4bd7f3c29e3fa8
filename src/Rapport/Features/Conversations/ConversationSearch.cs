using System.Linq.Expressions;
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

    public static string Fold(string? text, int maxLength) => SearchNormaliser.Normalise(text, maxLength);

    public static async Task<IQueryable<Conversation>> MatchingAsync(RapportDb db, IQueryable<Conversation> conversations, string q, CancellationToken ct)
    {
        var folded = Fold(q, MaxQueryLength);
        if (folded.Length == 0)
        {
            return conversations;
        }
        // Rare text: one list of matching ids, each part found through its own index. Common text
        // (a word in many subjects, customers or messages): a condition checked on each conversation
        // as the page is read in its order, which stops at a full page instead of gathering every match.
        var customers = await CustomerSearch.PartsAsync(db, q, ct);
        var customerIds = customers.Ids;
        var ids = db.Conversations.AsNoTracking().Where(c => customerIds.Contains(c.CustomerId)).Select(c => c.Id);
        var conditions = new List<Expression<Func<Conversation, bool>>>();
        foreach (var pattern in customers.RowPatterns)
        {
            conditions.Add(c => db.Customers.Any(cu => cu.Id == c.CustomerId && EF.Functions.Like(cu.SearchText, pattern, "\\")));
        }
        var textPattern = TextIndex.ContainsPattern(folded);
        if (await TextIndex.IsCommonAsync(db, IndexedText.Subjects, folded, SubjectsLike(db), ct))
        {
            conditions.Add(c => EF.Functions.Like(c.SearchText, textPattern, "\\"));
        }
        else
        {
            ids = ids.Concat(TextIndex.Ids(db, IndexedText.Subjects, folded, SubjectsLike(db)));
        }
        if (folded.Length >= MinMessageQueryLength)
        {
            if (await TextIndex.IsCommonAsync(db, IndexedText.Messages, folded, MessagesLike(db), ct))
            {
                conditions.Add(c => db.Messages.Any(m => m.ConversationId == c.Id && EF.Functions.Like(m.SearchText, textPattern, "\\")));
            }
            else
            {
                ids = ids.Concat(MessageConversations(db, folded));
            }
        }
        conditions.Insert(0, c => ids.Contains(c.Id));
        return conversations.Where(Predicates.AnyOf(conditions));
    }

    private static Func<string, IQueryable<long>> SubjectsLike(RapportDb db) =>
        pattern => db.Conversations.AsNoTracking().Where(c => EF.Functions.Like(c.SearchText, pattern, "\\")).Select(c => c.Id);

    /// <summary>Message ids (the trigram table's rowids on SQLite), for counting how common the text is.</summary>
    private static Func<string, IQueryable<long>> MessagesLike(RapportDb db) =>
        pattern => db.Messages.AsNoTracking().Where(m => EF.Functions.Like(m.SearchText, pattern, "\\")).Select(m => m.Id);

    private static IQueryable<long> MessageConversations(RapportDb db, string folded)
    {
        var ids = TextIndex.Ids(db, IndexedText.Messages, folded, MessagesLike(db));
        return db.Messages.AsNoTracking().Where(m => ids.Contains(m.Id)).Select(m => m.ConversationId);
    }
}
