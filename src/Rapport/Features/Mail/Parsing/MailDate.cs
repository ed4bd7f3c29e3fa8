using System.Globalization;

namespace Rapport.Features.Mail.Parsing;

/// <summary>RFC 5322 dates, including the obsolete forms (two-digit years, named zones, missing seconds) still sent.</summary>
internal static class MailDate
{
    private static readonly string[] Months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

    public static DateTimeOffset? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text) || text.Length > 200)
        {
            return null;
        }
        var tokens = Tokens(text);
        int? day = null, month = null, year = null;
        TimeSpan? time = null;
        TimeSpan offset = TimeSpan.Zero;
        foreach (var token in tokens)
        {
            if (token.Contains(':', StringComparison.Ordinal) && time is null)
            {
                time = ParseTime(token);
                continue;
            }
            if ((token[0] is '+' or '-') && token.Length == 5 && int.TryParse(token.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var hhmm))
            {
                var span = new TimeSpan(hhmm / 100, hhmm % 100, 0);
                offset = token[0] == '-' ? -span : span;
                continue;
            }
            if (char.IsAsciiLetter(token[0]))
            {
                var lower = token.ToLowerInvariant();
                var m = Array.FindIndex(Months, name => lower.StartsWith(name, StringComparison.Ordinal));
                if (m >= 0 && month is null)
                {
                    month = m + 1;
                }
                else if (NamedZone(lower, out var zone))
                {
                    offset = zone;
                }
                continue;
            }
            if (int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
            {
                if (day is null && number is >= 1 and <= 31 && token.Length <= 2)
                {
                    day = number;
                }
                else if (year is null)
                {
                    year = token.Length <= 2 ? (number < 50 ? 2000 + number : 1900 + number) : token.Length == 3 ? 1900 + number : number;
                }
            }
        }
        if (day is { } d && month is { } mo && year is { } y && y is >= 1900 and <= 9999)
        {
            if (d > DateTime.DaysInMonth(y, mo) || offset.Duration() > TimeSpan.FromHours(14))
            {
                return Fallback(text);
            }
            var t = time ?? TimeSpan.Zero;
            return new DateTimeOffset(y, mo, d, 0, 0, 0, offset).Add(t);
        }
        return Fallback(text);
    }

    private static DateTimeOffset? Fallback(string text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces | DateTimeStyles.AssumeUniversal, out var parsed) ? parsed : null;

    private static List<string> Tokens(string text)
    {
        var tokens = new List<string>();
        var depth = 0;
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var c = i < text.Length ? text[i] : ' ';
            if (c == '(')
            {
                depth++;
            }
            var separator = depth > 0 || c is ' ' or '\t' or ',' or '\r' or '\n' or '(' or ')';
            if (c == ')' && depth > 0)
            {
                depth--;
            }
            if (separator)
            {
                if (start >= 0)
                {
                    tokens.Add(text[start..i]);
                    start = -1;
                }
            }
            else if (start < 0)
            {
                start = i;
            }
            // "23-Nov-2026" and "+0330" stay whole; "Nov-23" is rare enough to ignore.
        }
        var split = new List<string>();
        foreach (var token in tokens)
        {
            if (token.Length > 1 && token[0] != '+' && token[0] != '-' && token.Contains('-', StringComparison.Ordinal) && !token.Contains(':', StringComparison.Ordinal))
            {
                split.AddRange(token.Split('-', StringSplitOptions.RemoveEmptyEntries));
            }
            else
            {
                split.Add(token);
            }
        }
        return split;
    }

    private static TimeSpan? ParseTime(string token)
    {
        var parts = token.Split(':');
        if (parts.Length is < 2 or > 3)
        {
            return null;
        }
        var values = new int[3];
        for (var i = 0; i < parts.Length; i++)
        {
            var digits = parts[i].Split('.')[0];
            if (!int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out values[i]))
            {
                return null;
            }
        }
        return values[0] <= 23 && values[1] <= 59 && values[2] <= 60 ? new TimeSpan(values[0], values[1], Math.Min(values[2], 59)) : null;
    }

    private static bool NamedZone(string lower, out TimeSpan offset)
    {
        offset = lower switch
        {
            "ut" or "utc" or "gmt" or "z" => TimeSpan.Zero,
            "edt" => TimeSpan.FromHours(-4),
            "est" or "cdt" => TimeSpan.FromHours(-5),
            "cst" or "mdt" => TimeSpan.FromHours(-6),
            "mst" or "pdt" => TimeSpan.FromHours(-7),
            "pst" => TimeSpan.FromHours(-8),
            "irst" => new TimeSpan(3, 30, 0),
            "amt" => TimeSpan.FromHours(4),
            "cet" => TimeSpan.FromHours(1),
            "cest" => TimeSpan.FromHours(2),
            _ => TimeSpan.MinValue,
        };
        return offset != TimeSpan.MinValue;
    }
}
