using System.Diagnostics.CodeAnalysis;

namespace Rapport.Features.Sla.Calendars;

/// <summary>
/// When a team is at work: an IANA time zone, weekly wall-clock slots and holidays. Immutable and
/// safe to share between threads; the per-date cache it fills lazily holds only values derived
/// from the definition. Every <see cref="DateTime"/> going in or out is UTC (an
/// <see cref="DateTimeKind.Unspecified"/> value is read as UTC, a <see cref="DateTimeKind.Local"/>
/// one is refused). See docs/business-calendars.md for the rules in prose.
/// </summary>
public sealed partial class BusinessCalendar
{
    private static readonly DayOfWeek[] AllDays =
        [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday, DayOfWeek.Saturday, DayOfWeek.Sunday];

    private readonly TimeZoneInfo _zone;
    private readonly Holiday[] _holidays;
    private readonly bool _needsJalali;

    /// <summary>Open wall-clock time per date, indexed by <see cref="DayOfWeek"/>: sorted, merged [start, end) pairs of ticks after local midnight.</summary>
    private readonly long[][] _pattern;

    private readonly bool _hasHours;
    private readonly bool _alwaysOpen;
    private readonly long _baseOffsetTicks;

    private BusinessCalendar(TimeZoneInfo zone, string timeZoneId, WeeklySlot[] slots, Holiday[] holidays)
    {
        _zone = zone;
        TimeZoneId = timeZoneId;
        // Read-only views: the per-date cache assumes the definition never changes.
        Slots = Array.AsReadOnly(slots);
        Holidays = Array.AsReadOnly(holidays);
        _holidays = holidays;
        _needsJalali = Array.Exists(holidays, h => h.NeedsJalali);
        _pattern = BuildPattern(slots);
        _hasHours = slots.Length > 0;
        _alwaysOpen = holidays.Length == 0 && Array.TrueForAll(_pattern, p => p is [0, TimeSpan.TicksPerDay]);
        _baseOffsetTicks = zone.BaseUtcOffset.Ticks;
    }

    /// <summary>Open every instant, in UTC, with no holidays: business time is elapsed time.</summary>
    public static BusinessCalendar AlwaysOpen { get; } = new(
        TimeZoneInfo.Utc, "Etc/UTC", [.. AllDays.Select(d => new WeeklySlot(d, TimeOnly.MinValue, TimeOnly.MinValue))], []);

    /// <summary>The IANA id the calendar was created with, such as Asia/Tehran.</summary>
    public string TimeZoneId { get; }

    public TimeZoneInfo TimeZone => _zone;

    public IReadOnlyList<WeeklySlot> Slots { get; }

    public IReadOnlyList<Holiday> Holidays { get; }

    /// <summary>
    /// Validates a definition that came from a user. Errors: a missing or unknown time zone, slots
    /// that overlap anywhere in the week (an overnight slot included; slots that only touch are
    /// fine and count as one stretch), holidays with invalid or reversed dates (an Esfand 30 in a
    /// year that is not a Jalali leap year, a 31 Mehr) or one-off ranges longer than 366 days.
    /// A calendar with no slots is allowed: it is never open.
    /// </summary>
    public static bool TryCreate(
        string? timeZoneId,
        IEnumerable<WeeklySlot>? slots,
        IEnumerable<Holiday?>? holidays,
        [NotNullWhen(true)] out BusinessCalendar? calendar,
        out IReadOnlyList<CalendarError> errors)
    {
        var found = new List<CalendarError>();
        TimeZoneInfo? zone = null;
        if (string.IsNullOrWhiteSpace(timeZoneId))
        {
            found.Add(new("time_zone", "is required."));
        }
        else if (!TimeZoneInfo.TryFindSystemTimeZoneById(timeZoneId, out zone))
        {
            found.Add(new("time_zone", $"'{timeZoneId}' is not a known IANA time zone."));
        }

        var slotArray = slots?.ToArray() ?? [];
        CheckSlots(slotArray, found);

        var holidayArray = holidays?.ToArray() ?? [];
        for (var i = 0; i < holidayArray.Length; i++)
        {
            var problem = holidayArray[i] is { } h ? h.Problem() : "is required.";
            if (problem is not null)
            {
                found.Add(new($"holidays[{i}]", problem));
            }
        }

        errors = found;
        calendar = found.Count == 0 ? new BusinessCalendar(zone!, timeZoneId!, slotArray, holidayArray!) : null;
        return calendar is not null;
    }

    /// <summary>For definitions written in code: like <see cref="TryCreate"/>, but throws <see cref="ArgumentException"/> listing every error.</summary>
    public static BusinessCalendar Create(string timeZoneId, IEnumerable<WeeklySlot> slots, IEnumerable<Holiday>? holidays = null)
    {
        if (TryCreate(timeZoneId, slots, holidays, out var calendar, out var errors))
        {
            return calendar;
        }
        throw new ArgumentException("Invalid business calendar: " + string.Join(" ", errors.Select(e => $"{e.Field} {e.Message}")));
    }

    private static void CheckSlots(WeeklySlot[] slots, List<CalendarError> found)
    {
        var order = new int[slots.Length];
        for (var i = 0; i < slots.Length; i++)
        {
            order[i] = i;
            if (!Enum.IsDefined(slots[i].Day))
            {
                found.Add(new($"slots[{i}]", "day must be a day of the week."));
                return;
            }
        }
        Array.Sort(order, (a, b) => slots[a].WeekStartTicks.CompareTo(slots[b].WeekStartTicks));
        const long week = 7 * TimeSpan.TicksPerDay;
        for (var k = 0; k < order.Length; k++)
        {
            var current = slots[order[k]];
            var next = slots[order[(k + 1) % order.Length]];
            var end = current.WeekStartTicks + current.Length.Ticks;
            // The last slot of the week is compared with the first one, a week later.
            var nextStart = next.WeekStartTicks + (k + 1 == order.Length ? week : 0);
            if (end > nextStart)
            {
                found.Add(new($"slots[{order[k]}]", $"{current} overlaps {next}."));
            }
        }
    }

    private static long[][] BuildPattern(WeeklySlot[] slots)
    {
        var perDay = new List<(long Start, long End)>[7];
        for (var d = 0; d < 7; d++)
        {
            perDay[d] = [];
        }
        foreach (var slot in slots)
        {
            var day = (int)slot.Day;
            var start = slot.Start.Ticks;
            var end = start + slot.Length.Ticks;
            perDay[day].Add((start, Math.Min(end, TimeSpan.TicksPerDay)));
            if (end > TimeSpan.TicksPerDay)
            {
                // The part after midnight belongs to the next date, and to that date's holidays.
                perDay[(day + 1) % 7].Add((0, end - TimeSpan.TicksPerDay));
            }
        }
        var pattern = new long[7][];
        for (var d = 0; d < 7; d++)
        {
            var pieces = perDay[d];
            pieces.Sort();
            var merged = new List<long>(pieces.Count * 2);
            foreach (var (start, end) in pieces)
            {
                if (merged.Count > 0 && merged[^1] >= start)
                {
                    merged[^1] = Math.Max(merged[^1], end);
                }
                else
                {
                    merged.Add(start);
                    merged.Add(end);
                }
            }
            pattern[d] = [.. merged];
        }
        return pattern;
    }
}
