using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Rapport.Data;

namespace Rapport.Features.Customers;

/// <summary>
/// Finds customers by what an agent types: any part of a name, e-mail or phone, folded the way
/// <see cref="SearchNormaliser"/> folds <see cref="Customer.SearchText"/> (so ي finds ی and a
/// name typed without its ZWNJ still matches), or an exact e-mail or phone however it is written.
/// Rare text is found through a trigram index (<see cref="TextIndex"/>), identities through their
/// unique (kind, value) index; text held by many customers is checked row by row as the page is
/// read in its own order, which fills a page sooner than gathering every match.
/// </summary>
public static class CustomerSearch
{
    /// <summary>Matching customers: ids found through indexes, plus LIKE patterns (escaped with a backslash) to check row by row.</summary>
    public sealed record Parts(IQueryable<long> Ids, IReadOnlyList<string> RowPatterns);

    public static async Task<IQueryable<Customer>> MatchingAsync(RapportDb db, IQueryable<Customer> customers, string q, CancellationToken ct)
    {
        var parts = await PartsAsync(db, q, ct);
        var ids = parts.Ids;
        var conditions = new List<Expression<Func<Customer, bool>>> { c => ids.Contains(c.Id) };
        foreach (var pattern in parts.RowPatterns)
        {
            conditions.Add(c => EF.Functions.Like(c.SearchText, pattern, "\\"));
        }
        return customers.Where(Predicates.AnyOf(conditions));
    }

    public static async Task<Parts> PartsAsync(RapportDb db, string q, CancellationToken ct)
    {
        var folded = SearchNormaliser.Normalise(q);
        var email = IdentityNormaliser.Email(q) ?? "";
        var phone = IdentityNormaliser.Phone(q) ?? "";
        var ids = db.CustomerIdentities.AsNoTracking()
            .Where(i => (i.Kind == IdentityKind.Email && i.Value == email) || (i.Kind == IdentityKind.Phone && i.Value == phone))
            .Select(i => i.CustomerId);
        var patterns = new List<string>();
        // A number typed with spaces, dashes or a leading 0 (local form) is found by its digits, which
        // the search text holds without the plus; the leading zeros stand for a country code.
        foreach (var term in PhoneDigits(folded) is { } digits ? [folded, digits] : new[] { folded })
        {
            if (await TextIndex.IsCommonAsync(db, IndexedText.Customers, term, Like(db), ct))
            {
                patterns.Add(TextIndex.ContainsPattern(term));
            }
            else
            {
                ids = ids.Concat(TextIndex.Ids(db, IndexedText.Customers, term, Like(db)));
            }
        }
        return new Parts(ids, patterns);
    }

    private static Func<string, IQueryable<long>> Like(RapportDb db) =>
        pattern => db.Customers.AsNoTracking().Where(c => EF.Functions.Like(c.SearchText, pattern, "\\")).Select(c => c.Id);

    private static string? PhoneDigits(string folded)
    {
        if (folded.Length == 0 || !folded.All(c => char.IsAsciiDigit(c) || c is ' ' or '-' or '.' or '(' or ')' or '+'))
        {
            return null;
        }
        var digits = new string(folded.Where(char.IsAsciiDigit).ToArray()).TrimStart('0');
        return digits.Length >= 4 ? digits : null;
    }
}
