using System.Text;

namespace Rapport.Features.Mail.Parsing;

/// <summary>One node of the MIME tree: its header fields, its media type, and its still-encoded body.</summary>
internal sealed class MimeEntity
{
    public required List<HeaderField> Fields { get; init; }

    public required HeaderParameters ContentType { get; set; }

    public HeaderParameters? Disposition { get; init; }

    /// <summary>Lower-cased Content-Transfer-Encoding, or null.</summary>
    public string? TransferEncoding { get; init; }

    public ReadOnlyMemory<byte> Body { get; init; }

    public List<MimeEntity> Children { get; } = [];

    public bool IsMultipart => ContentType.Value.StartsWith("multipart/", StringComparison.Ordinal);

    public string? Header(string name, string? fallbackCharset) =>
        HeaderSection.Find(Fields, name) is { } field ? HeaderText.Raw(field.Value, fallbackCharset) : null;

    public string? ContentId(string? fallbackCharset)
    {
        var raw = Header("Content-ID", fallbackCharset);
        if (string.IsNullOrWhiteSpace(raw))
        {
            return null;
        }
        var id = raw.Trim().TrimStart('<').TrimEnd('>').Trim();
        return id.Length == 0 ? null : id;
    }

    public IEnumerable<MimeEntity> DescendantsAndSelf()
    {
        var stack = new Stack<MimeEntity>();
        stack.Push(this);
        while (stack.Count > 0)
        {
            var entity = stack.Pop();
            yield return entity;
            for (var i = entity.Children.Count - 1; i >= 0; i--)
            {
                stack.Push(entity.Children[i]);
            }
        }
    }
}

/// <summary>Builds the MIME tree with limits on depth and part count, recording what was wrong instead of failing.</summary>
internal sealed class MimeTreeReader(List<string> defects)
{
    public const int MaxDepth = 24;
    public const int MaxParts = 1000;

    private static readonly HeaderParameters TextPlain = HeaderParameters.Parse("text/plain");
    private static readonly HeaderParameters MessageRfc822 = HeaderParameters.Parse("message/rfc822");
    private static readonly HeaderParameters OctetStream = HeaderParameters.Parse("application/octet-stream");

    private int parts;

    public MimeEntity Read(ReadOnlyMemory<byte> data, bool topLevel) => Read(data, 0, topLevel, TextPlain);

    private MimeEntity Read(ReadOnlyMemory<byte> data, int depth, bool topLevel, HeaderParameters defaultType)
    {
        parts++;
        var (fields, body) = HeaderSection.Read(data, defects, topLevel);
        var contentType = defaultType;
        if (HeaderSection.Find(fields, "Content-Type") is { } ct)
        {
            var parsed = HeaderParameters.Parse(HeaderText.Raw(ct.Value, null));
            if (parsed.Value.Contains('/', StringComparison.Ordinal) && !parsed.Value.Contains(' ', StringComparison.Ordinal))
            {
                contentType = parsed;
            }
            else if (parsed.Value is "text" or "")
            {
                contentType = parsed.Value == "" ? defaultType : TextPlain;
            }
            else
            {
                defects.Add($"unreadable Content-Type \"{Shorten(parsed.Value)}\"; read as {defaultType.Value}");
            }
        }
        var encoding = HeaderSection.Find(fields, "Content-Transfer-Encoding") is { } cte
            ? HeaderText.Raw(cte.Value, null).Trim().Trim('"').ToLowerInvariant()
            : null;
        if (encoding is not (null or "7bit" or "8bit" or "binary" or "base64" or "quoted-printable"))
        {
            defects.Add($"unknown Content-Transfer-Encoding \"{Shorten(encoding)}\"; the content was kept as it is");
        }
        var disposition = HeaderSection.Find(fields, "Content-Disposition") is { } cd
            ? HeaderParameters.Parse(HeaderText.Raw(cd.Value, null))
            : null;
        var entity = new MimeEntity { Fields = fields, ContentType = contentType, Disposition = disposition, TransferEncoding = encoding, Body = body };
        if (entity.IsMultipart)
        {
            ReadChildren(entity, depth);
        }
        return entity;
    }

    private void ReadChildren(MimeEntity entity, int depth)
    {
        if (depth >= MaxDepth)
        {
            defects.Add($"multipart nesting deeper than {MaxDepth}; the inner parts were kept as one attachment");
            entity.ContentType = OctetStream;
            return;
        }
        var body = entity.Body;
        if (entity.TransferEncoding is "base64" or "quoted-printable")
        {
            // Not allowed on multiparts, but some gateways do it.
            body = TransferDecoding.Decode(body.Span, entity.TransferEncoding, defects);
        }
        var boundary = entity.ContentType["boundary"];
        if (string.IsNullOrEmpty(boundary))
        {
            boundary = GuessBoundary(body.Span);
            defects.Add(boundary is null
                ? $"{entity.ContentType.Value} without a boundary; read as text"
                : "multipart without a boundary parameter; the boundary was taken from the first delimiter line");
        }
        if (boundary is null)
        {
            entity.ContentType = TextPlain;
            return;
        }
        var pieces = Split(body, boundary, out var closed);
        if (pieces.Count == 0)
        {
            defects.Add($"{entity.ContentType.Value} has no part delimited by its boundary; read as text");
            entity.ContentType = TextPlain;
            return;
        }
        if (!closed)
        {
            defects.Add($"{entity.ContentType.Value} has no closing boundary; the last part runs to the end of the message");
        }
        var childDefault = entity.ContentType.Value == "multipart/digest" ? MessageRfc822 : TextPlain;
        foreach (var piece in pieces)
        {
            if (parts >= MaxParts)
            {
                defects.Add($"more than {MaxParts} MIME parts; the rest were ignored");
                break;
            }
            entity.Children.Add(Read(piece, depth + 1, false, childDefault));
        }
    }

    private static string? GuessBoundary(ReadOnlySpan<byte> body)
    {
        var pos = 0;
        var limit = Math.Min(body.Length, 64 * 1024);
        while (pos < limit)
        {
            var end = HeaderSection.LineEnd(body, pos, out var next);
            var line = body[pos..end].TrimEnd(" \t"u8);
            if (line.Length > 2 && line.Length < 200 && line[0] == '-' && line[1] == '-' && !line[2..].ContainsAny(" \t"u8))
            {
                return Encoding.ASCII.GetString(line[2..]);
            }
            pos = next;
        }
        return null;
    }

    /// <summary>
    /// The parts between "--boundary" lines. The line break before a delimiter belongs to the
    /// delimiter. Without "--boundary--" the last part runs to the end.
    /// </summary>
    private static List<ReadOnlyMemory<byte>> Split(ReadOnlyMemory<byte> body, string boundary, out bool closed)
    {
        var delimiter = Encoding.UTF8.GetBytes("--" + boundary);
        var span = body.Span;
        var pieces = new List<ReadOnlyMemory<byte>>();
        var partStart = -1;
        var search = 0;
        closed = false;
        while (search < span.Length)
        {
            var found = span[search..].IndexOf(delimiter);
            if (found < 0)
            {
                break;
            }
            var idx = search + found;
            if (idx > 0 && span[idx - 1] != '\n')
            {
                search = idx + 1;
                continue;
            }
            var after = idx + delimiter.Length;
            var isClose = after + 1 < span.Length && span[after] == '-' && span[after + 1] == '-';
            var p = isClose ? after + 2 : after;
            var lineEnd = HeaderSection.LineEnd(span, p, out var next);
            if (!isClose && !span[p..lineEnd].Trim(" \t"u8).IsEmpty)
            {
                search = idx + 1;
                continue;
            }
            if (partStart >= 0)
            {
                var end = idx;
                if (end > partStart && span[end - 1] == '\n')
                {
                    end--;
                }
                if (end > partStart && span[end - 1] == '\r')
                {
                    end--;
                }
                pieces.Add(body[partStart..end]);
            }
            if (isClose)
            {
                closed = true;
                break;
            }
            partStart = next;
            search = next;
        }
        if (!closed && partStart >= 0)
        {
            pieces.Add(body[partStart..]);
        }
        return pieces;
    }

    private static string Shorten(string? text) => text is null ? "" : text.Length > 60 ? text[..60] + "…" : text;
}
