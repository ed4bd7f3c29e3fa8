using System.Text;
using System.Text.RegularExpressions;

namespace Rapport.Features.Mail.Parsing;

/// <summary>Walks the MIME tree choosing the text and HTML bodies and turning every other part into an attachment.</summary>
internal sealed partial class BodyCollector(List<string> defects, string? fallbackCharset)
{
    private readonly StringBuilder text = new();
    private readonly StringBuilder html = new();
    private bool hasText;
    private bool hasHtml;

    public List<MailAttachment> Attachments { get; } = [];

    public string? Text => hasText ? text.ToString() : null;

    public string? Html => hasHtml ? html.ToString() : null;

    public void Collect(MimeEntity entity)
    {
        if (entity.IsMultipart)
        {
            if (entity.ContentType.Value == "multipart/alternative")
            {
                CollectAlternative(entity);
            }
            else
            {
                foreach (var child in entity.Children)
                {
                    Collect(child);
                }
            }
            return;
        }
        var type = entity.ContentType.Value;
        if (type is "text/plain" or "text/html" && !IsAttachment(entity))
        {
            var body = DecodeText(entity);
            if (type == "text/plain")
            {
                AppendText(Uuencoded.Extract(body, Attachments));
            }
            else
            {
                AppendHtml(body);
            }
            return;
        }
        Attachments.Add(ToAttachment(entity));
    }

    /// <summary>Alternatives are ordered from plainest to richest: the last text and the last HTML win; attachments from all are kept.</summary>
    private void CollectAlternative(MimeEntity entity)
    {
        string? bestText = null, bestHtml = null;
        foreach (var child in entity.Children)
        {
            var sub = new BodyCollector(defects, fallbackCharset);
            sub.Collect(child);
            bestText = sub.Text ?? bestText;
            bestHtml = sub.Html ?? bestHtml;
            Attachments.AddRange(sub.Attachments);
        }
        if (bestText is not null)
        {
            AppendText(bestText);
        }
        if (bestHtml is not null)
        {
            AppendHtml(bestHtml);
        }
    }

    private void AppendText(string body)
    {
        if (hasText && body.Length > 0)
        {
            text.Append('\n');
        }
        text.Append(body);
        hasText = true;
    }

    private void AppendHtml(string body)
    {
        html.Append(body);
        hasHtml = true;
    }

    private static bool IsAttachment(MimeEntity entity) =>
        entity.Disposition?.Value == "attachment"
        || entity.Disposition?["filename"] is { Length: > 0 }
        || entity.ContentType["name"] is { Length: > 0 };

    public string DecodeText(MimeEntity entity)
    {
        var bytes = TransferDecoding.Decode(entity.Body.Span, entity.TransferEncoding, defects);
        var charset = entity.ContentType["charset"];
        if (string.IsNullOrWhiteSpace(charset) && entity.ContentType.Value == "text/html")
        {
            charset = MetaCharset(bytes);
        }
        var decoded = Charsets.Decode(bytes, charset).ReplaceLineEndings("\n");
        if (entity.ContentType.Value == "text/plain" && string.Equals(entity.ContentType["format"], "flowed", StringComparison.OrdinalIgnoreCase))
        {
            decoded = FlowedText.Unflow(decoded, string.Equals(entity.ContentType["delsp"], "yes", StringComparison.OrdinalIgnoreCase));
        }
        return decoded;
    }

    private static string? MetaCharset(byte[] bytes)
    {
        var head = Encoding.ASCII.GetString(bytes, 0, Math.Min(bytes.Length, 2048));
        var match = MetaCharsetPattern().Match(head);
        return match.Success ? match.Groups[1].Value : null;
    }

    [GeneratedRegex("""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_\-:.]+)""", RegexOptions.IgnoreCase, matchTimeoutMilliseconds: 1000)]
    private static partial Regex MetaCharsetPattern();

    private MailAttachment ToAttachment(MimeEntity entity)
    {
        var type = entity.ContentType.Value;
        var content = TransferDecoding.Decode(entity.Body.Span, entity.TransferEncoding, defects);
        var contentId = entity.ContentId(fallbackCharset);
        var inline = entity.Disposition?.Value == "inline" || (entity.Disposition is null && contentId is not null);
        var name = FileNames.Clean(entity.Disposition?["filename"] ?? entity.ContentType["name"]);
        name ??= FileNames.Synthesise(type, Attachments.Count + 1, type is "message/rfc822" or "message/global" ? InnerSubject(content) : null);
        return new MailAttachment(name, type, contentId, inline, content);
    }

    private static string? InnerSubject(byte[] message)
    {
        var (fields, _) = HeaderSection.Read(message, [], topLevel: false);
        return HeaderSection.Find(fields, "Subject") is { } s ? HeaderText.Unstructured(s.Value, null) : null;
    }
}
