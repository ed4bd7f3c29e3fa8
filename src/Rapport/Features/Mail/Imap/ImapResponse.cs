using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Rapport.Features.Mail.Imap;

/// <summary>
/// One IMAP response: its text with each literal replaced by <c>{#n}</c>, and the literals' bytes.
/// A FETCH of a message body is one response whose body is literal 0.
/// </summary>
public sealed partial record ImapResponse(string Text, IReadOnlyList<byte[]> Literals)
{
    public bool IsUntagged => Text.StartsWith("* ", StringComparison.Ordinal);

    public bool IsContinuation => Text.StartsWith('+');

    /// <summary>The status word of a tagged or untagged status response (OK, NO, BAD, BYE, PREAUTH), upper case, or null.</summary>
    public string? Status(string? tag = null)
    {
        var prefix = tag is null ? "* " : tag + " ";
        if (!Text.StartsWith(prefix, StringComparison.Ordinal))
        {
            return null;
        }
        var rest = Text.AsSpan(prefix.Length);
        var space = rest.IndexOf(' ');
        return (space < 0 ? rest : rest[..space]).ToString().ToUpperInvariant();
    }

    /// <summary>A number that follows <paramref name="keyword"/> (UIDVALIDITY, UIDNEXT, UID), or null.</summary>
    public long? Number(string keyword)
    {
        var match = NumberAfter().Match(Text);
        for (; match.Success; match = match.NextMatch())
        {
            if (string.Equals(match.Groups[1].Value, keyword, StringComparison.OrdinalIgnoreCase))
            {
                return long.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture);
            }
        }
        return null;
    }

    /// <summary>For <c>* n WORD</c> responses (EXISTS, EXPUNGE, FETCH): the number, when the word matches.</summary>
    public long? Counted(string word)
    {
        var match = CountedPattern().Match(Text);
        return match.Success && string.Equals(match.Groups[2].Value, word, StringComparison.OrdinalIgnoreCase)
            ? long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : null;
    }

    /// <summary>Reads one response, following literals (<c>{n}</c> at the end of a line) into the next line.</summary>
    internal static async Task<ImapResponse?> ReadAsync(Mailboxes.MailConnection connection, int maxLiteralBytes, CancellationToken ct)
    {
        var first = await connection.ReadLineAsync(ct);
        if (first is null)
        {
            return null;
        }
        var text = new StringBuilder(first);
        var literals = new List<byte[]>();
        while (LiteralAtEnd().Match(text.ToString()) is { Success: true } literal)
        {
            var size = long.Parse(literal.Groups[1].Value, CultureInfo.InvariantCulture);
            if (size > maxLiteralBytes)
            {
                throw new IOException($"The server offered a literal of {size} bytes, over the limit of {maxLiteralBytes}.");
            }
            text.Length = literal.Index;
            text.Append(CultureInfo.InvariantCulture, $"{{#{literals.Count}}}");
            literals.Add(await connection.ReadExactAsync((int)size, ct));
            text.Append(await connection.ReadLineAsync(ct) ?? throw new IOException("The connection closed after a literal."));
        }
        return new ImapResponse(text.ToString(), literals);
    }

    [GeneratedRegex(@"\{(\d{1,10})\+?\}$", RegexOptions.CultureInvariant)]
    private static partial Regex LiteralAtEnd();

    [GeneratedRegex(@"([A-Za-z\-]+) (\d{1,20})\b", RegexOptions.CultureInvariant)]
    private static partial Regex NumberAfter();

    [GeneratedRegex(@"^\* (\d{1,20}) ([A-Za-z]+)", RegexOptions.CultureInvariant)]
    private static partial Regex CountedPattern();
}

/// <summary>The server answered a command with NO or BAD.</summary>
public sealed class ImapCommandException(string command, string status, string text)
    : Exception($"IMAP {command} failed: {status} {text}")
{
    public string Status { get; } = status;
}
