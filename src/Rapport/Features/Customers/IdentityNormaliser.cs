using System.Text;
using Rapport.Web;

namespace Rapport.Features.Customers;

/// <summary>
/// Puts identity values in the one form they are stored and matched in: e-mail addresses
/// lower-case, phone numbers in E.164 (+ and 8–15 digits), Persian and Arabic-Indic digits read
/// as digits. Returns null when a value cannot be an identity of that kind.
/// </summary>
public static class IdentityNormaliser
{
    public static string? Normalise(IdentityKind kind, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }
        return kind switch
        {
            IdentityKind.Email => Email(value),
            IdentityKind.Phone => Phone(value),
            _ => value.Trim() is { Length: > 0 and <= 320 } v ? v : null,
        };
    }

    public static string? Email(string value)
    {
        var trimmed = value.Trim();
        return Validation.IsEmail(trimmed) ? trimmed.ToLowerInvariant() : null;
    }

    /// <summary>
    /// An address read from a mail header: as <see cref="Email"/>, and also on a host without a dot
    /// (<c>root@localhost</c>), which is where cron and monitoring mail comes from.
    /// </summary>
    public static string? MailAddress(string value)
    {
        var trimmed = value.Trim();
        return Validation.IsEmail(trimmed, allowHostWithoutDot: true) ? trimmed.ToLowerInvariant() : null;
    }

    /// <summary>
    /// E.164 needs the country code, so a number must start with + or 00. Spaces, dashes, dots and
    /// brackets are layout and are dropped; anything else makes the number invalid.
    /// </summary>
    public static string? Phone(string value)
    {
        var digits = new StringBuilder(16);
        var s = value.Trim();
        var start = 0;
        if (s.StartsWith('+'))
        {
            start = 1;
        }
        else if (s.StartsWith("00", StringComparison.Ordinal) || s.StartsWith("۰۰", StringComparison.Ordinal) || s.StartsWith("٠٠", StringComparison.Ordinal))
        {
            start = 2;
        }
        else
        {
            return null;
        }
        for (var i = start; i < s.Length; i++)
        {
            var c = s[i];
            var d = DigitValue(c);
            if (d >= 0)
            {
                digits.Append((char)('0' + d));
            }
            else if (c is not (' ' or '-' or '.' or '(' or ')' or '\u00A0'))
            {
                return null;
            }
        }
        if (digits.Length is < 8 or > 15 || digits[0] == '0')
        {
            return null;
        }
        return "+" + digits;
    }

    /// <summary>0–9 for ASCII, Persian (۰–۹) and Arabic-Indic (٠–٩) digits; -1 otherwise.</summary>
    public static int DigitValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= '\u06F0' and <= '\u06F9' => c - '\u06F0',
        >= '\u0660' and <= '\u0669' => c - '\u0660',
        _ => -1,
    };
}
