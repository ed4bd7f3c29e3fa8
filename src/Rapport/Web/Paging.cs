using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace Rapport.Web;

/// <summary>One page of a list: the items and an opaque cursor for the next page, null on the last.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? NextCursor)
{
    public Page<TOut> Map<TOut>(Func<T, TOut> map) => new([.. Items.Select(map)], NextCursor);
}

/// <summary>
/// Keyset paging for every list endpoint: a page size from <c>limit</c> and an opaque <c>cursor</c>
/// holding the sort key of the last row sent, so the next page starts after it whatever was inserted
/// meanwhile, and no page costs more than the one before. A limit out of range is a 400 rather than
/// silently clamped, so a client asking for more than it can get finds out.
/// </summary>
public static class Paging
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;

    // Longer than any cursor we write (a 100-character tag name is at most 536): refuse before decoding anything big.
    private const int MaxCursorLength = 1000;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The page size; a field error on <c>limit</c> when it is below 1 or above <see cref="MaxLimit"/>.</summary>
    public static int Limit(int? limit, Validation validation)
    {
        if (limit is < 1 or > MaxLimit)
        {
            validation.Add("limit", $"must be between 1 and {MaxLimit}.");
            return DefaultLimit;
        }
        return limit ?? DefaultLimit;
    }

    public static string Encode(params long[] keys) =>
        EncodeText(string.Join('.', keys.Select(k => k.ToString(CultureInfo.InvariantCulture))));

    /// <summary>The <paramref name="keyCount"/> keys in a cursor; null without one, and a field error when it is not one of ours.</summary>
    public static long[]? Decode(string? cursor, int keyCount, Validation validation)
    {
        var parts = DecodeText(cursor, validation)?.Split('.');
        if (parts is null)
        {
            return null;
        }
        var keys = new long[keyCount];
        var ok = parts.Length == keyCount;
        for (var i = 0; ok && i < keyCount; i++)
        {
            ok = long.TryParse(parts[i], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out keys[i]);
        }
        if (ok)
        {
            return keys;
        }
        NotOurs(validation);
        return null;
    }

    /// <summary>A cursor for a list sorted by text (such as a name) rather than by numbers.</summary>
    public static string EncodeText(string key) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(key));

    /// <summary>The text in a cursor from <see cref="EncodeText"/>; null without one, and a field error when it is not one of ours.</summary>
    public static string? DecodeText(string? cursor, Validation validation)
    {
        if (string.IsNullOrEmpty(cursor))
        {
            return null;
        }
        var text = cursor.Length <= MaxCursorLength ? TryDecode(cursor) : null;
        if (text is null)
        {
            NotOurs(validation);
        }
        return text;
    }

    /// <summary>The page and the cursor for the next one, given a query that fetched one row more than <paramref name="limit"/>.</summary>
    public static Page<T> Of<T>(List<T> rows, int limit, Func<T, string> cursorOf) =>
        rows.Count > limit ? new Page<T>(rows[..limit], cursorOf(rows[limit - 1])) : new Page<T>(rows, null);

    private static string? TryDecode(string cursor)
    {
        try
        {
            return StrictUtf8.GetString(Base64Url.DecodeFromChars(cursor));
        }
        catch (Exception e) when (e is FormatException or DecoderFallbackException)
        {
            return null;
        }
    }

    private static void NotOurs(Validation validation) => validation.Add("cursor", "is not a cursor from this list.");
}
