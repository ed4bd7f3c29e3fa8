namespace Rapport.Features.Mail.Parsing;

/// <summary>
/// Mail that no person wrote: bounces, out-of-office replies, lists and bulk senders. Rapport must
/// never answer these automatically, or two robots mail each other forever.
/// </summary>
internal static class AutoReplies
{
    public static AutoReplyKind Detect(MimeEntity root, List<HeaderField> fields, MailboxAddress? from, DeliveryReport? dsn, string? fallback)
    {
        string? Value(string name) => HeaderSection.Find(fields, name) is { } f ? HeaderText.Raw(f.Value, fallback).Trim().ToLowerInvariant() : null;

        if (dsn is not null || IsDaemon(from) || root.ContentType.Value == "multipart/report" && root.ContentType["report-type"] is { } rt && rt.Contains("delivery-status", StringComparison.OrdinalIgnoreCase))
        {
            return AutoReplyKind.MailerDaemon;
        }
        if (Value("X-MS-Exchange-Message-Is-Ndr") is not null)
        {
            return AutoReplyKind.MailerDaemon;
        }
        var autoSubmitted = Value("Auto-Submitted");
        if ((autoSubmitted is not null && autoSubmitted != "no" && !autoSubmitted.StartsWith("no ", StringComparison.Ordinal) && !autoSubmitted.StartsWith("no;", StringComparison.Ordinal))
            || Value("X-Autoreply") is not null
            || Value("X-Autorespond") is not null
            || Value("X-Autoresponder") is not null
            || Value("X-Auto-Response-Suppress") is { } suppress && (suppress.Contains("oof", StringComparison.Ordinal) || suppress.Contains("all", StringComparison.Ordinal))
            || Value("X-MS-Exchange-Inbox-Rules-Loop") is not null
            || Value("X-MS-Exchange-Generated-Message-Source") is not null
            || Value("X-MS-Exchange-Organization-AutoResponse") is not null
            || root.ContentType.Value == "multipart/report")
        {
            return AutoReplyKind.AutoReply;
        }
        var precedence = Value("Precedence");
        if (precedence == "list" || Value("List-Id") is not null)
        {
            return AutoReplyKind.List;
        }
        if (precedence is "bulk" or "junk" || Value("List-Unsubscribe") is not null || Value("Feedback-ID") is not null)
        {
            return AutoReplyKind.Bulk;
        }
        return AutoReplyKind.None;
    }

    public static bool IsDaemon(MailboxAddress? from)
    {
        if (from is null)
        {
            return false;
        }
        var at = from.Address.IndexOf('@', StringComparison.Ordinal);
        var local = at >= 0 ? from.Address[..at] : from.Address;
        return local.Equals("mailer-daemon", StringComparison.OrdinalIgnoreCase)
            || local.Equals("postmaster", StringComparison.OrdinalIgnoreCase)
            || local.Equals("mail-daemon", StringComparison.OrdinalIgnoreCase);
    }
}
