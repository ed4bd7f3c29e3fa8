namespace Rapport.Features.Sla.Calendars;

/// <summary>A month and day without a year, for holidays that recur every year (Gregorian or Jalali).</summary>
public readonly record struct MonthDay(int Month, int Day)
{
    /// <summary>Orders month/day pairs within a year; days past a month's real length sort after it.</summary>
    internal int Ordinal => Month * 32 + Day;

    /// <summary>Whether <paramref name="value"/> lies in first..last, wrapping over the year end when last is before first.</summary>
    internal static bool InRange(int value, MonthDay first, MonthDay last) =>
        first.Ordinal <= last.Ordinal
            ? value >= first.Ordinal && value <= last.Ordinal
            : value >= first.Ordinal || value <= last.Ordinal;

    public override string ToString() => $"{Month:00}-{Day:00}";
}
