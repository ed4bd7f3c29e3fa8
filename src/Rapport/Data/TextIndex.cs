using Microsoft.EntityFrameworkCore;

namespace Rapport.Data;

/// <summary>The folded search text columns that carry a substring index.</summary>
public enum IndexedText
{
    Messages,
    Customers,
    Subjects,
}

/// <summary>
/// Substring search over folded text through an index: an FTS5 trigram table on SQLite
/// (migrations 0080 and 0150), a pg_trgm GIN index that <c>LIKE '%…%'</c> uses on PostgreSQL.
/// Trigram indexes cannot find fewer than three characters, so shorter text is matched with
/// <c>LIKE</c> by the caller (a scan, kept for one- and two-letter searches).
/// </summary>
public static class TextIndex
{
    public const int MinLength = 3;

    /// <summary>
    /// From this many matching rows on, text is "common": gathering every match and sorting them
    /// costs more than reading rows in the page's own order and checking each until the page is full
    /// (a word in a fifth of 5,000,000 messages took seconds the first way; see BENCHMARKS.md).
    /// </summary>
    public const int CommonAt = 1000;

    /// <summary>Row ids whose folded text holds <paramref name="folded"/>; SQLite only, at least <see cref="MinLength"/> characters.</summary>
    public static IQueryable<long> SqliteRowIds(RapportDb db, IndexedText text, string folded)
    {
        // The trigram tokenizer reads a quoted phrase as "contains this substring".
        var phrase = "\"" + folded.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
        return text switch
        {
            IndexedText.Messages => db.Database.SqlQuery<long>($"SELECT rowid AS \"Value\" FROM message_search WHERE message_search MATCH {phrase}"),
            IndexedText.Customers => db.Database.SqlQuery<long>($"SELECT rowid AS \"Value\" FROM customer_search WHERE customer_search MATCH {phrase}"),
            IndexedText.Subjects => db.Database.SqlQuery<long>($"SELECT rowid AS \"Value\" FROM conversation_search WHERE conversation_search MATCH {phrase}"),
            _ => throw new ArgumentOutOfRangeException(nameof(text)),
        };
    }

    /// <summary>
    /// Ids of the rows whose folded text holds <paramref name="folded"/>: from the SQLite trigram table when it can
    /// answer, otherwise from <paramref name="like"/> given the escaped <c>%…%</c> pattern (PostgreSQL's index serves that LIKE).
    /// </summary>
    public static IQueryable<long> Ids(RapportDb db, IndexedText text, string folded, Func<string, IQueryable<long>> like) =>
        UsesSqliteIndex(db, folded) ? SqliteRowIds(db, text, folded) : like(ContainsPattern(folded));

    /// <summary>
    /// Whether at least <see cref="CommonAt"/> rows hold <paramref name="folded"/> (text too short for the
    /// index always counts as common: it is matched row by row anyway). Counting stops at the threshold.
    /// </summary>
    public static async Task<bool> IsCommonAsync(RapportDb db, IndexedText text, string folded, Func<string, IQueryable<long>> like, CancellationToken ct) =>
        folded.Length < MinLength || await Ids(db, text, folded, like).Take(CommonAt).CountAsync(ct) >= CommonAt;

    /// <summary>Whether <paramref name="folded"/> can be looked up in the SQLite trigram tables (PostgreSQL's index is used by LIKE itself).</summary>
    public static bool UsesSqliteIndex(RapportDb db, string folded) => db.IsSqlite && folded.Length >= MinLength;

    /// <summary><c>%text%</c> with LIKE's wildcards escaped by a backslash.</summary>
    public static string ContainsPattern(string folded) =>
        "%" + folded.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal) + "%";
}
