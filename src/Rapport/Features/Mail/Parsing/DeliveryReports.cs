using System.Text.RegularExpressions;

namespace Rapport.Features.Mail.Parsing;

/// <summary>
/// Bounces: RFC 3464 multipart/report delivery-status notifications (Postfix, Exchange, Gmail), and the
/// older plain-text kind (Exim's X-Failed-Recipients, qmail's copy of the message in the body).
/// </summary>
internal static partial class DeliveryReports
{
    public static DeliveryReport? Read(MimeEntity root, List<HeaderField> fields, BodyCollector content, string? fallback, List<string> defects)
    {
        var report = root.DescendantsAndSelf().FirstOrDefault(e =>
            e.ContentType.Value == "multipart/report"
            && (e.ContentType["report-type"] is not { } type || type.Equals("delivery-status", StringComparison.OrdinalIgnoreCase) || type.Equals("global-delivery-status", StringComparison.OrdinalIgnoreCase))
            && e.Children.Any(c => c.ContentType.Value is "message/delivery-status" or "message/global-delivery-status"));
        if (report is not null)
        {
            return FromReport(report, defects);
        }
        return FromPlainBounce(root, fields, content, fallback, defects);
    }

    private static DeliveryReport FromReport(MimeEntity report, List<string> defects)
    {
        var status = report.Children.First(c => c.ContentType.Value is "message/delivery-status" or "message/global-delivery-status");
        var bytes = TransferDecoding.Decode(status.Body.Span, status.TransferEncoding, defects);
        var failed = new List<string>();
        var permanent = false;
        string? diagnostic = null;
        foreach (var block in Blocks(bytes))
        {
            var action = Value(block, "Action")?.ToLowerInvariant();
            var code = Value(block, "Status");
            var recipient = Recipient(Value(block, "Final-Recipient")) ?? Recipient(Value(block, "Original-Recipient"));
            if (recipient is null)
            {
                continue;
            }
            var isFailure = action is "failed" or "delayed" || (action is null && code is ['4' or '5', ..]);
            if (!isFailure)
            {
                continue;
            }
            if (!failed.Contains(recipient, StringComparer.OrdinalIgnoreCase))
            {
                failed.Add(recipient);
            }
            permanent |= action == "failed" || code is ['5', ..];
            diagnostic ??= DiagnosticText(Value(block, "Diagnostic-Code")) ?? code;
        }
        return new DeliveryReport(OriginalMessageId(report), failed, permanent, diagnostic);
    }

    private static string? OriginalMessageId(MimeEntity report)
    {
        var returned = report.Children.FirstOrDefault(c => c.ContentType.Value is "message/rfc822" or "text/rfc822-headers" or "message/global" or "message/global-headers");
        if (returned is null)
        {
            return null;
        }
        var bytes = TransferDecoding.Decode(returned.Body.Span, returned.TransferEncoding, []);
        var (fields, _) = HeaderSection.Read(bytes, [], topLevel: false);
        return HeaderSection.Find(fields, "Message-ID") is { } id ? MessageIds.First(HeaderText.Raw(id.Value, null)) : null;
    }

    private static DeliveryReport? FromPlainBounce(MimeEntity root, List<HeaderField> fields, BodyCollector content, string? fallback, List<string> defects)
    {
        var failedHeader = string.Join(',', fields.Where(f => f.Is("X-Failed-Recipients")).Select(f => HeaderText.Raw(f.Value, fallback)));
        var from = HeaderSection.Find(fields, "From") is { } f ? AddressList.Parse(HeaderText.Raw(f.Value, fallback)).FirstOrDefault() : null;
        if (failedHeader.Length == 0 && !AutoReplies.IsDaemon(from))
        {
            return null;
        }
        string? originalId = null;
        foreach (var entity in root.DescendantsAndSelf())
        {
            if (entity.ContentType.Value is "message/rfc822" or "text/rfc822-headers")
            {
                var bytes = TransferDecoding.Decode(entity.Body.Span, entity.TransferEncoding, []);
                var (inner, _) = HeaderSection.Read(bytes, [], topLevel: false);
                originalId = HeaderSection.Find(inner, "Message-ID") is { } id ? MessageIds.First(HeaderText.Raw(id.Value, null)) : null;
                if (originalId is not null)
                {
                    break;
                }
            }
        }
        var text = content.Text ?? "";
        if (originalId is null && QuotedMessageId().Match(text) is { Success: true } match)
        {
            originalId = match.Groups[1].Value;
        }
        var failed = AddressList.Parse(failedHeader).Select(a => a.Address).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (failed.Count == 0 && originalId is null)
        {
            return null;
        }
        var subject = HeaderSection.Find(fields, "Subject") is { } s ? HeaderText.Unstructured(s.Value, fallback) : "";
        var transient = TransientWording().IsMatch(subject) || TransientWording().IsMatch(text.Length > 4000 ? text[..4000] : text);
        var diagnostic = SmtpReply().Match(text.Length > 20000 ? text[..20000] : text) is { Success: true } reply ? reply.Value.Trim() : null;
        return new DeliveryReport(originalId, failed, !transient, diagnostic);
    }

    private static IEnumerable<List<HeaderField>> Blocks(byte[] bytes)
    {
        ReadOnlyMemory<byte> rest = bytes;
        var guard = 0;
        while (!rest.IsEmpty && guard++ < 1000)
        {
            var (fields, body) = HeaderSection.Read(rest, [], topLevel: false);
            if (fields.Count > 0)
            {
                yield return fields;
            }
            if (body.Length >= rest.Length)
            {
                // A line that is not a field: step over it.
                HeaderSection.LineEnd(rest.Span, 0, out var next);
                body = rest[next..];
            }
            rest = body;
        }
    }

    private static string? Value(List<HeaderField> block, string name) =>
        HeaderSection.Find(block, name) is { } field ? HeaderText.Raw(field.Value, null) : null;

    /// <summary>"rfc822; user@example.com" → user@example.com.</summary>
    private static string? Recipient(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }
        var semicolon = value.IndexOf(';', StringComparison.Ordinal);
        var address = (semicolon >= 0 ? value[(semicolon + 1)..] : value).Trim().Trim('<', '>').Trim();
        return address.Length == 0 ? null : address;
    }

    private static string? DiagnosticText(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }
        var semicolon = value.IndexOf(';', StringComparison.Ordinal);
        var text = semicolon >= 0 && semicolon < 12 ? value[(semicolon + 1)..].Trim() : value.Trim();
        return text.Length > 1000 ? text[..1000] : text;
    }

    [GeneratedRegex(@"^\s*Message-ID:\s*<([^>\s]+)>", RegexOptions.IgnoreCase | RegexOptions.Multiline, matchTimeoutMilliseconds: 1000)]
    private static partial Regex QuotedMessageId();

    [GeneratedRegex(@"\b(delayed|delay|will be retried|will retry|still trying|temporar(y|ily))\b|\b4\.\d{1,3}\.\d{1,3}\b", RegexOptions.IgnoreCase, matchTimeoutMilliseconds: 1000)]
    private static partial Regex TransientWording();

    [GeneratedRegex(@"\b[45]\d\d[ -][45]\.\d{1,3}\.\d{1,3}[^\n]*", RegexOptions.None, matchTimeoutMilliseconds: 1000)]
    private static partial Regex SmtpReply();
}
