using System.Text.RegularExpressions;
using AngleSharp.Html.Parser;

namespace Rapport.Features.Import;

/// <summary>
/// Imported HTML is kept as plain text only: until it passes the shared HTML sanitiser, no markup
/// from another system is stored. Block elements become line breaks so paragraphs stay readable.
/// </summary>
internal static partial class HtmlText
{
    private static readonly HtmlParser Parser = new();

    public static string From(string html)
    {
        var document = Parser.ParseDocument(html);
        foreach (var hidden in document.QuerySelectorAll("script, style, head, template").ToList())
        {
            hidden.Remove();
        }
        foreach (var block in document.QuerySelectorAll("br, p, div, li, tr, h1, h2, h3, h4, h5, h6, blockquote, pre").ToList())
        {
            block.Parent?.InsertBefore(document.CreateTextNode("\n"), block.NextSibling);
        }
        var text = document.Body?.TextContent ?? document.DocumentElement.TextContent;
        var lines = text.Replace("\r", "", StringComparison.Ordinal).Split('\n').Select(l => Spaces().Replace(l, " ").Trim());
        return BlankLines().Replace(string.Join('\n', lines), "\n\n").Trim();
    }

    [GeneratedRegex(@"[ \t\u00A0]+")]
    private static partial Regex Spaces();

    [GeneratedRegex(@"\n{3,}")]
    private static partial Regex BlankLines();
}
