using System.Text;

namespace Rapport.Features.Mail.Parsing;

/// <summary>One header field as it arrived: the name, and the raw (still folded, still encoded) value.</summary>
internal readonly record struct HeaderField(string Name, ReadOnlyMemory<byte> Value)
{
    public bool Is(string name) => Name.Equals(name, StringComparison.OrdinalIgnoreCase);
}

/// <summary>Splits an entity into its header fields and its body.</summary>
internal static class HeaderSection
{
    /// <summary>More fields than this is an attack or a loop; the rest of the section is ignored.</summary>
    public const int MaxFields = 2000;

    public static (List<HeaderField> Fields, ReadOnlyMemory<byte> Body) Read(ReadOnlyMemory<byte> entity, List<string> defects, bool topLevel)
    {
        var fields = new List<HeaderField>();
        var span = entity.Span;
        var pos = 0;
        if (topLevel && span.StartsWith("From "u8))
        {
            // An mbox separator line left in front of the message.
            pos = NextLine(span, 0);
        }
        var valueStart = -1;
        var valueEnd = -1;
        string? name = null;
        while (pos < span.Length)
        {
            var lineEnd = LineEnd(span, pos, out var next);
            var line = span[pos..lineEnd];
            if (line.IsEmpty)
            {
                Flush();
                return (fields, entity[next..]);
            }
            if (line[0] is (byte)' ' or (byte)'\t')
            {
                if (name is null)
                {
                    if (fields.Count == 0)
                    {
                        defects.Add("the message has no header section");
                        return (fields, entity[pos..]);
                    }
                    // A continuation after a field we dropped (over the limit): skip it as well.
                }
                else
                {
                    valueEnd = lineEnd;
                }
                pos = next;
                continue;
            }
            var colon = line.IndexOf((byte)':');
            if (colon <= 0 || !IsFieldName(line[..colon]))
            {
                Flush();
                if (fields.Count == 0)
                {
                    defects.Add("the message has no header section");
                    return (fields, entity[(topLevel ? 0 : pos)..]);
                }
                defects.Add("the header section ends without a blank line");
                return (fields, entity[pos..]);
            }
            Flush();
            if (fields.Count >= MaxFields)
            {
                if (fields.Count == MaxFields)
                {
                    defects.Add($"more than {MaxFields} header fields; the rest were ignored");
                }
                name = null;
                pos = next;
                continue;
            }
            name = Encoding.ASCII.GetString(line[..colon].TrimEnd(" \t"u8));
            valueStart = pos + colon + 1;
            valueEnd = lineEnd;
            pos = next;
        }
        Flush();
        return (fields, ReadOnlyMemory<byte>.Empty);

        void Flush()
        {
            if (name is not null)
            {
                fields.Add(new HeaderField(name, entity[valueStart..valueEnd]));
                name = null;
            }
        }
    }

    private static bool IsFieldName(ReadOnlySpan<byte> name)
    {
        name = name.TrimEnd(" \t"u8);
        if (name.IsEmpty || name.Length > 128)
        {
            return false;
        }
        foreach (var b in name)
        {
            if (b is <= 32 or >= 127)
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>End of the line starting at pos, without its CR LF (or bare LF); next is where the following line starts.</summary>
    public static int LineEnd(ReadOnlySpan<byte> span, int pos, out int next)
    {
        var lf = span[pos..].IndexOf((byte)'\n');
        if (lf < 0)
        {
            next = span.Length;
            return span.Length;
        }
        var end = pos + lf;
        next = end + 1;
        return end > pos && span[end - 1] == '\r' ? end - 1 : end;
    }

    private static int NextLine(ReadOnlySpan<byte> span, int pos)
    {
        LineEnd(span, pos, out var next);
        return next;
    }

    public static HeaderField? Find(List<HeaderField> fields, string name)
    {
        foreach (var field in fields)
        {
            if (field.Is(name))
            {
                return field;
            }
        }
        return null;
    }
}
