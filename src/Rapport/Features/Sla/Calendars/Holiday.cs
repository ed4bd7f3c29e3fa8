namespace Rapport.Features.Sla.Calendars;

/// <summary>
/// Whole local dates on which a calendar is closed, from 00:00 to 24:00 in the calendar's zone,
/// whatever its weekly hours say. Four kinds: a Gregorian date or range, a yearly Gregorian
/// month/day or range, a Jalali date or range, a yearly Jalali month/day or range. Ranges include
/// both ends. Records can hold invalid values (they come from user input);
/// <see cref="BusinessCalendar.TryCreate"/> reports them.
/// </summary>
public abstract record Holiday(string Name)
{
    /// <summary>The longest one-off range accepted; anything longer is a closure, not a holiday.</summary>
    internal const int MaxRangeDays = 366;

    public static Holiday On(DateOnly date, string name) => new GregorianHoliday(name, date, date);

    public static Holiday Between(DateOnly first, DateOnly last, string name) => new GregorianHoliday(name, first, last);

    public static Holiday EveryYear(int month, int day, string name) =>
        new YearlyGregorianHoliday(name, new MonthDay(month, day), new MonthDay(month, day));

    public static Holiday EveryYearBetween(MonthDay first, MonthDay last, string name) => new YearlyGregorianHoliday(name, first, last);

    public static Holiday OnJalali(int year, int month, int day, string name)
    {
        var date = new JalaliDate(year, month, day);
        return new JalaliHoliday(name, date, date);
    }

    public static Holiday BetweenJalali(JalaliDate first, JalaliDate last, string name) => new JalaliHoliday(name, first, last);

    public static Holiday EveryJalaliYear(int month, int day, string name) =>
        new YearlyJalaliHoliday(name, new MonthDay(month, day), new MonthDay(month, day));

    public static Holiday EveryJalaliYearBetween(MonthDay first, MonthDay last, string name) => new YearlyJalaliHoliday(name, first, last);

    /// <summary>Whether the holiday covers the local date; <paramref name="jalali"/> is that date in the Jalali calendar, when it has one.</summary>
    internal abstract bool Covers(DateOnly date, JalaliDate? jalali);

    /// <summary>What is wrong with the holiday as entered, or null.</summary>
    internal abstract string? Problem();

    internal virtual bool NeedsJalali => false;
}

/// <summary>One Gregorian date or a range of them (e.g. 24 Dec 2026 – 2 Jan 2027), once.</summary>
public sealed record GregorianHoliday(string Name, DateOnly First, DateOnly Last) : Holiday(Name)
{
    internal override bool Covers(DateOnly date, JalaliDate? jalali) => date >= First && date <= Last;

    internal override string? Problem() =>
        Last < First ? $"ends ({Last:yyyy-MM-dd}) before it starts ({First:yyyy-MM-dd})."
        : Last.DayNumber - First.DayNumber >= MaxRangeDays ? $"is longer than {MaxRangeDays} days."
        : null;
}

/// <summary>
/// A Gregorian month/day or range every year. A range whose last day is before its first crosses
/// the year end (31 Dec – 2 Jan). 29 February falls only in leap years.
/// </summary>
public sealed record YearlyGregorianHoliday(string Name, MonthDay First, MonthDay Last) : Holiday(Name)
{
    internal override bool Covers(DateOnly date, JalaliDate? jalali) =>
        MonthDay.InRange(date.Month * 32 + date.Day, First, Last);

    internal override string? Problem() => Check(First, "first") ?? Check(Last, "last");

    private static string? Check(MonthDay md, string which) =>
        md.Month is < 1 or > 12 ? $"{which} month must be 1–12."
        : md.Day < 1 || md.Day > DateTime.DaysInMonth(2024, md.Month) ? $"{which} day {md.Day} does not exist in month {md.Month}."
        : null;
}

/// <summary>One Jalali date or a range of them, once (e.g. 1–4 Farvardin 1404 = 21–24 March 2025).</summary>
public sealed record JalaliHoliday(string Name, JalaliDate First, JalaliDate Last) : Holiday(Name)
{
    // Only called on validated records (a calendar is built through TryCreate), so the dates convert.
    internal override bool Covers(DateOnly date, JalaliDate? jalali) => date >= First.ToDateOnly() && date <= Last.ToDateOnly();

    internal override string? Problem()
    {
        if (!First.IsValid)
        {
            return $"{First} is not a Jalali date.";
        }
        if (!Last.IsValid)
        {
            return $"{Last} is not a Jalali date.";
        }
        var (first, last) = (First.ToDateOnly(), Last.ToDateOnly());
        return last < first ? $"ends ({Last}) before it starts ({First})."
            : last.DayNumber - first.DayNumber >= MaxRangeDays ? $"is longer than {MaxRangeDays} days."
            : null;
    }
}

/// <summary>
/// A Jalali month/day or range every Jalali year, such as Nowruz (1–4 Farvardin) or Sizdah Bedar
/// (13 Farvardin). A range whose last day is before its first crosses the Jalali year end
/// (29 Esfand – 2 Farvardin). 30 Esfand falls only in Jalali leap years.
/// </summary>
public sealed record YearlyJalaliHoliday(string Name, MonthDay First, MonthDay Last) : Holiday(Name)
{
    internal override bool NeedsJalali => true;

    internal override bool Covers(DateOnly date, JalaliDate? jalali) =>
        jalali is { } j && MonthDay.InRange(j.Month * 32 + j.Day, First, Last);

    internal override string? Problem() => Check(First, "first") ?? Check(Last, "last");

    private static string? Check(MonthDay md, string which) =>
        md.Month is < 1 or > 12 ? $"{which} Jalali month must be 1–12."
        : md.Day < 1 || md.Day > JalaliDate.MaxDaysInMonth(md.Month) ? $"{which} day {md.Day} does not exist in Jalali month {md.Month}."
        : null;
}
