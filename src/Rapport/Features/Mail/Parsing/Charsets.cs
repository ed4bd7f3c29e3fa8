using System.Collections.Concurrent;
using System.Text;
using System.Text.Unicode;

namespace Rapport.Features.Mail.Parsing;

/// <summary>
/// Turns bytes in a declared charset into text, distrusting the declaration where mail software is
/// known to lie: "us-ascii" or "iso-8859-1" over UTF-8 bytes, "utf-8" over windows-1256 bytes, or no
/// declaration at all.
/// </summary>
internal static class Charsets
{
    private static readonly ConcurrentDictionary<string, Encoding?> Cache = new(StringComparer.OrdinalIgnoreCase);
    private static readonly Encoding Utf8Lenient = new UTF8Encoding(false, false);

    static Charsets() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <summary>The encoding for a charset label, or null when the label names nothing we know.</summary>
    public static Encoding? Find(string? label)
    {
        if (string.IsNullOrWhiteSpace(label))
        {
            return null;
        }
        var name = label.Trim().Trim('"', '\'').Trim();
        if (name.Length == 0 || name.Length > 64)
        {
            return null;
        }
        return Cache.Count > 512 ? Lookup(name) : Cache.GetOrAdd(name, Lookup);
    }

    private static Encoding? Lookup(string name)
    {
        var key = name.ToLowerInvariant();
        key = key switch
        {
            "utf8" or "utf-8" or "unicode-1-1-utf-8" or "x-unicode20utf8" => "utf-8",
            "cp1256" or "x-cp1256" or "windows1256" or "arabic" => "windows-1256",
            "cp1252" or "x-cp1252" or "windows1252" => "windows-1252",
            "cp1251" or "windows1251" => "windows-1251",
            "ansi_x3.4-1968" or "ascii" or "us" or "iso646-us" or "646" => "us-ascii",
            "latin1" or "latin-1" or "l1" or "iso8859-1" or "iso_8859-1" => "iso-8859-1",
            "iso-8859-8-i" or "iso-8859-6-i" or "iso-8859-6-e" => key[..10],
            "gb2312" or "gbk" or "x-gbk" or "cp936" => "gb18030",
            "ks_c_5601-1987" or "ks_c_5601" or "cp949" => "ks_c_5601-1987",
            "x-mac-roman" or "macintosh" or "mac" => "macintosh",
            "armscii-8" or "armscii8" => "armscii-8",
            _ => key,
        };
        if (key.StartsWith("iso8859-", StringComparison.Ordinal) || key.StartsWith("iso_8859-", StringComparison.Ordinal))
        {
            key = "iso-8859-" + key[(key.IndexOf('-', StringComparison.Ordinal) + 1)..];
        }
        if (key == "armscii-8")
        {
            // Not in .NET; Armenian mail in it is rare and UTF-8 is the usual truth behind the label.
            return null;
        }
        try
        {
            return Encoding.GetEncoding(key);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException)
        {
            // An unknown label is an ordinary outcome for mail; the caller falls back to guessing.
            return null;
        }
    }

    public static string Decode(ReadOnlySpan<byte> bytes, string? declared)
    {
        if (bytes.IsEmpty)
        {
            return "";
        }
        if (!System.Text.Ascii.IsValid(bytes))
        {
            return DecodeNonAscii(bytes, declared);
        }
        var encoding = Find(declared);
        if (encoding is UnicodeEncoding or UTF32Encoding || (encoding is not null && IsSevenBitStateful(encoding)))
        {
            return Clean(encoding.GetString(bytes));
        }
        if (bytes.Contains(Escape) && LooksLikeIso2022Jp(bytes))
        {
            // Japanese mail that forgot its label or gave a wrong one (a raw header read with the body's charset):
            // the escape sequences name the character set themselves, and no other ASCII-compatible charset uses them.
            return Clean(Encoding.GetEncoding(50220).GetString(bytes));
        }
        return Clean(Encoding.ASCII.GetString(bytes));
    }

    private const byte Escape = 0x1B;

    /// <summary>
    /// The ISO-2022 family (Japanese, Korean, Chinese HZ) writes text in 7-bit bytes and switches
    /// character sets with escape sequences, so its bytes are all ASCII and must still be decoded.
    /// </summary>
    private static bool IsSevenBitStateful(Encoding encoding) => encoding.CodePage is 50220 or 50221 or 50222 or 50225 or 50227 or 52936;

    /// <summary>ESC $ B or ESC $ @ (JIS X 0208) opening a run of two-byte characters.</summary>
    private static bool LooksLikeIso2022Jp(ReadOnlySpan<byte> bytes) =>
        bytes.IndexOf("\u001b$B"u8) >= 0 || bytes.IndexOf("\u001b$@"u8) >= 0;

    private static string DecodeNonAscii(ReadOnlySpan<byte> bytes, string? declared)
    {
        var encoding = Find(declared);
        var validUtf8 = Utf8.IsValid(bytes);
        if (encoding is null || encoding.CodePage is 20127 or 28591 or 1252 or 65001)
        {
            if (validUtf8)
            {
                return Clean(Utf8Lenient.GetString(bytes));
            }
            if (encoding is null || encoding.CodePage == 65001)
            {
                return Clean(MostlyUtf8(bytes) ? Utf8Lenient.GetString(bytes) : GuessLegacy(bytes).GetString(bytes));
            }
            // Declared Latin: windows-1252 is what "iso-8859-1" and "us-ascii" mean in practice.
            return Clean(Encoding.GetEncoding(1252).GetString(bytes));
        }
        if (encoding is UnicodeEncoding or UTF32Encoding)
        {
            return Clean(encoding.GetString(bytes));
        }
        if (validUtf8 && encoding.IsSingleByte && LooksLikeIntendedUtf8(bytes))
        {
            return Clean(Utf8Lenient.GetString(bytes));
        }
        return Clean(encoding.GetString(bytes));
    }

    /// <summary>Mostly valid UTF-8 with a few broken sequences (a truncated part, a bad byte) stays UTF-8.</summary>
    private static bool MostlyUtf8(ReadOnlySpan<byte> bytes)
    {
        int good = 0, bad = 0;
        var rest = bytes;
        while (!rest.IsEmpty)
        {
            var status = System.Text.Rune.DecodeFromUtf8(rest, out var rune, out var consumed);
            if (status == System.Buffers.OperationStatus.Done)
            {
                if (rune.Value >= 0x80)
                {
                    good++;
                }
            }
            else
            {
                bad++;
            }
            rest = rest[Math.Max(consumed, 1)..];
        }
        return good > 0 && bad * 10 <= good;
    }

    /// <summary>
    /// A declared single-byte charset over bytes that are also valid UTF-8: believe UTF-8 when every
    /// decoded character is in a script this product expects (Persian/Arabic, Armenian, Latin,
    /// punctuation) — random legacy bytes almost never decode that way.
    /// </summary>
    private static bool LooksLikeIntendedUtf8(ReadOnlySpan<byte> bytes)
    {
        var text = Utf8Lenient.GetString(bytes);
        var nonAscii = 0;
        foreach (var c in text)
        {
            if (c < 0x80)
            {
                continue;
            }
            nonAscii++;
            var expected = c is (>= '\u00A0' and <= '\u024F') or (>= '\u0530' and <= '\u058F') or (>= '\u0600' and <= '\u06FF')
                or (>= '\u200B' and <= '\u206F') or (>= '\u20A0' and <= '\u20CF') or '\uFEFF' or (>= '\uFB50' and <= '\uFEFC')
                || char.IsSurrogate(c);
            if (!expected)
            {
                return false;
            }
        }
        return nonAscii >= 2;
    }

    /// <summary>
    /// Undeclared, non-UTF-8 bytes. Western European text puts high bytes between ASCII letters
    /// (windows-1252); Persian, Arabic and Russian put them next to each other (whole words), and
    /// then each candidate decoding is scored by how many of its characters are the common letters
    /// of its language: the right one reads as ordinary words (three in four characters or more),
    /// a wrong one as a scatter of rare letters, capitals and symbols (well under half). Ties go to
    /// windows-1256, the product's first market.
    /// </summary>
    public static Encoding GuessLegacy(ReadOnlySpan<byte> bytes)
    {
        int highNextToHigh = 0, highNextToLetter = 0;
        for (var i = 1; i < bytes.Length; i++)
        {
            byte a = bytes[i - 1], b = bytes[i];
            if (a >= 0x80 && b >= 0x80)
            {
                highNextToHigh++;
            }
            else if ((a >= 0x80 && char.IsAsciiLetter((char)b)) || (b >= 0x80 && char.IsAsciiLetter((char)a)))
            {
                highNextToLetter++;
            }
        }
        if (highNextToHigh <= highNextToLetter)
        {
            return Encoding.GetEncoding(1252);
        }
        var best = Encoding.GetEncoding(1256);
        var bestScore = CommonLetterShare(bytes, best, CommonArabicScript);
        foreach (var codePage in (ReadOnlySpan<int>)[1251, 20866])
        {
            var candidate = Encoding.GetEncoding(codePage);
            var score = CommonLetterShare(bytes, candidate, CommonCyrillic);
            if (score > bestScore)
            {
                (best, bestScore) = (candidate, score);
            }
        }
        return best;
    }

    /// <summary>The most frequent letters of Persian and Arabic (both forms of yeh and kaf, as windows-1256 writes them).</summary>
    private static readonly System.Buffers.SearchValues<char> CommonArabicScript = System.Buffers.SearchValues.Create("اأيىیلمونهرتبدسکكش");

    /// <summary>The most frequent letters of Russian, lower case only: running text is mostly lower case, a wrong Cyrillic decoding is not.</summary>
    private static readonly System.Buffers.SearchValues<char> CommonCyrillic = System.Buffers.SearchValues.Create("оеаинтсрвлкмдпуяыь");

    private static double CommonLetterShare(ReadOnlySpan<byte> bytes, Encoding encoding, System.Buffers.SearchValues<char> common)
    {
        var sample = bytes.Length > 8192 ? bytes[..8192] : bytes;
        int nonAscii = 0, hits = 0;
        foreach (var c in encoding.GetString(sample))
        {
            if (c < 0x80)
            {
                continue;
            }
            nonAscii++;
            if (common.Contains(c))
            {
                hits++;
            }
        }
        return nonAscii == 0 ? 0 : (double)hits / nonAscii;
    }

    /// <summary>Drops NUL (no database stores it in text) and a leading byte-order mark.</summary>
    public static string Clean(string text)
    {
        if (text.Length > 0 && text[0] == '\uFEFF')
        {
            text = text[1..];
        }
        return text.Contains('\0', StringComparison.Ordinal) ? text.Replace("\0", "", StringComparison.Ordinal) : text;
    }
}
