using Microsoft.EntityFrameworkCore;
using Rapport.Data;

namespace Rapport.Features.Customers;

/// <summary>
/// Finds customers by what an agent types: any part of a name, e-mail or phone, folded the way
/// <see cref="SearchNormaliser"/> folds <see cref="Customer.SearchText"/> (so ي finds ی and a
/// name typed without its ZWNJ still matches), or an exact e-mail or phone however it is written.
/// The folded text is found through a trigram index (<see cref="TextIndex"/>), identities through
/// their unique (kind, value) index, so neither reads every customer.
/// </summary>
public static class CustomerSearch
{
    public static IQueryable<Customer> Matching(RapportDb db, IQueryable<Customer> customers, string q)
    {
        var folded = SearchNormaliser.Normalise(q);
        var email = IdentityNormaliser.Email(q) ?? "";
        var phone = IdentityNormaliser.Phone(q) ?? "";
        var ids = TextMatches(db, folded);
        // A number typed with spaces, dashes or a leading 0 (local form) is found by its digits, which
        // the search text holds without the plus; the leading zeros stand for a country code.
        if (PhoneDigits(folded) is { } digits)
        {
            ids = ids.Concat(TextMatches(db, digits));
        }
        var byIdentity = db.CustomerIdentities.AsNoTracking()
            .Where(i => (i.Kind == IdentityKind.Email && i.Value == email) || (i.Kind == IdentityKind.Phone && i.Value == phone))
            .Select(i => i.CustomerId);
        ids = ids.Concat(byIdentity);
        return customers.Where(c => ids.Contains(c.Id));
    }

    private static IQueryable<long> TextMatches(RapportDb db, string folded) =>
        TextIndex.Ids(db, IndexedText.Customers, folded,
            pattern => db.Customers.AsNoTracking().Where(c => EF.Functions.Like(c.SearchText, pattern, "\\")).Select(c => c.Id));

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
