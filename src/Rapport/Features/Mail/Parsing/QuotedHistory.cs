using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace Rapport.Features.Mail.Parsing;

public sealed record QuotedSplit(string NewPart, string? History);

/// <summary>
/// Separates what the sender wrote now from the history their mail client quoted below it, so the
/// agent reads the new part and can unfold the rest. When in doubt nothing is split: hiding a
/// customer's words is worse than showing a quote twice.
/// </summary>
public static partial class QuotedHistory
{
    /// <summary>Longer bodies are not searched for a split (the cost would be the worker's, the benefit small).</summary>
    private const int MaxLength = 2_000_000;

    public static QuotedSplit SplitText(string text)
    {
        if (string.IsNullOrEmpty(text) || text.Length > MaxLength)
        {
            return new QuotedSplit(text ?? "", null);
        }
        var lines = text.ReplaceLineEndings("\n").Split('\n');
        var at = FindTextMarker(lines);
        if (at <= 0)
        {
            return new QuotedSplit(text, null);
        }
        var newPart = string.Join('\n', lines[..at]).TrimEnd();
        if (newPart.Length == 0)
        {
            return new QuotedSplit(text, null);
        }
        return new QuotedSplit(newPart, string.Join('\n', lines[at..]).Trim('\n'));
    }

    private static int FindTextMarker(string[] lines)
    {
        for (var i = 0; i < lines.Length; i++)
        {
            var line = Plain(lines[i]);
            if (line.Length == 0)
            {
                continue;
            }
            if (SeparatorLine().IsMatch(line))
            {
                return i;
            }
            if (IsOutlookHeaderBlock(lines, i))
            {
                // Include the "____" rule Outlook draws above the block.
                return i > 0 && Plain(lines[i - 1]).StartsWith("____", StringComparison.Ordinal) ? i - 1 : i;
            }
            if (ForwardSeparator().IsMatch(line))
            {
                // What follows a forward marker is the content being forwarded, not history to hide.
                return -1;
            }
            if (Attribution().IsMatch(line))
            {
                return i;
            }
            // "On … <" wrapped by the client before "address> wrote:": join the next non-empty lines.
            var joined = line;
            for (var k = 1; k < 3 && i + k < lines.Length && Plain(lines[i + k]).Length > 0; k++)
            {
                joined += " " + Plain(lines[i + k]);
                if (joined.Length < 400 && WrappedAttribution().IsMatch(joined))
                {
                    return i;
                }
            }
            if (line.StartsWith('>') && RestIsQuoted(lines, i))
            {
                return AttributionAbove(lines, i);
            }
        }
        return -1;
    }

    /// <summary>A trailing '>' block counts as history only when no new text follows it (interleaved answers stay whole).</summary>
    private static bool RestIsQuoted(string[] lines, int from)
    {
        for (var k = from; k < lines.Length; k++)
        {
            var line = Plain(lines[k]);
            if (line.Length > 0 && !line.StartsWith('>'))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>"John wrote:" just above the quote belongs to the history too.</summary>
    private static int AttributionAbove(string[] lines, int quoteStart)
    {
        var k = quoteStart - 1;
        while (k >= 0 && Plain(lines[k]).Length == 0)
        {
            k--;
        }
        return k >= 0 && LooseAttribution().IsMatch(Plain(lines[k])) ? k : quoteStart;
    }

    /// <summary>Outlook's "From: … / Sent: … / To: … / Subject: …" block, in the languages our customers write in.</summary>
    private static bool IsOutlookHeaderBlock(string[] lines, int i)
    {
        if (!OutlookFrom().IsMatch(Plain(lines[i])))
        {
            return false;
        }
        var matches = 0;
        for (var k = i + 1; k < lines.Length && k <= i + 6; k++)
        {
            if (OutlookField().IsMatch(Plain(lines[k])))
            {
                matches++;
            }
        }
        return matches >= 2;
    }

    /// <summary>Without bidi marks and surrounding whitespace: Persian clients put RLM/LRM around dates and names.</summary>
    private static string Plain(string line)
    {
        var trimmed = line.Trim().Trim('\u200E', '\u200F', '\u202A', '\u202B', '\u202C', '\u2066', '\u2067', '\u2068', '\u2069', '*').Trim();
        return trimmed.Length > 1000 ? trimmed[..1000] : trimmed;
    }

    [GeneratedRegex(@"^(-{2,}\s*(Original Message|Ursprüngliche Nachricht|Message d'origine|Mensaje original|Исходное сообщение|پیام اصلی|Բնօրինակ հաղորդագրություն)\s*-{2,}|_{20,})$", RegexOptions.IgnoreCase, matchTimeoutMilliseconds: 1000)]
    private static partial Regex SeparatorLine();

    [GeneratedRegex(@"^(From|De|Von|Da|Van|От|از|فرستنده|Ումից|Ուղարկող)\s*:", RegexOptions.IgnoreCase, matchTimeoutMilliseconds: 1000)]
    private static partial Regex OutlookFrom();

    [GeneratedRegex(@"^(Sent|Date|To|Cc|Subject|Envoyé|Objet|À|Gesendet|Betreff|An|Enviado|Asunto|Para|Отправлено|Тема|Кому|ارسال شده|ارسال|تاریخ|به|موضوع|Ուղարկված|Ամսաթիվ|Ում|Թեմա)\s*:", RegexOptions.IgnoreCase, matchTimeoutMilliseconds: 1000)]
    private static partial Regex OutlookField();

    /// <summary>
    /// Gmail, Apple Mail, Thunderbird and mobile clients: "On … wrote:" and its translations, including
    /// Persian «در تاریخ … نوشت:» and Armenian «… գրել է՝».
    /// </summary>
    [GeneratedRegex(@"^(On\s.{4,}\swrote\s?:|Le\s.{4,}\sa écrit\s?:|Am\s.{4,}schrieb.{0,80}:|El\s.{4,}escribió\s?:|.{4,}\sнаписал(\(а\))?\s?:|(در تاریخ|در)\s.*[0-9۰-۹].*نوشت\s?:?|.{4,}[0-9۰-۹].*\s(گفت|نوشته است)\s?:|.{4,}[0-9].*\sգր(ել է|եց)[՝:.]?)$", RegexOptions.IgnoreCase | RegexOptions.Singleline, matchTimeoutMilliseconds: 1000)]
    private static partial Regex Attribution();

    /// <summary>Only the attributions that start with a fixed word are looked for across wrapped lines.</summary>
    [GeneratedRegex(@"^(On\s.{4,}\swrote\s?:|Le\s.{4,}\sa écrit\s?:|Am\s.{4,}schrieb.{0,80}:|El\s.{4,}escribió\s?:|در تاریخ\s.*[0-9۰-۹].*نوشت\s?:?)$", RegexOptions.IgnoreCase | RegexOptions.Singleline, matchTimeoutMilliseconds: 1000)]
    private static partial Regex WrappedAttribution();

    [GeneratedRegex(@"^(-{3,}\s*(Forwarded message|Weitergeleitete Nachricht|Message transféré|Mensaje reenviado|Пересылаемое сообщение|پیام بازارسال شده|پیام هدایت شده|Վերահասցեավորված հաղորդագրություն)\s*-{3,}|Begin forwarded message:|Début du message réexpédié :)$", RegexOptions.IgnoreCase, matchTimeoutMilliseconds: 1000)]
    private static partial Regex ForwardSeparator();

    [GeneratedRegex(@"Forwarded message|Begin forwarded message|Weitergeleitete Nachricht|Message transféré|Mensaje reenviado|پیام بازارسال شده|پیام هدایت شده|Վերահասցեավորված", RegexOptions.IgnoreCase, matchTimeoutMilliseconds: 1000)]
    private static partial Regex ForwardWording();

    [GeneratedRegex(@"(wrote|a écrit|schrieb|escribió|написал|نوشت|գրել է|գրեց)\s?[:՝.]?$", RegexOptions.IgnoreCase, matchTimeoutMilliseconds: 1000)]
    private static partial Regex LooseAttribution();

    private static readonly HtmlParser Parser = new();

    /// <summary>
    /// The first quote container in document order — Gmail's gmail_quote, Apple's and Thunderbird's
    /// blockquote type=cite (with Thunderbird's moz-cite-prefix line), Outlook's divRplyFwdMsg,
    /// OutlookMessageHeader or its bordered header block — and everything after it is history.
    /// </summary>
    public static QuotedSplit SplitHtml(string html)
    {
        if (string.IsNullOrEmpty(html) || html.Length > MaxLength)
        {
            return new QuotedSplit(html ?? "", null);
        }
        var document = Parser.ParseDocument(html);
        var body = document.Body;
        if (body is null)
        {
            return new QuotedSplit(html, null);
        }
        var marker = FindHtmlMarker(body);
        if (marker is null)
        {
            return new QuotedSplit(html, null);
        }
        // The marker and everything after it in document order: its following siblings, then its
        // parent's following siblings, up to the body.
        var history = new List<INode> { marker };
        for (INode node = marker; node != body && node.Parent is { } parent; node = parent)
        {
            for (var next = node.NextSibling; next is not null; next = next.NextSibling)
            {
                history.Add(next);
            }
        }
        foreach (var node in history)
        {
            node.RemoveFromParent();
        }
        var newPart = body.TextContent.Trim().Length == 0 && body.QuerySelector("img") is null ? null : body.InnerHtml;
        if (newPart is null)
        {
            return new QuotedSplit(html, null);
        }
        return new QuotedSplit(newPart.Trim(), string.Concat(history.Select(Outer)).Trim());
    }

    private static string Outer(INode node) => node switch
    {
        IElement element => element.OuterHtml,
        _ => System.Net.WebUtility.HtmlEncode(node.TextContent),
    };

    private static IElement? FindHtmlMarker(IElement body)
    {
        var found = body.QuerySelector(
            "div.gmail_quote, div.gmail_quote_container, div.moz-cite-prefix, blockquote[type=cite], #divRplyFwdMsg, div.OutlookMessageHeader, #appendonsend, div.yahoo_quoted, hr#stopSpelling, #mail-editor-reference-message-container");
        var outlookBorder = body.QuerySelectorAll("div[style]")
            .FirstOrDefault(d => d.GetAttribute("style") is { } style
                && style.Replace(" ", "", StringComparison.Ordinal).Contains("border-top:solid#E1E1E1", StringComparison.OrdinalIgnoreCase)
                || d.GetAttribute("style") is { } s2 && s2.Replace(" ", "", StringComparison.Ordinal).Contains("border-top:solid#B5C4DF", StringComparison.OrdinalIgnoreCase));
        if (outlookBorder is not null && (found is null || outlookBorder.CompareDocumentPosition(found).HasFlag(DocumentPositions.Following)))
        {
            // Outlook desktop draws its "From: … Sent: …" block inside a bordered div; the div's parent paragraph holds it.
            found = outlookBorder.ParentElement is { LocalName: "div" } p && p.Children.Length == 1 ? p : outlookBorder;
        }
        if (found is { LocalName: "hr" } && found.ParentElement is { } hrParent && hrParent != body)
        {
            return found;
        }
        if (found is null)
        {
            return null;
        }
        var opening = found.TextContent.TrimStart();
        if (ForwardWording().IsMatch(opening.Length > 300 ? opening[..300] : opening))
        {
            // Gmail wraps a forwarded message in the same gmail_quote as a reply: it is content, not history.
            return null;
        }
        // Apple Mail and Gmail mobile put the attribution line just before the blockquote.
        if (found.LocalName == "blockquote" && found.PreviousElementSibling is { } previous && LooseAttribution().IsMatch(Plain(previous.TextContent)))
        {
            return previous;
        }
        return found;
    }
}
