using Rapport.Features.Sla.Calendars;
using static Rapport.Tests.Features.Sla.Calendars;

namespace Rapport.Tests.Features.Sla;

public sealed class HolidayTests
{
    [Fact]
    public void JalaliDatesConvertWithLeapYears()
    {
        Assert.True(JalaliDate.IsLeapYear(1403));
        Assert.False(JalaliDate.IsLeapYear(1404));
        Assert.Equal(new DateOnly(2024, 3, 20), new JalaliDate(1403, 1, 1).ToDateOnly());
        Assert.Equal(new DateOnly(2025, 3, 20), new JalaliDate(1403, 12, 30).ToDateOnly());
        Assert.Equal(new DateOnly(2025, 3, 21), new JalaliDate(1404, 1, 1).ToDateOnly());
        Assert.Equal(new DateOnly(2026, 3, 20), new JalaliDate(1404, 12, 29).ToDateOnly());
        Assert.False(new JalaliDate(1404, 12, 30).IsValid);
        Assert.Equal(new JalaliDate(1404, 1, 13), JalaliDate.FromDateOnly(new DateOnly(2025, 4, 2)));
        Assert.Null(JalaliDate.FromDateOnly(new DateOnly(600, 1, 1)));
    }

    [Fact]
    public void NowruzClosesFirstToFourthFarvardinEveryYear()
    {
        var calendar = BusinessCalendar.Create("Asia/Tehran", EveryDay(TimeOnly.MinValue, TimeOnly.MinValue), Nowruz());
        // 1403 (2024): 20–23 March. 1404 (2025): 21–24 March. 1405 (2026): 21–24 March.
        AssertClosedDates(calendar, new DateOnly(2024, 3, 20), new DateOnly(2024, 3, 23));
        AssertClosedDates(calendar, new DateOnly(2025, 3, 21), new DateOnly(2025, 3, 24));
        AssertClosedDates(calendar, new DateOnly(2026, 3, 21), new DateOnly(2026, 3, 24));
        Assert.True(calendar.IsOpen(TehranTime(2025, 3, 20, 12)));
        Assert.True(calendar.IsOpen(TehranTime(2025, 3, 25, 0)));
        Assert.False(calendar.IsOpen(TehranTime(2025, 4, 2, 12)));
        Assert.True(calendar.IsOpen(TehranTime(2025, 4, 3, 12)));
    }

    [Fact]
    public void TargetAcrossNowruzWaitsUntilItEnds()
    {
        var calendar = Tehran(Nowruz());
        // Thursday 20 March 2025 (30 Esfand 1403) 12:30 + 1 h: 30 min that day; Friday 21 to Monday 24 closed.
        Assert.Equal(TehranTime(2025, 3, 25, 8, 30), calendar.AddBusinessTime(TehranTime(2025, 3, 20, 12, 30), TimeSpan.FromHours(1)));
        Assert.Equal(TimeSpan.FromHours(1), calendar.BusinessTimeBetween(TehranTime(2025, 3, 20, 12, 30), TehranTime(2025, 3, 25, 8, 30)));
    }

    [Fact]
    public void EsfandThirtyFallsOnlyInJalaliLeapYears()
    {
        var calendar = BusinessCalendar.Create("Asia/Tehran", EveryDay(TimeOnly.MinValue, TimeOnly.MinValue),
            [Holiday.EveryJalaliYear(12, 30, "Last day of a leap year")]);
        Assert.False(calendar.IsOpen(TehranTime(2025, 3, 20, 12))); // 30 Esfand 1403
        Assert.True(calendar.IsOpen(TehranTime(2026, 3, 20, 12))); // 29 Esfand 1404; there is no 30th
        Assert.True(calendar.IsOpen(TehranTime(2026, 3, 21, 12)));
    }

    [Fact]
    public void OneOffJalaliHolidaysIn1403And1404()
    {
        var calendar = BusinessCalendar.Create("Asia/Tehran", EveryDay(TimeOnly.MinValue, TimeOnly.MinValue),
        [
            Holiday.OnJalali(1403, 12, 30, "Leap day"),
            Holiday.BetweenJalali(new JalaliDate(1404, 1, 12), new JalaliDate(1404, 1, 13), "Bridge"),
        ]);
        Assert.False(calendar.IsOpen(TehranTime(2025, 3, 20, 12)));
        Assert.True(calendar.IsOpen(TehranTime(2026, 3, 20, 12)));
        AssertClosedDates(calendar, new DateOnly(2025, 4, 1), new DateOnly(2025, 4, 2));
        Assert.True(calendar.IsOpen(TehranTime(2026, 4, 1, 12)));
    }

    [Fact]
    public void JalaliRangeAcrossTheGregorianYearEnd()
    {
        // 10–12 Dey 1403 = 30 December 2024 – 1 January 2025.
        var calendar = BusinessCalendar.Create("Asia/Tehran", EveryDay(TimeOnly.MinValue, TimeOnly.MinValue),
            [Holiday.BetweenJalali(new JalaliDate(1403, 10, 10), new JalaliDate(1403, 10, 12), "Winter break")]);
        Assert.Equal(new DateOnly(2024, 12, 30), new JalaliDate(1403, 10, 10).ToDateOnly());
        AssertClosedDates(calendar, new DateOnly(2024, 12, 30), new DateOnly(2025, 1, 1));
    }

    [Fact]
    public void YearlyJalaliRangeAcrossTheJalaliYearEnd()
    {
        var calendar = BusinessCalendar.Create("Asia/Tehran", EveryDay(TimeOnly.MinValue, TimeOnly.MinValue),
            [Holiday.EveryJalaliYearBetween(new MonthDay(12, 29), new MonthDay(1, 2), "Around Nowruz")]);
        // 29 Esfand 1403 – 2 Farvardin 1404 = 19–22 March 2025 (1403 has a 30 Esfand).
        AssertClosedDates(calendar, new DateOnly(2025, 3, 19), new DateOnly(2025, 3, 22));
        // 29 Esfand 1404 – 2 Farvardin 1405 = 20–22 March 2026.
        AssertClosedDates(calendar, new DateOnly(2026, 3, 20), new DateOnly(2026, 3, 22));
    }

    [Fact]
    public void YearlyGregorianRangeAcrossTheYearEnd()
    {
        var calendar = BusinessCalendar.Create("Europe/Berlin", EveryDay(TimeOnly.MinValue, TimeOnly.MinValue),
            [Holiday.EveryYearBetween(new MonthDay(12, 31), new MonthDay(1, 2), "New Year")]);
        AssertClosedDates(calendar, new DateOnly(2026, 12, 31), new DateOnly(2027, 1, 2), "Europe/Berlin");
        AssertClosedDates(calendar, new DateOnly(2027, 12, 31), new DateOnly(2028, 1, 2), "Europe/Berlin");
    }

    [Fact]
    public void OneOffGregorianRangeAcrossTheYearEnd()
    {
        var calendar = BusinessCalendar.Create("Europe/Berlin", Weekdays(new TimeOnly(9, 0), new TimeOnly(17, 0)),
            [Holiday.Between(new DateOnly(2026, 12, 24), new DateOnly(2027, 1, 1), "Christmas break")]);
        // Wednesday 23 December 2026 16:00 CET + 2 h → Monday 4 January 2027 10:00 CET.
        Assert.Equal(Utc(2027, 1, 4, 9), calendar.AddBusinessTime(Utc(2026, 12, 23, 15), TimeSpan.FromHours(2)));
        // A year later the dates are working days again.
        Assert.True(calendar.IsOpen(Utc(2027, 12, 24, 10)));
    }

    [Fact]
    public void FebruaryTwentyNinthFallsOnlyInLeapYears()
    {
        var calendar = BusinessCalendar.Create("Europe/Berlin", EveryDay(TimeOnly.MinValue, TimeOnly.MinValue),
            [Holiday.EveryYear(2, 29, "Leap day")]);
        Assert.False(calendar.IsOpen(Utc(2028, 2, 29, 12)));
        Assert.True(calendar.IsOpen(Utc(2027, 2, 28, 12)));
        Assert.True(calendar.IsOpen(Utc(2027, 3, 1, 12)));
    }

    [Fact]
    public void HolidayOnAClosedDayChangesNothing()
    {
        var plain = Tehran();
        var withFridayHoliday = Tehran(Holiday.On(new DateOnly(2026, 1, 9), "Falls on Friday"));
        var start = TehranTime(2026, 1, 8, 12, 0);
        Assert.Equal(plain.AddBusinessTime(start, TimeSpan.FromHours(3)), withFridayHoliday.AddBusinessTime(start, TimeSpan.FromHours(3)));
    }

    [Fact]
    public void HolidayClosesTheWholeLocalDateIncludingTheTailOfAnOvernightSlot()
    {
        var calendar = BusinessCalendar.Create("Asia/Tehran", [new WeeklySlot(DayOfWeek.Friday, new TimeOnly(22, 0), new TimeOnly(2, 0))],
            [Holiday.On(new DateOnly(2026, 1, 10), "Saturday off")]);
        Assert.Equal(TimeSpan.FromHours(2), calendar.BusinessTimeBetween(TehranTime(2026, 1, 9, 0), TehranTime(2026, 1, 11, 0)));
        Assert.False(calendar.IsOpen(TehranTime(2026, 1, 10, 0, 30)));
    }

    [Fact]
    public void HolidayOnTheStartDateOfAnOvernightSlotLeavesItsTailOpen()
    {
        var calendar = BusinessCalendar.Create("Asia/Tehran", [new WeeklySlot(DayOfWeek.Friday, new TimeOnly(22, 0), new TimeOnly(2, 0))],
            [Holiday.On(new DateOnly(2026, 1, 9), "Friday off")]);
        Assert.Equal(TehranTime(2026, 1, 10, 0, 0), calendar.NextOpening(TehranTime(2026, 1, 9, 12)));
        Assert.Equal(TimeSpan.FromHours(2), calendar.BusinessTimeBetween(TehranTime(2026, 1, 9, 0), TehranTime(2026, 1, 11, 0)));
    }

    private static void AssertClosedDates(BusinessCalendar calendar, DateOnly first, DateOnly last, string zone = "Asia/Tehran")
    {
        var tz = TimeZoneInfo.FindSystemTimeZoneById(zone);
        for (var date = first.AddDays(-1); date <= last.AddDays(1); date = date.AddDays(1))
        {
            var noon = TimeZoneInfo.ConvertTimeToUtc(date.ToDateTime(new TimeOnly(12, 0)), tz);
            var expectedOpen = date < first || date > last;
            Assert.True(expectedOpen == calendar.IsOpen(noon), $"{date:yyyy-MM-dd} should be {(expectedOpen ? "open" : "closed")}");
        }
    }
}
