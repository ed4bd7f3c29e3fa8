using System.Buffers;
using System.Text;

namespace Rapport.Features.Mail.Parsing;

/// <summary>Header values from raw bytes to text: unfolding, 8-bit bytes, RFC 2047 encoded words.</summary>
internal static class HeaderText
{
    /// <summary>An encoded word longer than this is not one (RFC 2047 allows 75; senders exceed it, but not by this much).</summary>
    private const int MaxEncodedWord = 2000;

    /// <summary>The value unfolded, 8-bit bytes (and raw ISO-2022-JP) decoded (UTF-8, else the fallback charset), not yet RFC 2047-decoded.</summary>
    public static string Raw(ReadOnlyMemory<byte> value, string? fallbackCharset)
    {
        var span = value.Span;
        // ESC only appears in a header as ISO-2022-JP written raw (not as encoded words), which Charsets decodes.
        var text = Ascii.IsValid(span) && !span.Contains((byte)0x1B) ? Encoding.ASCII.GetString(span) : Charsets.Decode(span, fallbackCharset);
        if (text.Contains('\n', StringComparison.Ordinal) || text.Contains('\r', StringComparison.Ordinal))
        {
            text = text.Replace("\r\n", "", StringComparison.Ordinal).Replace("\n", "", StringComparison.Ordinal).Replace("\r", "", StringComparison.Ordinal);
        }
        return Charsets.Clean(text).Trim();
    }

    /// <summary>An unstructured value (Subject, Comments, X-…): unfolded, decoded, control characters as spaces.</summary>
    public static string Unstructured(ReadOnlyMemory<byte> value, string? fallbackCharset) =>
        WithoutControls(DecodeWords(Raw(value, fallbackCharset))).Trim();

    public static string WithoutControls(string text)
    {
        if (!text.AsSpan().ContainsAnyInRange('\0', '\u001F') && !text.Contains('\u007F', StringComparison.Ordinal))
        {
            return text;
        }
        var chars = text.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            if (chars[i] < ' ' || chars[i] == '\u007F')
            {
                chars[i] = ' ';
            }
        }
        return new string(chars);
    }

    /// <summary>
    /// Decodes RFC 2047 encoded words anywhere in the text. Adjacent words are joined (the whitespace
    /// between them dropped) and their bytes decoded together, because senders split one multi-byte
    /// character across two words.
    /// </summary>
    public static string DecodeWords(string text)
    {
        var start = text.IndexOf("=?", StringComparison.Ordinal);
        if (start < 0)
        {
            return text;
        }
        var sb = new StringBuilder(text.Length);
        var pending = new ArrayBufferWriter<byte>();
        string? pendingCharset = null;
        var i = 0;
        var afterWord = false;
        while (start >= 0)
        {
            if (!TryReadWord(text, start, out var charset, out var encoding, out var payload, out var end))
            {
                start = text.IndexOf("=?", start + 2, StringComparison.Ordinal);
                continue;
            }
            var between = text.AsSpan(i, start - i);
            if (!(afterWord && between.IsWhiteSpace()))
            {
                Flush();
                sb.Append(between);
            }
            if (pendingCharset is not null && !pendingCharset.Equals(charset, StringComparison.OrdinalIgnoreCase))
            {
                Flush();
            }
            pendingCharset = charset;
            AppendPayload(pending, payload, encoding);
            afterWord = true;
            i = end;
            start = text.IndexOf("=?", i, StringComparison.Ordinal);
        }
        Flush();
        sb.Append(text.AsSpan(i));
        return sb.ToString();

        void Flush()
        {
            if (pendingCharset is not null)
            {
                sb.Append(Charsets.Decode(pending.WrittenSpan, pendingCharset));
                pending.ResetWrittenCount();
                pendingCharset = null;
            }
        }
    }

    private static bool TryReadWord(string text, int start, out string charset, out char encoding, out ReadOnlySpan<char> payload, out int end)
    {
        charset = "";
        encoding = ' ';
        payload = default;
        end = 0;
        var q1 = text.IndexOf('?', start + 2);
        if (q1 < 0 || q1 == start + 2 || q1 - start > 80 || q1 + 3 >= text.Length || text[q1 + 2] != '?')
        {
            return false;
        }
        var label = text.AsSpan(start + 2, q1 - start - 2);
        if (label.ContainsAny(" \t\"()<>,;:") )
        {
            return false;
        }
        encoding = char.ToUpperInvariant(text[q1 + 1]);
        if (encoding is not ('B' or 'Q'))
        {
            return false;
        }
        var close = text.IndexOf("?=", q1 + 3, StringComparison.Ordinal);
        if (close < 0 || close - q1 > MaxEncodedWord)
        {
            return false;
        }
        // RFC 2231 adds a language after '*' (charset*lang).
        var star = label.IndexOf('*');
        charset = (star >= 0 ? label[..star] : label).ToString();
        payload = text.AsSpan(q1 + 3, close - q1 - 3);
        end = close + 2;
        return true;
    }

    private static void AppendPayload(ArrayBufferWriter<byte> pending, ReadOnlySpan<char> payload, char encoding)
    {
        if (encoding == 'B')
        {
            var ascii = new byte[payload.Length];
            for (var k = 0; k < payload.Length; k++)
            {
                ascii[k] = payload[k] < 128 ? (byte)payload[k] : (byte)' ';
            }
            pending.Write(TransferDecoding.Base64(ascii, out _));
            return;
        }
        Span<byte> utf8 = stackalloc byte[4];
        for (var k = 0; k < payload.Length; k++)
        {
            var c = payload[k];
            if (c == '_')
            {
                pending.Write([(byte)' ']);
            }
            else if (c == '=' && k + 2 < payload.Length && char.IsAsciiHexDigit(payload[k + 1]) && char.IsAsciiHexDigit(payload[k + 2]))
            {
                pending.Write([(byte)Convert.ToInt32(payload.Slice(k + 1, 2).ToString(), 16)]);
                k += 2;
            }
            else if (c < 128)
            {
                pending.Write([(byte)c]);
            }
            else
            {
                // A raw non-ASCII character inside a Q word: keep it as its UTF-8 bytes.
                var rune = char.IsSurrogate(c) ? new Rune('\uFFFD') : new Rune(c);
                var n = rune.EncodeToUtf8(utf8);
                pending.Write(utf8[..n]);
            }
        }
    }
}
