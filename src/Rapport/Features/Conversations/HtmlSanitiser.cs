using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace Rapport.Features.Conversations;

/// <summary>
/// Reduces untrusted HTML (mail bodies, portal and API messages) to an allow-list of harmless
/// elements and attributes. Anything not on the list is unwrapped (its text kept) or, for elements
/// whose content is code or chrome, dropped with its content. The browser-side CSP and the
/// sandboxed frame are the second and third lines of defence, not the first.
/// </summary>
public static partial class HtmlSanitiser
{
    private static readonly HashSet<string> Allowed = new(StringComparer.Ordinal)
    {
        "p", "br", "div", "span", "b", "strong", "i", "em", "u", "s", "blockquote", "pre", "code",
        "ul", "ol", "li", "a", "img", "h1", "h2", "h3", "h4", "h5", "h6",
        "table", "thead", "tbody", "tfoot", "tr", "td", "th", "hr",
    };

    // Code, embedded content, form controls and document chrome: their content is not text a reader wants.
    private static readonly HashSet<string> DroppedWithContent = new(StringComparer.Ordinal)
    {
        "script", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "param",
        "form", "input", "button", "select", "option", "optgroup", "textarea", "datalist", "output",
        "noscript", "noembed", "noframes", "template", "xmp", "plaintext", "title", "head", "meta", "link", "base",
        "audio", "video", "source", "track", "canvas", "picture", "svg", "math", "dialog", "portal", "slot",
    };

    private static readonly Dictionary<string, HashSet<string>> AllowedAttributes = new(StringComparer.Ordinal)
    {
        ["a"] = new(StringComparer.Ordinal) { "href" },
        ["img"] = new(StringComparer.Ordinal) { "src", "alt", "width", "height" },
        ["td"] = new(StringComparer.Ordinal) { "colspan", "rowspan" },
        ["th"] = new(StringComparer.Ordinal) { "colspan", "rowspan" },
        ["ol"] = new(StringComparer.Ordinal) { "start" },
    };

    private static readonly HashSet<string> LinkSchemes = new(StringComparer.OrdinalIgnoreCase) { "http", "https", "mailto" };

    /// <summary>Returns the sanitised HTML fragment (possibly empty).</summary>
    /// <param name="allowRemoteImages">
    /// Keep https images from other sites (which tell the sender the mail was read); only when an
    /// agent chose to load them for one message. Stored HTML never has them.
    /// </param>
    public static string Sanitise(string html, bool allowRemoteImages = false)
    {
        // A second pass over our own output guards against markup that re-parses differently
        // from how it was first parsed (mutation XSS): what we store is a fixed point.
        var once = SanitiseOnce(html, allowRemoteImages);
        return SanitiseOnce(once, allowRemoteImages);
    }

    /// <summary>Plain text of an HTML fragment: block elements become line breaks, runs of white space collapse.</summary>
    public static string ToText(string html)
    {
        var body = Parse(html);
        return HtmlText.Of(body);
    }

    private static string SanitiseOnce(string html, bool allowRemoteImages)
    {
        var body = Parse(html);
        Clean(body, allowRemoteImages);
        return body.InnerHtml.Trim();
    }

    private static IElement Parse(string html)
    {
        // Parse as a browser with scripting on would, so noscript and friends mean what they will mean to the reader.
        var parser = new HtmlParser(new HtmlParserOptions { IsScripting = true });
        var document = parser.ParseDocument(html);
        return document.Body ?? document.CreateElement("body");
    }

    private static void Clean(INode parent, bool remoteImages)
    {
        foreach (var child in parent.ChildNodes.ToList())
        {
            switch (child)
            {
                case IElement element:
                    CleanElement(parent, element, remoteImages);
                    break;
                case IText:
                    break;
                default:
                    // Comments, processing instructions, doctypes: nothing a reader sees.
                    parent.RemoveChild(child);
                    break;
            }
        }
    }

    private static void CleanElement(INode parent, IElement element, bool remoteImages)
    {
        var name = element.LocalName;
        if (element.NamespaceUri != NamespaceNames.HtmlUri || DroppedWithContent.Contains(name))
        {
            parent.RemoveChild(element);
            return;
        }
        Clean(element, remoteImages);
        if (!Allowed.Contains(name))
        {
            foreach (var grandchild in element.ChildNodes.ToList())
            {
                parent.InsertBefore(grandchild, element);
            }
            parent.RemoveChild(element);
            return;
        }
        if (!CleanAttributes(element, remoteImages))
        {
            parent.RemoveChild(element);
        }
    }

    /// <summary>Keeps only allowed attributes with safe values; false when the element itself must go.</summary>
    private static bool CleanAttributes(IElement element, bool remoteImages)
    {
        var name = element.LocalName;
        AllowedAttributes.TryGetValue(name, out var allowed);
        foreach (var attribute in element.Attributes.ToList())
        {
            var attributeName = attribute.Name;
            var keep = attributeName switch
            {
                "dir" => attribute.Value.Trim().ToLowerInvariant() is "ltr" or "rtl" or "auto",
                "lang" => LangPattern().IsMatch(attribute.Value),
                "width" or "height" or "colspan" or "rowspan" or "start" => allowed?.Contains(attributeName) == true && NumberPattern().IsMatch(attribute.Value),
                _ => allowed?.Contains(attributeName) == true,
            };
            if (!keep)
            {
                element.RemoveAttribute(attribute.NamespaceUri, attribute.LocalName);
            }
        }
        if (name == "a")
        {
            var href = element.GetAttribute("href");
            var safe = href is null ? null : SafeLink(href);
            if (safe is null)
            {
                element.RemoveAttribute("href");
            }
            else
            {
                element.SetAttribute("href", safe);
                element.SetAttribute("rel", "noopener noreferrer nofollow");
                element.SetAttribute("target", "_blank");
            }
        }
        if (name == "img")
        {
            var src = element.GetAttribute("src");
            if (src is null || !IsSafeImageSource(src) && !(remoteImages && IsRemoteImage(src)))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>An absolute http, https or mailto address, normalised; null for anything else.</summary>
    public static string? SafeLink(string href)
    {
        // Browsers ignore leading and trailing control characters and spaces and remove tabs and
        // newlines anywhere, so "java\tscript:" is javascript: to them; judge the URL as they read it.
        var cleaned = StripForUrl(href);
        if (!Uri.TryCreate(cleaned, UriKind.Absolute, out var uri) || !LinkSchemes.Contains(uri.Scheme))
        {
            return null;
        }
        return uri.AbsoluteUri;
    }

    private static bool IsSafeImageSource(string src)
    {
        var cleaned = StripForUrl(src);
        return cleaned.StartsWith("cid:", StringComparison.OrdinalIgnoreCase) && cleaned.Length > 4
            || DataImagePattern().IsMatch(cleaned)
            || StoredAttachmentPattern().IsMatch(cleaned);
    }

    private static bool IsRemoteImage(string src) =>
        Uri.TryCreate(StripForUrl(src), UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps;

    private static string StripForUrl(string value) =>
        new string(value.Where(c => c > ' ' && c != '\u007F').ToArray());

    // Raster images only: an SVG data URL can carry script if it is ever opened as a document.
    [GeneratedRegex(@"^data:image/(png|jpeg|jpg|gif|webp|bmp);base64,[A-Za-z0-9+/=]+$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DataImagePattern();

    // An inline image of a mail, stored at ingest: same origin, so the CSP's img-src 'self' allows it.
    [GeneratedRegex(@"^/api/v1/attachments/[0-9]{1,19}$", RegexOptions.CultureInvariant)]
    private static partial Regex StoredAttachmentPattern();

    [GeneratedRegex(@"^\s*\d{1,5}%?\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex NumberPattern();

    [GeneratedRegex(@"^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$", RegexOptions.CultureInvariant)]
    private static partial Regex LangPattern();
}
