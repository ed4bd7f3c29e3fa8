using System.Text;

namespace Rapport.Features.Mail.Parsing;

/// <summary>A Content-Type or Content-Disposition value: the leading token and its parameters (RFC 2045, RFC 2231).</summary>
internal sealed class HeaderParameters
{
    private readonly Dictionary<string, string> parameters;

    private HeaderParameters(string value, Dictionary<string, string> parameters)
    {
        Value = value;
        this.parameters = parameters;
    }

    /// <summary>Lower-cased leading token: "text/plain", "attachment".</summary>
    public string Value { get; }

    public string? this[string name] => parameters.GetValueOrDefault(name);

    public static HeaderParameters Parse(string text)
    {
        var semicolon = IndexOutsideQuotes(text, ';', 0);
        var head = (semicolon < 0 ? text : text[..semicolon]).Trim().Trim('"').ToLowerInvariant();
        var raw = new List<(string Name, string Value)>();
        var pos = semicolon < 0 ? text.Length : semicolon + 1;
        while (pos < text.Length && raw.Count < 200)
        {
            while (pos < text.Length && (text[pos] is ';' or ' ' or '\t'))
            {
                pos++;
            }
            if (pos >= text.Length)
            {
                break;
            }
            var eq = text.IndexOf('=', pos);
            var nextSemi = text.IndexOf(';', pos);
            if (eq < 0 || (nextSemi >= 0 && nextSemi < eq))
            {
                // A bare token without '=': ignore it.
                pos = nextSemi < 0 ? text.Length : nextSemi + 1;
                continue;
            }
            var name = text[pos..eq].Trim().ToLowerInvariant();
            pos = eq + 1;
            while (pos < text.Length && text[pos] is ' ' or '\t')
            {
                pos++;
            }
            string value;
            if (pos < text.Length && text[pos] == '"')
            {
                var sb = new StringBuilder();
                pos++;
                while (pos < text.Length && text[pos] != '"')
                {
                    if (text[pos] == '\\' && pos + 1 < text.Length)
                    {
                        pos++;
                    }
                    sb.Append(text[pos]);
                    pos++;
                }
                pos++;
                value = sb.ToString();
                // Whatever follows the closing quote up to ';' is junk.
                var after = text.IndexOf(';', Math.Min(pos, text.Length));
                pos = after < 0 ? text.Length : after;
            }
            else
            {
                // Unquoted values with spaces (name=my file.pdf) are common: take all up to ';'.
                var end = text.IndexOf(';', pos);
                value = (end < 0 ? text[pos..] : text[pos..end]).Trim();
                pos = end < 0 ? text.Length : end;
            }
            if (name.Length > 0)
            {
                raw.Add((name, value));
            }
        }
        return new HeaderParameters(head, Combine(raw));
    }

    private static int IndexOutsideQuotes(string text, char c, int from)
    {
        var quoted = false;
        for (var i = from; i < text.Length; i++)
        {
            if (text[i] == '"')
            {
                quoted = !quoted;
            }
            else if (text[i] == c && !quoted)
            {
                return i;
            }
        }
        return -1;
    }

    /// <summary>RFC 2231: name*=charset'lang'%XX, and name*0, name*1* … continuations, in number order.</summary>
    private static Dictionary<string, string> Combine(List<(string Name, string Value)> raw)
    {
        var plain = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var extended = new Dictionary<string, SortedDictionary<int, (bool Encoded, string Value)>>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in raw)
        {
            var star = name.IndexOf('*', StringComparison.Ordinal);
            if (star < 0)
            {
                plain.TryAdd(name, HeaderText.DecodeWords(value));
                continue;
            }
            var baseName = name[..star];
            var rest = name[(star + 1)..];
            var encoded = rest.EndsWith('*') || rest.Length == 0;
            var number = rest.TrimEnd('*');
            var index = number.Length == 0 ? 0 : int.TryParse(number, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) && n < 1000 ? n : -1;
            if (index < 0)
            {
                continue;
            }
            if (!extended.TryGetValue(baseName, out var segments))
            {
                extended[baseName] = segments = [];
            }
            segments.TryAdd(index, (encoded, value));
        }
        foreach (var (name, segments) in extended)
        {
            string? charset = null;
            var bytes = new List<byte>();
            var first = true;
            foreach (var (encoded, value) in segments.Values)
            {
                var segment = value;
                if (first && encoded)
                {
                    var q1 = segment.IndexOf('\'', StringComparison.Ordinal);
                    var q2 = q1 < 0 ? -1 : segment.IndexOf('\'', q1 + 1);
                    if (q2 > 0)
                    {
                        charset = segment[..q1];
                        segment = segment[(q2 + 1)..];
                    }
                }
                first = false;
                if (encoded)
                {
                    PercentDecode(segment, bytes);
                }
                else
                {
                    bytes.AddRange(Encoding.UTF8.GetBytes(segment));
                }
            }
            var decoded = Charsets.Decode(bytes.ToArray(), string.IsNullOrEmpty(charset) ? null : charset);
            plain[name] = HeaderText.DecodeWords(decoded);
        }
        return plain;
    }

    private static void PercentDecode(string segment, List<byte> bytes)
    {
        for (var i = 0; i < segment.Length; i++)
        {
            var c = segment[i];
            if (c == '%' && i + 2 < segment.Length && char.IsAsciiHexDigit(segment[i + 1]) && char.IsAsciiHexDigit(segment[i + 2]))
            {
                bytes.Add(Convert.ToByte(segment.Substring(i + 1, 2), 16));
                i += 2;
            }
            else if (c < 128)
            {
                bytes.Add((byte)c);
            }
            else
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(c.ToString()));
            }
        }
    }
}
