using System.Globalization;

namespace Rapport.Features.Sla;

/// <summary>
/// Reads holidays from an iCalendar (.ics) file: each VEVENT's SUMMARY, DTSTART and DTEND (all-day
/// ends are exclusive, as RFC 5545 says), and <c>RRULE:FREQ=YEARLY</c> for a yearly Gregorian
/// holiday. Everything else in the file is ignored; events without a readable start are skipped
/// and counted, never guessed.
/// </summary>
public static class IcsHolidays
{
    public sealed record Result(List<HolidayInput> Holidays, int Skipped);

    public static Result Parse(string text)
    {
        var holidays = new List<HolidayInput>();
        var skipped = 0;
        Dictionary<string, string>? current = null;
        foreach (var line in Unfold(text))
        {
            if (line.Equals("BEGIN:VEVENT", StringComparison.OrdinalIgnoreCase))
            {
                current = new(StringComparer.OrdinalIgnoreCase);
            }
            else if (line.Equals("END:VEVENT", StringComparison.OrdinalIgnoreCase) && current is not null)
            {
                if (ToHoliday(current) is { } holiday)
                {
                    holidays.Add(holiday);
                }
                else
                {
                    skipped++;
                }
                current = null;
            }
            else if (current is not null && line.IndexOf(':', StringComparison.Ordinal) is var colon and > 0)
            {
                // "DTSTART;VALUE=DATE:20250321": the name is what comes before any parameter.
                var name = line[..colon].Split(';')[0];
                current.TryAdd(name, line[(colon + 1)..]);
            }
        }
        return new(holidays, skipped);
    }

    private static HolidayInput? ToHoliday(Dictionary<string, string> fields)
    {
        if (!fields.TryGetValue("DTSTART", out var startText) || Date(startText) is not { } first)
        {
            return null;
        }
        var last = first;
        if (fields.TryGetValue("DTEND", out var endText) && Date(endText) is { } end && end > first)
        {
            last = end.AddDays(-1);
        }
        var name = fields.TryGetValue("SUMMARY", out var summary) ? Unescape(summary).Trim() : "";
        if (name.Length == 0)
        {
            name = "Holiday";
        }
        name = name.Length > 200 ? name[..200] : name;
        var yearly = fields.TryGetValue("RRULE", out var rule)
            && rule.Split(';').Any(p => p.Equals("FREQ=YEARLY", StringComparison.OrdinalIgnoreCase));
        return yearly
            ? new HolidayInput(name, "gregorian", true, first.ToString("MM-dd", CultureInfo.InvariantCulture), last.ToString("MM-dd", CultureInfo.InvariantCulture))
            : new HolidayInput(name, "gregorian", false, first.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), last.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
    }

    private static DateOnly? Date(string value) =>
        value.Length >= 8 && DateOnly.TryParseExact(value[..8], "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : null;

    private static string Unescape(string value) =>
        value.Replace("\\n", " ", StringComparison.OrdinalIgnoreCase).Replace("\\,", ",", StringComparison.Ordinal)
            .Replace("\\;", ";", StringComparison.Ordinal).Replace("\\\\", "\\", StringComparison.Ordinal);

    /// <summary>Joins folded lines (a line starting with a space or tab continues the one before).</summary>
    private static IEnumerable<string> Unfold(string text)
    {
        string? pending = null;
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.Length > 0 && (line[0] == ' ' || line[0] == '\t') && pending is not null)
            {
                pending += line[1..];
                continue;
            }
            if (pending is not null)
            {
                yield return pending;
            }
            pending = line;
        }
        if (pending is not null)
        {
            yield return pending;
        }
    }
}
