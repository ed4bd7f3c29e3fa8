using System.Globalization;
using Rapport.Features.Sla;

namespace Rapport.Features.AgentConsole.Pages.Sla;

/// <summary>
/// The calendar form: slots and holidays as lines of text, turned into the API's shapes. Lines the
/// form cannot read go to the API as they are, so its field errors name them.
/// </summary>
public sealed class CalendarForm
{
    public long? Id { get; set; }
    public string? Name { get; set; }
    public string? TimeZone { get; set; }
    public bool AlwaysOpen { get; set; }
    /// <summary>One slot a line: <c>saturday 08:00-12:00</c>.</summary>
    public string? Slots { get; set; }
    /// <summary>One holiday a line: <c>jalali yearly 01-01 01-04 Nowruz</c>, <c>gregorian once 2026-05-02 Office move</c>.</summary>
    public string? Holidays { get; set; }

    public static CalendarForm From(CalendarResponse c) => new()
    {
        Id = c.Id,
        Name = c.Name,
        TimeZone = c.TimeZone,
        AlwaysOpen = c.AlwaysOpen,
        Slots = string.Join('\n', c.Slots.Select(s => $"{s.Day} {s.Start}-{s.End}")),
        Holidays = string.Join('\n', c.Holidays.Select(h =>
            $"{h.Calendar ?? "gregorian"} {(h.Yearly ? "yearly" : "once")} {h.First}{(h.Last is { } last && last != h.First ? " " + last : "")} {h.Name}")),
    };

    public CalendarBody ToBody() => new(Name, TimeZone?.Trim(), AlwaysOpen, AlwaysOpen ? [] : [.. Lines(Slots).Select(Slot)], [.. Lines(Holidays).Select(Holiday)]);

    private static IEnumerable<string> Lines(string? text) =>
        (text ?? "").Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0);

    private static SlotInput Slot(string line)
    {
        var parts = line.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var times = parts.Length > 1 ? parts[1].Replace('–', '-').Split('-', 2, StringSplitOptions.TrimEntries) : [];
        return new SlotInput(parts[0].ToLowerInvariant(), times.ElementAtOrDefault(0), times.ElementAtOrDefault(1));
    }

    private static HolidayInput Holiday(string line)
    {
        var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var calendar = parts.ElementAtOrDefault(0)?.ToLowerInvariant();
        var yearly = parts.ElementAtOrDefault(1)?.Equals("yearly", StringComparison.OrdinalIgnoreCase) == true;
        var first = parts.ElementAtOrDefault(2);
        var rest = 3;
        string? last = null;
        if (parts.ElementAtOrDefault(3) is { } candidate && IsDate(candidate))
        {
            last = candidate;
            rest = 4;
        }
        return new HolidayInput(string.Join(' ', parts.Skip(rest)), calendar, yearly, first, last);
    }

    private static bool IsDate(string text) => text.Contains('-', StringComparison.Ordinal) && text.All(c => char.IsAsciiDigit(c) || c == '-')
        && text.Split('-').All(p => int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out _));
}
