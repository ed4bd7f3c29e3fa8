using System.Text.RegularExpressions;

namespace Rapport.Features.Mail.Ingest;

/// <summary>
/// Rewrites the cid: links of an HTML mail (RFC 2392: an image sent along in the same message) to
/// the URLs of the attachments those parts were stored as, so the console shows them under its CSP.
/// A cid: link that names no part of the message is left alone (the sanitiser keeps it, the browser
/// shows nothing).
/// </summary>
public static partial class InlineImages
{
    public static string Rewrite(string html, IReadOnlyDictionary<string, long> attachmentIdsByContentId)
    {
        if (attachmentIdsByContentId.Count == 0 || !html.Contains("cid:", StringComparison.OrdinalIgnoreCase))
        {
            return html;
        }
        try
        {
            return CidLink().Replace(html, match =>
            {
                var id = Key(match.Groups["id"].Value);
                return attachmentIdsByContentId.TryGetValue(id, out var attachment)
                    ? match.Groups["before"].Value + Url(attachment)
                    : match.Value;
            });
        }
        catch (RegexMatchTimeoutException)
        {
            // One odd message must not stop ingest: its inline images stay unlinked.
            return html;
        }
    }

    public static string Url(long attachmentId) => $"/api/v1/attachments/{attachmentId}";

    /// <summary>How a Content-ID and a cid: URL are compared: without angle brackets, URL-decoded, case-insensitive.</summary>
    public static string Key(string contentId)
    {
        var id = contentId.Trim().Trim('<', '>').Trim();
        try
        {
            id = Uri.UnescapeDataString(id);
        }
        catch (UriFormatException)
        {
            // Not valid %-encoding: compare it as written.
        }
        return id.ToLowerInvariant();
    }

    [GeneratedRegex(@"(?<before>\bsrc\s*=\s*[""']?\s*)cid:(?<id>[^""'\s>]+)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 2000)]
    private static partial Regex CidLink();
}
