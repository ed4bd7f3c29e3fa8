using System.Globalization;

namespace Rapport.Features.Sla.Calendars;

/// <summary>
/// A date in the Solar Hijri (Jalali, Persian) calendar: 1 Farvardin 1404 is 21 March 2025.
/// Conversion uses .NET's <see cref="PersianCalendar"/>, whose leap years follow the astronomical
/// rule (1403 is a leap year: 30 Esfand 1403 is 20 March 2025).
/// </summary>
public readonly record struct JalaliDate(int Year, int Month, int Day)
{
    private static readonly PersianCalendar Persian = new();
    private static readonly DateOnly FirstSupported = DateOnly.FromDateTime(Persian.MinSupportedDateTime);

    public bool IsValid =>
        Year >= 1 && Year <= Persian.GetYear(Persian.MaxSupportedDateTime) &&
        Month >= 1 && Month <= 12 &&
        Day >= 1 && Day <= Persian.GetDaysInMonth(Year, Month);

    /// <summary>The Gregorian date of this Jalali date. Throws when <see cref="IsValid"/> is false.</summary>
    public DateOnly ToDateOnly() => DateOnly.FromDateTime(Persian.ToDateTime(Year, Month, Day, 0, 0, 0, 0));

    /// <summary>The Jalali date of a Gregorian date, or null before 1 Farvardin 1 (22 March 622).</summary>
    public static JalaliDate? FromDateOnly(DateOnly date)
    {
        if (date < FirstSupported)
        {
            return null;
        }
        var dt = date.ToDateTime(TimeOnly.MinValue);
        return new JalaliDate(Persian.GetYear(dt), Persian.GetMonth(dt), Persian.GetDayOfMonth(dt));
    }

    public static bool IsLeapYear(int year) => Persian.IsLeapYear(year);

    /// <summary>The longest a Jalali month can be, whatever the year: 31 for the first six, 30 after (Esfand has 30 only in leap years).</summary>
    internal static int MaxDaysInMonth(int month) => month <= 6 ? 31 : 30;

    public override string ToString() => $"{Year:0000}/{Month:00}/{Day:00}";
}
