using System.Text;

namespace Rapport.Features.Mail.Parsing;

/// <summary>Reads an RFC 5322 / MIME message into a <see cref="ParsedMail"/>. Never throws.</summary>
public static class MailParser
{
    public static ParsedMail Parse(ReadOnlyMemory<byte> raw)
    {
        try
        {
            return Read(raw);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The contract with the ingest workers is that one message can never stop them: a reader
            // bug becomes a quarantined message that names the failure, with the raw bytes kept by the caller.
            return new ParsedMail([], null)
            {
                Defects = [$"the parser failed: {e.GetType().Name}: {e.Message}"],
                IsUnparseable = true,
            };
        }
    }

    private static ParsedMail Read(ReadOnlyMemory<byte> raw)
    {
        var defects = new List<string>();
        if (raw.Span.Contains((byte)0))
        {
            defects.Add("the message contains NUL bytes; they were removed from the text");
        }
        var root = new MimeTreeReader(defects).Read(raw, topLevel: true);
        var fields = root.Fields;
        var fallback = FallbackCharset(root);

        string? Field(string name) => HeaderSection.Find(fields, name) is { } f ? HeaderText.Raw(f.Value, fallback) : null;
        List<MailboxAddress> Addresses(string name)
        {
            var all = new List<MailboxAddress>();
            foreach (var field in fields)
            {
                if (field.Is(name) && all.Count < 1000)
                {
                    all.AddRange(AddressList.Parse(HeaderText.Raw(field.Value, fallback)));
                }
            }
            return all;
        }

        var content = new BodyCollector(defects, fallback);
        content.Collect(root);
        var from = Addresses("From") is [var first, ..] ? first : Addresses("Sender").FirstOrDefault();
        var subject = HeaderSection.Find(fields, "Subject") is { } s ? HeaderText.Unstructured(s.Value, fallback) : "";
        var dateText = Field("Date");
        var date = MailDate.Parse(dateText);
        if (dateText is not null && date is null)
        {
            defects.Add("the Date header could not be read");
        }
        var dsn = DeliveryReports.Read(root, fields, content, fallback, defects);
        var autoReply = AutoReplies.Detect(root, fields, from, dsn, fallback);
        var messageId = MessageIds.First(Field("Message-ID"));
        var text = content.Text;
        var html = content.Html;
        var unparseable = fields.Count == 0
            && content.Attachments.Count == 0
            && html is null
            && (string.IsNullOrWhiteSpace(text) || MostlyGarbage(text));
        return new ParsedMail(fields, fallback)
        {
            MessageId = messageId,
            InReplyTo = MessageIds.Parse(Field("In-Reply-To")),
            References = MessageIds.Parse(string.Join(' ', fields.Where(f => f.Is("References")).Select(f => HeaderText.Raw(f.Value, fallback)))),
            Subject = subject,
            From = from,
            To = Addresses("To"),
            Cc = Addresses("Cc"),
            ReplyTo = Addresses("Reply-To"),
            Date = date,
            TextBody = text,
            HtmlBody = html,
            Attachments = content.Attachments,
            AutoReply = autoReply,
            Dsn = dsn,
            Defects = defects.Distinct(StringComparer.Ordinal).Take(100).ToList(),
            IsUnparseable = unparseable,
        };
    }

    /// <summary>The charset to read raw 8-bit header bytes in: the first one any text part declares.</summary>
    private static string? FallbackCharset(MimeEntity root)
    {
        foreach (var entity in root.DescendantsAndSelf())
        {
            if (entity.ContentType.Value.StartsWith("text/", StringComparison.Ordinal) && entity.ContentType["charset"] is { Length: > 0 } charset)
            {
                return charset;
            }
        }
        return null;
    }

    /// <summary>Binary noise read as text: control characters and replacement characters everywhere.</summary>
    private static bool MostlyGarbage(string text)
    {
        var bad = 0;
        var sample = text.Length > 4096 ? text[..4096] : text;
        foreach (var c in sample)
        {
            if (c == '\uFFFD' || (char.IsControl(c) && c is not ('\n' or '\r' or '\t')))
            {
                bad++;
            }
        }
        return bad * 3 > sample.Length;
    }
}
