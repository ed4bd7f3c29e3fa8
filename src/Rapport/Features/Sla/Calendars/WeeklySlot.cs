namespace Rapport.Features.Sla.Calendars;

/// <summary>
/// Opening hours on one day of the week, in the calendar's wall-clock time. <see cref="End"/> at or
/// before <see cref="Start"/> means the slot runs past midnight into the next day: Fri 22:00–02:00
/// ends at 02:00 on Saturday, and 09:00–09:00 is a full 24 hours. A slot belongs to the day it
/// starts on; the part after midnight is still subject to the next date's holidays.
/// </summary>
public readonly record struct WeeklySlot(DayOfWeek Day, TimeOnly Start, TimeOnly End)
{
    internal bool IsOvernight => End <= Start;

    /// <summary>Wall-clock length; 24 hours when start and end are equal.</summary>
    public TimeSpan Length => IsOvernight ? TimeSpan.FromDays(1) - (Start - End) : End - Start;

    /// <summary>Start as an offset from Monday 00:00, so slots can be compared across the week.</summary>
    internal long WeekStartTicks => DaysFromMonday(Day) * TimeSpan.TicksPerDay + Start.Ticks;

    internal static int DaysFromMonday(DayOfWeek day) => ((int)day + 6) % 7;

    public override string ToString() => $"{Day} {Start:HH\\:mm}–{End:HH\\:mm}";
}
