using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace Rapport.Features.Customers;

/// <summary>One page of a list: the items and an opaque cursor for the next page (null on the last).</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? NextCursor);

/// <summary>
/// Keyset paging for the customer lists. A cursor is the sort key of the last row seen, so a page
/// costs an index seek however deep the client walks, and rows added meanwhile do not shift pages.
/// </summary>
public static class Paging
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;

    public static int Limit(int? requested) => Math.Clamp(requested ?? DefaultLimit, 1, MaxLimit);

    public static string Encode(params long[] keys) =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes(string.Join('.', keys.Select(k => k.ToString(CultureInfo.InvariantCulture)))));

    /// <summary>The keys of a cursor, or null when it is not one this server wrote.</summary>
    public static long[]? Decode(string? cursor, int keyCount)
    {
        if (string.IsNullOrEmpty(cursor) || cursor.Length > 200)
        {
            return null;
        }
        try
        {
            var parts = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor)).Split('.');
            if (parts.Length != keyCount)
            {
                return null;
            }
            var keys = new long[keyCount];
            for (var i = 0; i < keyCount; i++)
            {
                if (!long.TryParse(parts[i], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out keys[i]))
                {
                    return null;
                }
            }
            return keys;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>Takes one row more than the limit to learn whether another page follows.</summary>
    public static Page<TOut> Build<TRow, TOut>(List<TRow> rows, int limit, Func<TRow, TOut> map, Func<TRow, string> cursorOf)
    {
        var more = rows.Count > limit;
        if (more)
        {
            rows.RemoveAt(rows.Count - 1);
        }
        return new Page<TOut>(rows.Select(map).ToList(), more ? cursorOf(rows[^1]) : null);
    }
}
