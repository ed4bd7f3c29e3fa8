using System.Text;
using AngleSharp.Dom;

namespace Rapport.Features.Conversations;

/// <summary>
/// The readable text of an HTML tree, for the plain-text copy of a message (search, notifications,
/// text-only channels): paragraphs and other blocks on their own lines, list items marked, white
/// space collapsed except inside <c>pre</c>.
/// </summary>
internal static class HtmlText
{
    private static readonly HashSet<string> Blocks = new(StringComparer.Ordinal)
    {
        "p", "div", "blockquote", "pre", "ul", "ol", "li", "h1", "h2", "h3", "h4", "h5", "h6",
        "table", "thead", "tbody", "tfoot", "tr", "hr", "section", "article", "header", "footer",
    };

    public static string Of(INode root)
    {
        var text = new StringBuilder();
        Walk(root, text, preformatted: false);
        return Tidy(text.ToString());
    }

    private static void Walk(INode node, StringBuilder text, bool preformatted)
    {
        foreach (var child in node.ChildNodes)
        {
            switch (child)
            {
                case IText t:
                    AppendText(text, t.Data, preformatted);
                    break;
                case IElement e when e.NamespaceUri == NamespaceNames.HtmlUri:
                    var name = e.LocalName;
                    if (name is "script" or "style" or "template" or "head" or "title")
                    {
                        break;
                    }
                    if (name == "br")
                    {
                        text.Append('\n');
                        break;
                    }
                    if (name == "img")
                    {
                        var alt = e.GetAttribute("alt");
                        if (!string.IsNullOrWhiteSpace(alt))
                        {
                            AppendText(text, alt, preformatted: false);
                        }
                        break;
                    }
                    var block = Blocks.Contains(name);
                    if (block)
                    {
                        text.Append('\n');
                    }
                    if (name == "li")
                    {
                        text.Append("- ");
                    }
                    if (name is "td" or "th")
                    {
                        text.Append(' ');
                    }
                    Walk(e, text, preformatted || name == "pre");
                    if (name == "a" && e.GetAttribute("href") is { } href && href.StartsWith("http", StringComparison.OrdinalIgnoreCase)
                        && !e.TextContent.Contains(href, StringComparison.Ordinal))
                    {
                        text.Append(" (").Append(href).Append(')');
                    }
                    if (block)
                    {
                        text.Append('\n');
                    }
                    break;
            }
        }
    }

    private static void AppendText(StringBuilder text, string data, bool preformatted)
    {
        if (preformatted)
        {
            text.Append(data);
            return;
        }
        foreach (var c in data)
        {
            if (char.IsWhiteSpace(c) && c != '\u00A0')
            {
                if (text.Length > 0 && text[^1] is not (' ' or '\n'))
                {
                    text.Append(' ');
                }
            }
            else
            {
                text.Append(c);
            }
        }
    }

    /// <summary>Trims each line and drops empty ones.</summary>
    private static string Tidy(string raw) =>
        string.Join('\n', raw.Split('\n').Select(l => l.Trim(' ', '\t', '\r')).Where(l => l.Length > 0));
}
