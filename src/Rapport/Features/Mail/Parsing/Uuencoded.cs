using System.Text;
using System.Text.RegularExpressions;

namespace Rapport.Features.Mail.Parsing;

/// <summary>
/// Files uuencoded into a plain-text body ("begin 644 name" … "end"), as old Unix mailers and
/// scripts still send them: each block becomes an attachment and leaves the text. A block is taken
/// only when every line between "begin" and "end" is a well-formed uuencoded line (prose never is:
/// its lower-case letters are outside the uuencoding alphabet), so ordinary text is left alone.
/// </summary>
internal static partial class Uuencoded
{
    public static string Extract(string text, List<MailAttachment> attachments)
    {
        if (!text.Contains("begin ", StringComparison.Ordinal))
        {
            return text;
        }
        var lines = text.Split('\n');
        var kept = new StringBuilder(text.Length);
        var found = false;
        for (var i = 0; i < lines.Length; i++)
        {
            if (BeginLine().Match(lines[i].TrimEnd('\r')) is { Success: true } begin && TryDecode(lines, i + 1, out var content, out var end))
            {
                var name = FileNames.Clean(begin.Groups[1].Value) ?? FileNames.Synthesise("application/octet-stream", attachments.Count + 1, null);
                attachments.Add(new MailAttachment(name, "application/octet-stream", null, false, content));
                found = true;
                i = end;
                continue;
            }
            kept.Append(lines[i]);
            if (i < lines.Length - 1)
            {
                kept.Append('\n');
            }
        }
        return found ? kept.ToString() : text;
    }

    /// <summary>Decodes the lines after "begin" up to "end"; false when they are not a complete uuencoded file.</summary>
    private static bool TryDecode(string[] lines, int first, out byte[] content, out int endLine)
    {
        content = [];
        endLine = -1;
        using var output = new MemoryStream();
        var finished = false;
        for (var i = first; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r', ' ', '\t');
            if (finished || line == "end")
            {
                if (line == "end")
                {
                    content = output.ToArray();
                    endLine = i;
                    return true;
                }
                return false;
            }
            // A line of length zero ("`", or a single space a mail client trimmed away) ends the data.
            if (line.Length == 0 || line == "`")
            {
                finished = true;
                continue;
            }
            if (!TryDecodeLine(line, output))
            {
                return false;
            }
        }
        return false;
    }

    private static bool TryDecodeLine(string line, MemoryStream output)
    {
        foreach (var c in line)
        {
            if (c is < ' ' or > '`')
            {
                return false;
            }
        }
        var count = Value(line[0]);
        var needed = (count + 2) / 3 * 4;
        // Encoders may add a checksum character; mail clients trim trailing spaces (zeros), so a short line is padded.
        if (line.Length - 1 > needed + 1 || line.Length - 1 < needed - 3)
        {
            return false;
        }
        Span<byte> quad = stackalloc byte[4];
        var written = 0;
        for (var at = 1; written < count; at += 4)
        {
            for (var k = 0; k < 4; k++)
            {
                quad[k] = at + k < line.Length ? Value(line[at + k]) : (byte)0;
            }
            Span<byte> three = [(byte)(quad[0] << 2 | quad[1] >> 4), (byte)(quad[1] << 4 | quad[2] >> 2), (byte)(quad[2] << 6 | quad[3])];
            var take = Math.Min(3, count - written);
            output.Write(three[..take]);
            written += take;
        }
        return true;
    }

    private static byte Value(char c) => (byte)((c - ' ') & 0x3F);

    [GeneratedRegex(@"^begin [0-7]{3,4} (\S.{0,250})$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex BeginLine();
}
