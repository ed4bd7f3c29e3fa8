using Rapport.Features.Sla.Calendars;
using static Rapport.Tests.Features.Sla.Calendars;

namespace Rapport.Tests.Features.Sla;

/// <summary>
/// Wall-clock slots resolved with the zone's rules for that date. New York 2026: clocks go forward
/// on 8 March at 02:00 EST (07:00Z), back on 1 November at 02:00 EDT (06:00Z). Berlin 2026: forward
/// on 29 March at 01:00Z, back on 25 October at 01:00Z.
/// </summary>
public sealed class DaylightSavingTests
{
    private static BusinessCalendar Sunday(string zone, int startHour, int startMinute, int endHour, int endMinute) =>
        BusinessCalendar.Create(zone, [new WeeklySlot(DayOfWeek.Sunday, new TimeOnly(startHour, startMinute), new TimeOnly(endHour, endMinute))]);

    [Fact]
    public void SlotAcrossSpringForwardIsOneHourShorter()
    {
        var calendar = Sunday("America/New_York", 1, 0, 4, 0);
        Assert.Equal(TimeSpan.FromHours(2), calendar.BusinessTimeBetween(Utc(2026, 3, 8), Utc(2026, 3, 9)));
        Assert.Equal(Utc(2026, 3, 8, 8), calendar.AddBusinessTime(Utc(2026, 3, 8, 6), TimeSpan.FromHours(2)));
        Assert.False(calendar.IsOpen(Utc(2026, 3, 8, 8)));
    }

    [Fact]
    public void SlotAcrossFallBackIsOneHourLonger()
    {
        // 01:00 happens twice; the slot opens at the first 01:00 (05:00Z) and closes at 04:00 EST
        // (09:00Z): the repeated hour is worked twice, so 4 real hours.
        var calendar = Sunday("America/New_York", 1, 0, 4, 0);
        Assert.Equal(TimeSpan.FromHours(4), calendar.BusinessTimeBetween(Utc(2026, 11, 1), Utc(2026, 11, 2)));
        Assert.Equal(Utc(2026, 11, 1, 5), calendar.NextOpening(Utc(2026, 11, 1)));
        Assert.Equal(Utc(2026, 11, 1, 9), calendar.AddBusinessTime(Utc(2026, 11, 1, 5), TimeSpan.FromHours(4)));
    }

    [Fact]
    public void OrdinarySundayIsThreeHours()
    {
        var calendar = Sunday("America/New_York", 1, 0, 4, 0);
        Assert.Equal(TimeSpan.FromHours(3), calendar.BusinessTimeBetween(Utc(2026, 3, 15), Utc(2026, 3, 16)));
    }

    [Fact]
    public void SlotStartingInTheSkippedHourOpensWhenTheClocksJump()
    {
        var calendar = Sunday("America/New_York", 2, 30, 5, 0);
        Assert.Equal(Utc(2026, 3, 8, 7), calendar.NextOpening(Utc(2026, 3, 8, 5)));
        Assert.Equal(TimeSpan.FromHours(2), calendar.BusinessTimeBetween(Utc(2026, 3, 8), Utc(2026, 3, 9)));
        Assert.False(calendar.IsOpen(Utc(2026, 3, 8, 6, 59)));
    }

    [Fact]
    public void SlotWhollyInsideTheSkippedHourHasNoTimeThatDay()
    {
        var calendar = Sunday("America/New_York", 2, 0, 2, 30);
        Assert.Equal(TimeSpan.Zero, calendar.BusinessTimeBetween(Utc(2026, 3, 8), Utc(2026, 3, 9)));
        Assert.Equal(Utc(2026, 3, 15, 6), calendar.NextOpening(Utc(2026, 3, 8)));
    }

    [Fact]
    public void SlotsEitherSideOfTheSkippedHourJoin()
    {
        var calendar = BusinessCalendar.Create("America/New_York",
        [
            new WeeklySlot(DayOfWeek.Sunday, new TimeOnly(0, 0), new TimeOnly(2, 0)),
            new WeeklySlot(DayOfWeek.Sunday, new TimeOnly(3, 0), new TimeOnly(5, 0)),
        ]);
        // 00:00 EST (05:00Z) to 05:00 EDT (09:00Z) without a break.
        Assert.Equal(Utc(2026, 3, 8, 9), calendar.AddBusinessTime(Utc(2026, 3, 8, 5), TimeSpan.FromHours(4)));
    }

    [Fact]
    public void SlotEndingInTheRepeatedHourEndsAtItsFirstOccurrence()
    {
        var calendar = Sunday("America/New_York", 0, 0, 1, 30);
        Assert.Equal(TimeSpan.FromHours(1.5), calendar.BusinessTimeBetween(Utc(2026, 11, 1), Utc(2026, 11, 2)));
        Assert.False(calendar.IsOpen(Utc(2026, 11, 1, 6, 15))); // the second 01:15
    }

    [Fact]
    public void SlotStartingInTheRepeatedHourStartsAtItsFirstOccurrence()
    {
        var calendar = Sunday("America/New_York", 1, 30, 3, 0);
        Assert.Equal(Utc(2026, 11, 1, 5, 30), calendar.NextOpening(Utc(2026, 11, 1)));
        Assert.Equal(TimeSpan.FromHours(2.5), calendar.BusinessTimeBetween(Utc(2026, 11, 1), Utc(2026, 11, 2)));
    }

    [Fact]
    public void NineToFiveFollowsTheLocalClockAcrossTheChange()
    {
        var calendar = BusinessCalendar.Create("America/New_York", Weekdays(new TimeOnly(9, 0), new TimeOnly(17, 0)));
        // Friday 6 March 16:00 EST (21:00Z) + 2 h → Monday 9 March 10:00 EDT (14:00Z).
        Assert.Equal(Utc(2026, 3, 9, 14), calendar.AddBusinessTime(Utc(2026, 3, 6, 21), TimeSpan.FromHours(2)));
        // Friday 30 October 16:00 EDT (20:00Z) + 2 h → Monday 2 November 10:00 EST (15:00Z).
        Assert.Equal(Utc(2026, 11, 2, 15), calendar.AddBusinessTime(Utc(2026, 10, 30, 20), TimeSpan.FromHours(2)));
    }

    [Fact]
    public void BerlinWeekendChangeMovesMondayOpeningByAnHourInUtc()
    {
        var calendar = BusinessCalendar.Create("Europe/Berlin", Weekdays(new TimeOnly(9, 0), new TimeOnly(17, 0)));
        // Friday 27 March 16:00 CET (15:00Z) + 2 h → Monday 30 March 10:00 CEST (08:00Z).
        Assert.Equal(Utc(2026, 3, 30, 8), calendar.AddBusinessTime(Utc(2026, 3, 27, 15), TimeSpan.FromHours(2)));
        Assert.Equal(Utc(2026, 3, 30, 7), calendar.NextOpening(Utc(2026, 3, 28)));
        Assert.Equal(Utc(2026, 3, 27, 8), calendar.NextOpening(Utc(2026, 3, 27, 7)));
    }

    [Fact]
    public void BerlinNightSlotsOnChangeDays()
    {
        var calendar = Sunday("Europe/Berlin", 2, 0, 3, 0);
        Assert.Equal(TimeSpan.Zero, calendar.BusinessTimeBetween(Utc(2026, 3, 28), Utc(2026, 3, 30)));
        // 02:00 CEST (00:00Z) to 03:00 CET (02:00Z).
        Assert.Equal(TimeSpan.FromHours(2), calendar.BusinessTimeBetween(Utc(2026, 10, 24), Utc(2026, 10, 26)));
    }

    [Fact]
    public void DayAroundTheClockInNewYorkIsTwentyThreeAndTwentyFiveHours()
    {
        var calendar = Sunday("America/New_York", 0, 0, 0, 0);
        Assert.Equal(TimeSpan.FromHours(23), calendar.BusinessTimeBetween(Utc(2026, 3, 7), Utc(2026, 3, 10)));
        Assert.Equal(TimeSpan.FromHours(25), calendar.BusinessTimeBetween(Utc(2026, 10, 31), Utc(2026, 11, 3)));
    }

    [Fact]
    public void TehranHasNoDaylightSavingIn2026()
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tehran");
        for (var month = 1; month <= 12; month++)
        {
            Assert.Equal(TehranOffset, zone.GetUtcOffset(Utc(2026, month, 15)));
        }
        var calendar = Tehran();
        // Saturday 20 June 2026 08:00 Tehran is 04:30Z, as in winter.
        Assert.Equal(Utc(2026, 6, 20, 4, 30), calendar.NextOpening(Utc(2026, 6, 19, 12)));
    }

    [Fact]
    public void TehranIn2021SkippedMidnight()
    {
        // DST began at 00:00 on 22 March 2021: the date started at 01:00 +04:30 (20:30Z on the 21st).
        var calendar = BusinessCalendar.Create("Asia/Tehran", EveryDay(TimeOnly.MinValue, new TimeOnly(2, 0)));
        Assert.Equal(Utc(2021, 3, 21, 20, 30), calendar.NextOpening(Utc(2021, 3, 21, 19)));
        Assert.Equal(TimeSpan.FromHours(1), calendar.BusinessTimeBetween(Utc(2021, 3, 21, 19), Utc(2021, 3, 22, 12)));
        // Summer: 00:00 +04:30.
        Assert.Equal(Utc(2021, 6, 30, 19, 30), calendar.NextOpening(Utc(2021, 6, 30, 12)));
    }

    [Fact]
    public void YerevanIsFourHoursAheadAllYear()
    {
        var calendar = BusinessCalendar.Create("Asia/Yerevan", Weekdays(new TimeOnly(9, 0), new TimeOnly(18, 0)));
        Assert.Equal(Utc(2026, 1, 5, 5), calendar.NextOpening(Utc(2026, 1, 4)));
        Assert.Equal(Utc(2026, 7, 6, 5), calendar.NextOpening(Utc(2026, 7, 5)));
        Assert.Equal(TimeSpan.FromHours(45), calendar.BusinessTimeBetween(Utc(2026, 3, 23), Utc(2026, 3, 30)));
    }

    [Fact]
    public void SamoaSkippedAWholeDateIn2011()
    {
        // Apia went from 29 December 2011 23:59:59 (-10) to 31 December 00:00 (+14).
        var calendar = BusinessCalendar.Create("Pacific/Apia", EveryDay(TimeOnly.MinValue, TimeOnly.MinValue),
            [Holiday.On(new DateOnly(2040, 1, 1), "Keeps the general path")]);
        Assert.Equal(TimeSpan.FromHours(72), calendar.BusinessTimeBetween(Utc(2011, 12, 29), Utc(2012, 1, 1)));
        Assert.Equal(Utc(2011, 12, 30, 12), calendar.AddBusinessTime(Utc(2011, 12, 30), TimeSpan.FromHours(12)));
    }
}
