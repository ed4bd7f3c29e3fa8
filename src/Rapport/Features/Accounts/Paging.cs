using System.Globalization;
using System.Text;
using Rapport.Web;

namespace Rapport.Features.Accounts;

/// <summary>A page of a list: the items and an opaque cursor for the next page, or null at the end.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? NextCursor);

/// <summary>Keyset paging by id: the cursor is the last id seen, so pages stay stable while rows are added.</summary>
internal static class Paging
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;

    public static (int Limit, long After) Read(int? limit, string? cursor, Validation validation)
    {
        var take = limit ?? DefaultLimit;
        if (take is < 1 or > MaxLimit)
        {
            validation.Add("limit", $"must be between 1 and {MaxLimit}.");
        }
        long after = 0;
        if (!string.IsNullOrEmpty(cursor) && !TryDecode(cursor, out after))
        {
            validation.Add("cursor", "is not a cursor this server gave out.");
        }
        return (take, after);
    }

    /// <summary>Give it up to limit + 1 rows; the extra one only says there is a next page.</summary>
    public static Page<T> Of<T>(List<T> rows, int limit, Func<T, long> id) =>
        rows.Count > limit ? new Page<T>(rows[..limit], Encode(id(rows[limit - 1]))) : new Page<T>(rows, null);

    private static string Encode(long id) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes("id:" + id.ToString(CultureInfo.InvariantCulture))).TrimEnd('=');

    private static bool TryDecode(string cursor, out long id)
    {
        id = 0;
        if (cursor.Length > 40)
        {
            return false;
        }
        try
        {
            var padded = cursor.PadRight(cursor.Length + ((4 - (cursor.Length % 4)) % 4), '=');
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(padded));
            return text.StartsWith("id:", StringComparison.Ordinal)
                && long.TryParse(text.AsSpan(3), NumberStyles.None, CultureInfo.InvariantCulture, out id);
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
