using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.AspNetCore.Components;

namespace Rapport.Features.AgentConsole;

/// <summary>
/// Puts user-written text into a translated sentence. Word order differs between languages, so
/// the sentence is a format string; both it and the text are encoded, and the text is isolated
/// in &lt;bdi&gt; so a Latin name inside Persian (or the reverse) keeps its own direction.
/// </summary>
public static class ConsoleHtml
{
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    public static MarkupString Sentence(string template, string? userText) =>
        new(string.Format(CultureInfo.InvariantCulture, Encoder.Encode(template), $"<bdi>{Encoder.Encode(userText ?? "")}</bdi>"));
}
