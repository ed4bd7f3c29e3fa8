using System.Text;

namespace Rapport.Features.Mail.Parsing;

/// <summary>
/// RFC 5322 address lists as senders actually write them: groups, quoted and encoded display names,
/// "addr (Name)" comments, ';' between addresses, and unquoted "Last, First &lt;addr&gt;" names.
/// </summary>
internal static class AddressList
{
    private const int MaxAddresses = 1000;

    public static List<MailboxAddress> Parse(string text)
    {
        var result = new List<MailboxAddress>();
        string? carried = null;
        foreach (var piece in SplitTopLevel(text))
        {
            if (result.Count >= MaxAddresses)
            {
                break;
            }
            var item = carried is null ? piece : carried + "," + piece;
            carried = null;
            var trimmed = item.Trim();
            if (trimmed.Length == 0)
            {
                continue;
            }
            if (!trimmed.Contains('@', StringComparison.Ordinal) && !trimmed.Contains('<', StringComparison.Ordinal))
            {
                // "Doe, John <j@x>" split at the comma: join the name part with what follows.
                carried = item;
                continue;
            }
            if (One(trimmed) is { } address)
            {
                result.Add(address);
            }
        }
        if (carried is not null && One(carried.Trim()) is { } last && last.Address.Length > 0 && !last.Address.Contains(' ', StringComparison.Ordinal))
        {
            // A lone local name such as "MAILER-DAEMON" or "postmaster".
            result.Add(last);
        }
        return result;
    }

    /// <summary>Splits at ',' and ';' outside quotes, angle brackets and comments; drops group names ("team: a, b;").</summary>
    private static IEnumerable<string> SplitTopLevel(string text)
    {
        var sb = new StringBuilder();
        bool quoted = false, angle = false;
        var comment = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '\\' && i + 1 < text.Length)
                {
                    sb.Append(c).Append(text[++i]);
                    continue;
                }
                if (c == '"')
                {
                    quoted = false;
                }
                sb.Append(c);
                continue;
            }
            switch (c)
            {
                case '"' when comment == 0:
                    quoted = true;
                    break;
                case '(' when !angle:
                    comment++;
                    break;
                case ')' when comment > 0:
                    comment--;
                    break;
                case '<' when comment == 0:
                    angle = true;
                    break;
                case '>' when comment == 0:
                    angle = false;
                    break;
                case ':' when comment == 0 && !angle && !sb.ToString().Contains('@', StringComparison.Ordinal):
                    // A group name: what came before is its label, not an address.
                    sb.Clear();
                    continue;
                case ',' or ';' when comment == 0 && !angle:
                    yield return sb.ToString();
                    sb.Clear();
                    continue;
            }
            sb.Append(c);
        }
        yield return sb.ToString();
    }

    private static MailboxAddress? One(string item)
    {
        var lt = item.LastIndexOf('<');
        string address;
        string? name;
        if (lt >= 0)
        {
            var gt = item.IndexOf('>', lt);
            address = (gt < 0 ? item[(lt + 1)..] : item[(lt + 1)..gt]).Trim();
            name = Phrase(item[..lt]);
            if (string.IsNullOrEmpty(name) && gt >= 0)
            {
                name = Phrase(CommentText(item[(gt + 1)..]) ?? "");
            }
        }
        else
        {
            var open = item.IndexOf('(', StringComparison.Ordinal);
            address = (open < 0 ? item : item[..open]).Trim();
            name = open < 0 ? null : Phrase(CommentText(item[open..]) ?? "");
        }
        address = CleanAddress(address);
        if (address.Length == 0)
        {
            return null;
        }
        return new MailboxAddress(address, string.IsNullOrWhiteSpace(name) ? null : name);
    }

    private static string? CommentText(string text)
    {
        var open = text.IndexOf('(', StringComparison.Ordinal);
        var close = text.LastIndexOf(')');
        return open < 0 ? null : close > open ? text[(open + 1)..close] : text[(open + 1)..];
    }

    /// <summary>A display name: unquoted, unescaped, encoded words decoded (also inside quotes, which senders do).</summary>
    private static string Phrase(string text)
    {
        var sb = new StringBuilder(text.Length);
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\\' && quoted && i + 1 < text.Length)
            {
                sb.Append(text[++i]);
            }
            else if (c == '"')
            {
                quoted = !quoted;
            }
            else
            {
                sb.Append(c);
            }
        }
        var decoded = HeaderText.WithoutControls(HeaderText.DecodeWords(sb.ToString())).Trim();
        if (decoded.Length >= 2 && decoded[0] == '\'' && decoded[^1] == '\'')
        {
            // Outlook's 'Name' quoting.
            decoded = decoded[1..^1].Trim();
        }
        return decoded;
    }

    private static string CleanAddress(string address)
    {
        var sb = new StringBuilder(address.Length);
        foreach (var c in address)
        {
            if (!char.IsWhiteSpace(c) && !char.IsControl(c) && c is not ('"' or '<' or '>'))
            {
                sb.Append(c);
            }
        }
        var result = sb.ToString();
        if (result.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase))
        {
            result = result[7..];
        }
        return result.Length > 320 ? result[..320] : result;
    }
}
