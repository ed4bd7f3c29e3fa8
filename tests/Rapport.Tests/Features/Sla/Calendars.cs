using Rapport.Features.Sla.Calendars;

namespace Rapport.Tests.Features.Sla;

/// <summary>Calendars and time helpers shared by the SLA calendar tests.</summary>
internal static class Calendars
{
    public static readonly TimeOnly T0800 = new(8, 0);
    public static readonly TimeOnly T1200 = new(12, 0);
    public static readonly TimeOnly T1300 = new(13, 0);
    public static readonly TimeOnly T1700 = new(17, 0);

    public static readonly TimeSpan TehranOffset = TimeSpan.FromHours(3.5);

    /// <summary>The Iranian week: Sat–Wed 08:00–12:00 and 13:00–17:00, Thu 08:00–13:00, Friday closed.</summary>
    public static WeeklySlot[] IranianWeek()
    {
        var slots = new List<WeeklySlot>();
        foreach (var day in new[] { DayOfWeek.Saturday, DayOfWeek.Sunday, DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday })
        {
            slots.Add(new(day, T0800, T1200));
            slots.Add(new(day, T1300, T1700));
        }
        slots.Add(new(DayOfWeek.Thursday, T0800, T1300));
        return [.. slots];
    }

    public static Holiday[] Nowruz() =>
    [
        Holiday.EveryJalaliYearBetween(new MonthDay(1, 1), new MonthDay(1, 4), "Nowruz"),
        Holiday.EveryJalaliYear(1, 13, "Sizdah Bedar"),
    ];

    public static BusinessCalendar Tehran(params Holiday[] holidays) => BusinessCalendar.Create("Asia/Tehran", IranianWeek(), holidays);

    public static WeeklySlot[] Weekdays(TimeOnly start, TimeOnly end) =>
    [
        new(DayOfWeek.Monday, start, end), new(DayOfWeek.Tuesday, start, end), new(DayOfWeek.Wednesday, start, end),
        new(DayOfWeek.Thursday, start, end), new(DayOfWeek.Friday, start, end),
    ];

    public static WeeklySlot[] EveryDay(TimeOnly start, TimeOnly end) =>
        [.. Enum.GetValues<DayOfWeek>().Select(d => new WeeklySlot(d, start, end))];

    public static DateTime Utc(int year, int month, int day, int hour = 0, int minute = 0) =>
        new(year, month, day, hour, minute, 0, DateTimeKind.Utc);

    /// <summary>A Tehran wall-clock time as UTC (Tehran has been +03:30 all year since 2023).</summary>
    public static DateTime TehranTime(int year, int month, int day, int hour, int minute = 0) =>
        DateTime.SpecifyKind(new DateTime(year, month, day, hour, minute, 0) - TehranOffset, DateTimeKind.Utc);
}
