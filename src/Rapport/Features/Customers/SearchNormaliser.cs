using System.Globalization;
using System.Text;

namespace Rapport.Features.Customers;

/// <summary>
/// Folds text so that what a person types finds what was stored, in English, Persian and Armenian:
/// lower-case; Arabic letter forms read as their Persian twins (ي→ی, ك→ک, ة/ۀ/ھ→ه, أ/إ/آ→ا); zero-width
/// non-joiners and joiners, tatweel and Arabic diacritics removed; Persian and Arabic-Indic digits
/// read as ASCII digits; Latin accents dropped; runs of spaces collapsed.
/// </summary>
public static class SearchNormaliser
{
    public static string Normalise(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }
        var decomposed = text.Normalize(NormalizationForm.FormD);
        var sb = new StringBuilder(decomposed.Length);
        var lastWasSpace = true;
        foreach (var raw in decomposed)
        {
            var c = Fold(raw);
            if (c == '\0')
            {
                continue;
            }
            if (char.IsWhiteSpace(c))
            {
                if (!lastWasSpace)
                {
                    sb.Append(' ');
                    lastWasSpace = true;
                }
                continue;
            }
            sb.Append(char.ToLowerInvariant(c));
            lastWasSpace = false;
        }
        if (sb.Length > 0 && sb[^1] == ' ')
        {
            sb.Length--;
        }
        return sb.ToString().Normalize(NormalizationForm.FormC);
    }

    /// <summary>
    /// The first <paramref name="maxLength"/> characters of <see cref="Normalise(string?)"/>, folding only as
    /// much of the text as that needs: a message keeps 20,000 folded characters of a body that may hold a
    /// million, and folding all of it cost two full-length copies per message.
    /// </summary>
    /// <remarks>
    /// Folding a prefix gives the start of folding the whole: each character folds on its own, and a
    /// cut changes only the end (a trailing space trimmed, a mark or jamo left out of recomposition),
    /// which <see cref="CutMargin"/> characters past what is kept cover, since marks are dropped. A
    /// prefix that folds to too little (long runs of spaces or dropped characters) is doubled.
    /// </remarks>
    public static string Normalise(string? text, int maxLength)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }
        for (var length = maxLength + CutMargin; ; length *= 2)
        {
            if (length >= text.Length)
            {
                var whole = Normalise(text);
                return whole.Length > maxLength ? whole[..maxLength] : whole;
            }
            // Never split a surrogate pair.
            var cut = char.IsHighSurrogate(text[length - 1]) ? length + 1 : length;
            var folded = Normalise(text[..cut]);
            if (folded.Length >= maxLength + CutMargin)
            {
                return folded[..maxLength];
            }
        }
    }

    private const int CutMargin = 64;

    /// <summary>Maps one character to its search form, or '\0' to drop it.</summary>
    private static char Fold(char c)
    {
        switch (c)
        {
            case '\u064A' or '\u0649': return '\u06CC'; // Arabic yeh, alef maksura → Persian yeh
            case '\u0643': return '\u06A9';             // Arabic kaf → Persian keheh
            case '\u0629' or '\u06D5' or '\u06BE' or '\u06C1': return '\u0647'; // teh marbuta, ae (from ۀ), doachashmee and goal heh → heh
            case '\u0623' or '\u0625' or '\u0622' or '\u0671': return '\u0627'; // alef forms → alef
            case '\u0624': return '\u0648';             // waw with hamza → waw
            case '\u200C' or '\u200D' or '\u200E' or '\u200F' or '\u0640' or '\uFEFF': return '\0'; // ZWNJ, ZWJ, marks, tatweel, BOM
            case '\u00A0': return ' ';
        }
        var digit = IdentityNormaliser.DigitValue(c);
        if (digit >= 0)
        {
            return (char)('0' + digit);
        }
        var category = CharUnicodeInfo.GetUnicodeCategory(c);
        // Accents on Latin letters and Arabic harakat are non-spacing marks after decomposition.
        return category == UnicodeCategory.NonSpacingMark ? '\0' : c;
    }
}
