using Rapport.Features.Sla.Calendars;
using static Rapport.Tests.Features.Sla.Calendars;

namespace Rapport.Tests.Features.Sla;

public sealed class BusinessCalendarTests
{
    private static readonly TimeSpan FiveMinutes = TimeSpan.FromMinutes(5);

    // 2026-01-03 is a Saturday, the first working day of the Iranian week.
    [Fact]
    public void DueTimeInsideOneSlotIsPlainAddition()
    {
        var calendar = Tehran();
        Assert.Equal(TehranTime(2026, 1, 3, 8, 5), calendar.AddBusinessTime(TehranTime(2026, 1, 3, 8, 0), FiveMinutes));
    }

    [Fact]
    public void LunchBreakIsNotCounted()
    {
        var calendar = Tehran();
        Assert.Equal(TehranTime(2026, 1, 3, 13, 3), calendar.AddBusinessTime(TehranTime(2026, 1, 3, 11, 58), FiveMinutes));
    }

    [Fact]
    public void DueTimeThatRunsOutAtClosingIsTheClosingInstant()
    {
        var calendar = Tehran();
        Assert.Equal(TehranTime(2026, 1, 3, 17, 0), calendar.AddBusinessTime(TehranTime(2026, 1, 3, 16, 55), FiveMinutes));
    }

    [Fact]
    public void WednesdayEveningCarriesIntoThursdayMorning()
    {
        var calendar = Tehran();
        Assert.Equal(TehranTime(2026, 1, 8, 8, 3), calendar.AddBusinessTime(TehranTime(2026, 1, 7, 16, 58), FiveMinutes));
    }

    [Fact]
    public void ThursdayAfternoonCarriesOverFridayToSaturday()
    {
        var calendar = Tehran();
        Assert.Equal(TehranTime(2026, 1, 10, 8, 4), calendar.AddBusinessTime(TehranTime(2026, 1, 8, 12, 59), FiveMinutes));
    }

    [Fact]
    public void StartBeforeOpeningCountsFromOpening()
    {
        var calendar = Tehran();
        Assert.Equal(TehranTime(2026, 1, 3, 8, 5), calendar.AddBusinessTime(TehranTime(2026, 1, 3, 6, 30), FiveMinutes));
    }

    [Fact]
    public void StartAfterClosingCountsFromNextMorning()
    {
        var calendar = Tehran();
        Assert.Equal(TehranTime(2026, 1, 4, 8, 5), calendar.AddBusinessTime(TehranTime(2026, 1, 3, 21, 0), FiveMinutes));
    }

    [Fact]
    public void StartOnTheWeekendCountsFromSaturday()
    {
        var calendar = Tehran();
        Assert.Equal(TehranTime(2026, 1, 10, 8, 5), calendar.AddBusinessTime(TehranTime(2026, 1, 9, 10, 0), FiveMinutes));
    }

    [Fact]
    public void StartAtMidnightOfAClosedDay()
    {
        var calendar = Tehran();
        Assert.Equal(TehranTime(2026, 1, 10, 9, 0), calendar.AddBusinessTime(TehranTime(2026, 1, 9, 0, 0), TimeSpan.FromHours(1)));
    }

    [Fact]
    public void ZeroDurationReturnsTheStartWhileOpen()
    {
        var calendar = Tehran();
        var start = TehranTime(2026, 1, 3, 9, 17);
        Assert.Equal(start, calendar.AddBusinessTime(start, TimeSpan.Zero));
    }

    [Fact]
    public void ZeroDurationReturnsTheNextOpeningWhileClosed()
    {
        var calendar = Tehran();
        Assert.Equal(TehranTime(2026, 1, 3, 13, 0), calendar.AddBusinessTime(TehranTime(2026, 1, 3, 12, 0), TimeSpan.Zero));
    }

    [Fact]
    public void ZeroDurationAtClosingReturnsTheNextOpening()
    {
        var calendar = Tehran();
        Assert.Equal(TehranTime(2026, 1, 4, 8, 0), calendar.AddBusinessTime(TehranTime(2026, 1, 3, 17, 0), TimeSpan.Zero));
    }

    [Fact]
    public void OpeningIsInclusiveAndClosingExclusive()
    {
        var calendar = Tehran();
        Assert.True(calendar.IsOpen(TehranTime(2026, 1, 3, 8, 0)));
        Assert.True(calendar.IsOpen(TehranTime(2026, 1, 3, 11, 59)));
        Assert.False(calendar.IsOpen(TehranTime(2026, 1, 3, 12, 0)));
        Assert.False(calendar.IsOpen(TehranTime(2026, 1, 9, 10, 0)));
    }

    [Fact]
    public void NextOpeningIsTheInstantItselfWhileOpen()
    {
        var calendar = Tehran();
        var open = TehranTime(2026, 1, 3, 10, 0);
        Assert.Equal(open, calendar.NextOpening(open));
        Assert.Equal(TehranTime(2026, 1, 10, 8, 0), calendar.NextOpening(TehranTime(2026, 1, 8, 13, 0)));
    }

    [Fact]
    public void AWeekOfTheIranianWeekIsFortyFiveHours()
    {
        var calendar = Tehran();
        Assert.Equal(TimeSpan.FromHours(45), calendar.BusinessTimeBetween(TehranTime(2026, 1, 3, 0, 0), TehranTime(2026, 1, 10, 0, 0)));
    }

    [Fact]
    public void TargetSpanningSeveralWeeksSkipsWholeWeeks()
    {
        var calendar = Tehran();
        // 100 hours = two full weeks (90 h) and 10 h: Saturday (8 h) and 2 h of Sunday.
        var due = calendar.AddBusinessTime(TehranTime(2026, 1, 3, 0, 0), TimeSpan.FromHours(100));
        Assert.Equal(TehranTime(2026, 1, 18, 10, 0), due);
        Assert.Equal(TimeSpan.FromHours(100), calendar.BusinessTimeBetween(TehranTime(2026, 1, 3, 0, 0), due));
    }

    [Fact]
    public void TargetOfAYearAndMoreMatchesItsElapsedBusinessTime()
    {
        var calendar = Tehran(Nowruz());
        var start = TehranTime(2026, 2, 11, 15, 20);
        var duration = TimeSpan.FromHours(3000);
        var due = calendar.AddBusinessTime(start, duration);
        Assert.Equal(duration, calendar.BusinessTimeBetween(start, due));
        Assert.True(calendar.IsOpen(due.AddTicks(-1)));
    }

    [Fact]
    public void ElapsedBusinessTimeIsZeroWhenToIsNotAfterFrom()
    {
        var calendar = Tehran();
        var t = TehranTime(2026, 1, 3, 10, 0);
        Assert.Equal(TimeSpan.Zero, calendar.BusinessTimeBetween(t, t));
        Assert.Equal(TimeSpan.Zero, calendar.BusinessTimeBetween(t, t.AddHours(-1)));
    }

    [Fact]
    public void ElapsedBusinessTimeLeavesOutLunchAndNights()
    {
        var calendar = Tehran();
        // Saturday 11–12 and 13–17, Sunday 08–10.
        Assert.Equal(TimeSpan.FromHours(7), calendar.BusinessTimeBetween(TehranTime(2026, 1, 3, 11, 0), TehranTime(2026, 1, 4, 10, 0)));
    }

    [Fact]
    public void NegativeDurationIsRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Tehran().AddBusinessTime(Utc(2026, 1, 3), TimeSpan.FromMinutes(-1)));
    }

    [Fact]
    public void LocalTimesAreRefused()
    {
        Assert.Throws<ArgumentException>(() => Tehran().IsOpen(new DateTime(2026, 1, 3, 10, 0, 0, DateTimeKind.Local)));
    }

    [Fact]
    public void ResultsAreUtc()
    {
        var due = Tehran().AddBusinessTime(new DateTime(2026, 1, 3, 6, 0, 0, DateTimeKind.Unspecified), FiveMinutes);
        Assert.Equal(DateTimeKind.Utc, due.Kind);
    }

    [Fact]
    public void OvernightSlotRunsPastMidnight()
    {
        var calendar = BusinessCalendar.Create("Asia/Tehran", [new WeeklySlot(DayOfWeek.Friday, new TimeOnly(22, 0), new TimeOnly(2, 0))]);
        // Friday 2026-01-09 23:30 + 1 h = Saturday 00:30.
        Assert.Equal(TehranTime(2026, 1, 10, 0, 30), calendar.AddBusinessTime(TehranTime(2026, 1, 9, 23, 30), TimeSpan.FromHours(1)));
        Assert.True(calendar.IsOpen(TehranTime(2026, 1, 10, 1, 59)));
        Assert.False(calendar.IsOpen(TehranTime(2026, 1, 10, 2, 0)));
        Assert.Equal(TimeSpan.FromHours(4), calendar.BusinessTimeBetween(TehranTime(2026, 1, 5, 0, 0), TehranTime(2026, 1, 12, 0, 0)));
        // Saturday 01:00 + 2 h: one hour left that night, then the next Friday night.
        Assert.Equal(TehranTime(2026, 1, 16, 23, 0), calendar.AddBusinessTime(TehranTime(2026, 1, 10, 1, 0), TimeSpan.FromHours(2)));
    }

    [Fact]
    public void OvernightSlotJoinsTheNextDaysMorningSlot()
    {
        var calendar = BusinessCalendar.Create("Asia/Tehran",
        [
            new WeeklySlot(DayOfWeek.Friday, new TimeOnly(20, 0), new TimeOnly(0, 0)),
            new WeeklySlot(DayOfWeek.Saturday, new TimeOnly(0, 0), new TimeOnly(4, 0)),
        ]);
        Assert.Equal(TehranTime(2026, 1, 10, 3, 0), calendar.AddBusinessTime(TehranTime(2026, 1, 9, 20, 0), TimeSpan.FromHours(7)));
    }

    [Fact]
    public void SlotWithEqualStartAndEndLastsTwentyFourHours()
    {
        var calendar = BusinessCalendar.Create("Asia/Tehran", [new WeeklySlot(DayOfWeek.Monday, new TimeOnly(9, 0), new TimeOnly(9, 0))]);
        Assert.Equal(TimeSpan.FromHours(24), calendar.BusinessTimeBetween(TehranTime(2026, 1, 5, 0, 0), TehranTime(2026, 1, 12, 0, 0)));
        Assert.True(calendar.IsOpen(TehranTime(2026, 1, 6, 8, 59)));
    }

    [Fact]
    public void DaysWithoutSlotsAreSkipped()
    {
        var calendar = BusinessCalendar.Create("Europe/Berlin", [new WeeklySlot(DayOfWeek.Wednesday, new TimeOnly(10, 0), new TimeOnly(11, 0))]);
        // Thursday 2026-01-08 → the next Wednesday, 2026-01-14 10:30 CET.
        Assert.Equal(Utc(2026, 1, 14, 9, 30), calendar.AddBusinessTime(Utc(2026, 1, 8, 12), TimeSpan.FromMinutes(30)));
    }

    [Fact]
    public void CalendarWithNoHoursIsNeverOpenAndNeverDue()
    {
        var calendar = BusinessCalendar.Create("Asia/Yerevan", []);
        var t = Utc(2026, 5, 1, 10);
        Assert.False(calendar.IsOpen(t));
        Assert.Null(calendar.NextOpening(t));
        Assert.Equal(DateTime.MaxValue, calendar.AddBusinessTime(t, FiveMinutes));
        Assert.Equal(DateTime.MaxValue, calendar.AddBusinessTime(t, TimeSpan.Zero));
        Assert.Equal(TimeSpan.Zero, calendar.BusinessTimeBetween(t, t.AddDays(30)));
    }

    [Fact]
    public void CalendarWhoseHolidaysCoverEveryDateIsNeverDue()
    {
        var calendar = BusinessCalendar.Create("Asia/Tehran", IranianWeek(),
            [Holiday.EveryYearBetween(new MonthDay(1, 1), new MonthDay(12, 31), "Closed")]);
        var t = Utc(2026, 5, 1, 10);
        Assert.Null(calendar.NextOpening(t));
        Assert.Equal(DateTime.MaxValue, calendar.AddBusinessTime(t, FiveMinutes));
        Assert.Equal(TimeSpan.Zero, calendar.BusinessTimeBetween(t, t.AddDays(800)));
    }

    [Fact]
    public void DueTimePastYear9999IsMaxValue()
    {
        var calendar = Tehran();
        Assert.Equal(DateTime.MaxValue, calendar.AddBusinessTime(new DateTime(9999, 12, 30, 0, 0, 0, DateTimeKind.Utc), TimeSpan.FromHours(100)));
    }

    [Fact]
    public void AlwaysOpenIsPlainAddition()
    {
        var calendar = BusinessCalendar.AlwaysOpen;
        var random = new Random(24_7);
        for (var i = 0; i < 1000; i++)
        {
            var start = Utc(2020, 1, 1).AddMinutes(random.Next(0, 10 * 365 * 24 * 60));
            var duration = TimeSpan.FromSeconds(random.Next(0, 60 * 24 * 3600));
            Assert.Equal(start + duration, calendar.AddBusinessTime(start, duration));
            Assert.Equal(duration, calendar.BusinessTimeBetween(start, start + duration));
            Assert.True(calendar.IsOpen(start));
            Assert.Equal(start, calendar.NextOpening(start));
        }
        Assert.Equal(DateTime.MaxValue, calendar.AddBusinessTime(DateTime.MaxValue.AddDays(-1), TimeSpan.FromDays(2)));
    }

    [Fact]
    public void AlwaysOpenInAZoneWithDaylightSavingIsStillPlainAddition()
    {
        // A far-away holiday keeps the general path (no shortcut for "open every instant").
        var calendar = BusinessCalendar.Create("America/New_York", EveryDay(TimeOnly.MinValue, TimeOnly.MinValue),
            [Holiday.On(new DateOnly(2040, 1, 1), "Far away")]);
        var random = new Random(7);
        for (var i = 0; i < 500; i++)
        {
            var start = Utc(2026, 1, 1).AddMinutes(random.Next(0, 365 * 24 * 60));
            var duration = TimeSpan.FromMinutes(random.Next(0, 40 * 24 * 60));
            Assert.Equal(start + duration, calendar.AddBusinessTime(start, duration));
            Assert.Equal(duration, calendar.BusinessTimeBetween(start, start + duration));
        }
    }
}
