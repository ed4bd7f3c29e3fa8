using System.Buffers.Text;
using System.Globalization;
using System.Text;
using Rapport.Web;

namespace Rapport.Features.Conversations;

/// <summary>
/// Keyset paging for list endpoints: a page size from <c>limit</c> (default 50, at most 200) and an
/// opaque <c>cursor</c> holding the sort key of the last row sent, so the next page starts after it
/// whatever was inserted meanwhile, and no page costs more than the one before.
/// </summary>
public static class Paging
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;

    public static int Limit(int? limit, Validation validation)
    {
        if (limit is < 1)
        {
            validation.Add("limit", $"must be between 1 and {MaxLimit}.");
            return DefaultLimit;
        }
        return Math.Min(limit ?? DefaultLimit, MaxLimit);
    }

    public static string Encode(params long[] key) =>
        Base64Url.EncodeToString(Encoding.ASCII.GetBytes(string.Join('.', key.Select(k => k.ToString(CultureInfo.InvariantCulture)))));

    /// <summary>The key in a cursor of <paramref name="parts"/> numbers; null (and a field error) when it is not one of ours.</summary>
    public static long[]? Decode(string? cursor, int parts, Validation validation)
    {
        if (string.IsNullOrEmpty(cursor))
        {
            return null;
        }
        try
        {
            var text = Encoding.ASCII.GetString(Base64Url.DecodeFromChars(cursor));
            var values = text.Split('.');
            if (values.Length == parts)
            {
                var key = new long[parts];
                var ok = true;
                for (var i = 0; i < parts; i++)
                {
                    ok &= long.TryParse(values[i], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out key[i]);
                }
                if (ok)
                {
                    return key;
                }
            }
        }
        catch (FormatException)
        {
            // Falls through to the field error: a cursor is only ever one we handed out.
        }
        validation.Add("cursor", "is not a cursor from this list.");
        return null;
    }

    /// <summary>The page and the cursor for the next one, given a query that fetched one row more than <paramref name="limit"/>.</summary>
    public static Page<T> Of<T>(List<T> rows, int limit, Func<T, string> cursorOf) =>
        rows.Count > limit ? new Page<T>(rows.Take(limit).ToList(), cursorOf(rows[limit - 1])) : new Page<T>(rows, null);
}
