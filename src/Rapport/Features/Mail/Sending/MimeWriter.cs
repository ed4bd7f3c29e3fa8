using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Rapport.Features.Mail.Sending;

/// <summary>
/// Writes an <see cref="OutgoingMail"/> as RFC 5322/MIME bytes that survive any relay: 7-bit only
/// (bodies in base64, non-ASCII header text as RFC 2047 UTF-8 encoded words, non-ASCII file names
/// as RFC 2231 parameters), CRLF line ends, lines under 78 characters. Text and HTML go as
/// multipart/alternative, inside multipart/mixed when there are attachments.
/// </summary>
public static class MimeWriter
{
    private const int LineLimit = 76;

    public static byte[] Write(OutgoingMail mail)
    {
        var output = new StringBuilder(mail.Text.Length * 2 + 2048);
        Header(output, "From", Addresses([mail.From]));
        Header(output, "To", Addresses(mail.To));
        if (mail.Cc.Count > 0)
        {
            Header(output, "Cc", Addresses(mail.Cc));
        }
        Header(output, "Subject", EncodeText(mail.Subject));
        Header(output, "Date", mail.Date.ToUniversalTime().ToString("ddd, dd MMM yyyy HH:mm:ss '+0000'", CultureInfo.InvariantCulture));
        Header(output, "Message-ID", $"<{mail.MessageId}>");
        if (mail.InReplyTo is { } inReplyTo)
        {
            Header(output, "In-Reply-To", $"<{inReplyTo}>");
        }
        if (mail.References.Count > 0)
        {
            Header(output, "References", string.Join(' ', mail.References.Select(r => $"<{r}>")));
        }
        foreach (var (name, value) in mail.Headers)
        {
            Header(output, name, value);
        }
        Header(output, "MIME-Version", "1.0");

        var seed = mail.MessageId;
        if (mail.Attachments.Count == 0)
        {
            Body(output, mail, seed);
        }
        else
        {
            var boundary = Boundary(seed, "mixed");
            Header(output, "Content-Type", $"multipart/mixed; boundary=\"{boundary}\"");
            output.Append("\r\nThis is a multi-part message in MIME format.\r\n");
            output.Append("--").Append(boundary).Append("\r\n");
            Body(output, mail, seed);
            foreach (var attachment in mail.Attachments)
            {
                output.Append("\r\n--").Append(boundary).Append("\r\n");
                var type = string.IsNullOrWhiteSpace(attachment.ContentType) ? "application/octet-stream" : attachment.ContentType;
                Header(output, "Content-Type", $"{type}; {Parameter("name", attachment.FileName)}");
                Header(output, "Content-Disposition", $"attachment; {Parameter("filename", attachment.FileName)}");
                Header(output, "Content-Transfer-Encoding", "base64");
                output.Append("\r\n");
                Base64Lines(output, attachment.Content.Span);
            }
            output.Append("\r\n--").Append(boundary).Append("--\r\n");
        }
        // Everything above is ASCII by construction.
        return Encoding.ASCII.GetBytes(output.ToString());
    }

    private static void Body(StringBuilder output, OutgoingMail mail, string seed)
    {
        if (mail.Html is null)
        {
            TextPart(output, "text/plain", mail.Text);
            return;
        }
        var boundary = Boundary(seed, "alt");
        Header(output, "Content-Type", $"multipart/alternative; boundary=\"{boundary}\"");
        output.Append("\r\n--").Append(boundary).Append("\r\n");
        TextPart(output, "text/plain", mail.Text);
        output.Append("\r\n--").Append(boundary).Append("\r\n");
        TextPart(output, "text/html", mail.Html);
        output.Append("\r\n--").Append(boundary).Append("--\r\n");
    }

    private static void TextPart(StringBuilder output, string type, string text)
    {
        Header(output, "Content-Type", $"{type}; charset=utf-8");
        Header(output, "Content-Transfer-Encoding", "base64");
        output.Append("\r\n");
        var normalised = text.ReplaceLineEndings("\r\n");
        Base64Lines(output, Encoding.UTF8.GetBytes(normalised));
    }

    private static void Base64Lines(StringBuilder output, ReadOnlySpan<byte> bytes)
    {
        var encoded = Convert.ToBase64String(bytes);
        for (var i = 0; i < encoded.Length; i += LineLimit)
        {
            output.Append(encoded.AsSpan(i, Math.Min(LineLimit, encoded.Length - i))).Append("\r\n");
        }
    }

    /// <summary>A boundary that cannot occur in base64 text (it holds '='), stable for one message.</summary>
    private static string Boundary(string seed, string kind) =>
        $"=_rapport_{kind}_{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(seed + kind)))[..24]}";

    /// <summary>Writes a header, folding at spaces so no line passes the limit where that is possible.</summary>
    private static void Header(StringBuilder output, string name, string value)
    {
        var line = new StringBuilder(name).Append(": ");
        var lineLength = line.Length;
        var first = true;
        foreach (var word in value.Split(' '))
        {
            if (!first && lineLength + 1 + word.Length > LineLimit)
            {
                line.Append("\r\n ");
                lineLength = 1;
            }
            else if (!first)
            {
                line.Append(' ');
                lineLength++;
            }
            line.Append(word);
            lineLength += word.Length;
            first = false;
        }
        output.Append(line).Append("\r\n");
    }

    private static string Addresses(IEnumerable<MailAddress> addresses) => string.Join(", ", addresses.Select(Address));

    private static string Address(MailAddress address)
    {
        if (string.IsNullOrWhiteSpace(address.DisplayName))
        {
            return $"<{address.Address}>";
        }
        var name = address.DisplayName.Trim();
        var shown = IsPlainAscii(name)
            ? "\"" + name.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\""
            : EncodeText(name);
        return $"{shown} <{address.Address}>";
    }

    /// <summary>
    /// Header text as it is when printable ASCII, else as RFC 2047 "B" encoded words in UTF-8, each
    /// at most 75 characters and never splitting a character (so Persian survives any relay).
    /// </summary>
    public static string EncodeText(string text)
    {
        if (IsPlainAscii(text) && !text.Contains("=?", StringComparison.Ordinal))
        {
            return text;
        }
        const int maxBytes = 39; // 39 bytes -> 52 base64 chars, plus "=?UTF-8?B?" and "?=": 64, so "Subject: " and one word fit a line
        var words = new List<string>();
        var chunk = new StringBuilder();
        var chunkBytes = 0;
        var elements = StringInfo.GetTextElementEnumerator(text);
        while (elements.MoveNext())
        {
            var element = (string)elements.Current;
            var size = Encoding.UTF8.GetByteCount(element);
            if (chunkBytes + size > maxBytes && chunk.Length > 0)
            {
                words.Add(Word(chunk.ToString()));
                chunk.Clear();
                chunkBytes = 0;
            }
            chunk.Append(element);
            chunkBytes += size;
        }
        if (chunk.Length > 0)
        {
            words.Add(Word(chunk.ToString()));
        }
        return string.Join(' ', words);

        static string Word(string part) => $"=?UTF-8?B?{Convert.ToBase64String(Encoding.UTF8.GetBytes(part))}?=";
    }

    /// <summary>A MIME parameter: quoted when ASCII, RFC 2231 <c>name*=UTF-8''…</c> otherwise.</summary>
    private static string Parameter(string name, string value)
    {
        if (IsPlainAscii(value))
        {
            return $"{name}=\"{value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)}\"";
        }
        var encoded = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            if (b is >= (byte)'a' and <= (byte)'z' or >= (byte)'A' and <= (byte)'Z' or >= (byte)'0' and <= (byte)'9' or (byte)'.' or (byte)'-' or (byte)'_')
            {
                encoded.Append((char)b);
            }
            else
            {
                encoded.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }
        return $"{name}*=UTF-8''{encoded}";
    }

    private static bool IsPlainAscii(string text) => text.All(c => c is >= ' ' and < (char)127);
}
