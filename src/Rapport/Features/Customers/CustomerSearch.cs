using Microsoft.EntityFrameworkCore;

namespace Rapport.Features.Customers;

/// <summary>
/// Finds customers by what an agent types: any part of a name, e-mail or phone, folded the way
/// <see cref="SearchNormaliser"/> folds <see cref="Customer.SearchText"/> (so ي finds ی and a
/// name typed without its ZWNJ still matches), or an exact e-mail or phone however it is written.
/// </summary>
public static class CustomerSearch
{
    public static IQueryable<Customer> Matching(IQueryable<Customer> customers, string q)
    {
        var folded = SearchNormaliser.Normalise(q);
        var pattern = "%" + Escape(folded) + "%";
        var email = IdentityNormaliser.Email(q) ?? "";
        var phone = IdentityNormaliser.Phone(q) ?? "";
        // A number typed with spaces, dashes or a leading 0 (local form) is found by its digits, which
        // the search text holds without the plus; the leading zeros stand for a country code.
        var digits = PhoneDigits(folded);
        if (digits is not null)
        {
            var digitsPattern = "%" + digits + "%";
            return customers.Where(c =>
                EF.Functions.Like(c.SearchText, pattern, "\\")
                || EF.Functions.Like(c.SearchText, digitsPattern, "\\")
                || c.Identities.Any(i => i.Kind == IdentityKind.Phone && i.Value == phone));
        }
        return customers.Where(c =>
            EF.Functions.Like(c.SearchText, pattern, "\\")
            || c.Identities.Any(i => (i.Kind == IdentityKind.Email && i.Value == email) || (i.Kind == IdentityKind.Phone && i.Value == phone)));
    }

    private static string? PhoneDigits(string folded)
    {
        if (folded.Length == 0 || !folded.All(c => char.IsAsciiDigit(c) || c is ' ' or '-' or '.' or '(' or ')' or '+'))
        {
            return null;
        }
        var digits = new string(folded.Where(char.IsAsciiDigit).ToArray()).TrimStart('0');
        return digits.Length >= 4 ? digits : null;
    }

    private static string Escape(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);
}
