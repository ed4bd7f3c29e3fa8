using Rapport.Features.Sla.Calendars;
using static Rapport.Tests.Features.Sla.Calendars;

namespace Rapport.Tests.Features.Sla;

public sealed class CalendarValidationTests
{
    private static IReadOnlyList<CalendarError> Errors(string? zone, WeeklySlot[]? slots = null, Holiday?[]? holidays = null)
    {
        Assert.False(BusinessCalendar.TryCreate(zone, slots, holidays, out var calendar, out var errors));
        Assert.Null(calendar);
        return errors;
    }

    [Fact]
    public void ValidDefinitionHasNoErrors()
    {
        Assert.True(BusinessCalendar.TryCreate("Asia/Tehran", IranianWeek(), Nowruz(), out var calendar, out var errors));
        Assert.Empty(errors);
        Assert.Equal("Asia/Tehran", calendar.TimeZoneId);
        Assert.Equal(11, calendar.Slots.Count);
    }

    [Fact]
    public void UnknownOrMissingTimeZoneIsAFieldError()
    {
        Assert.Equal([new CalendarError("time_zone", "'Mars/Olympus' is not a known IANA time zone.")], Errors("Mars/Olympus"));
        Assert.Equal([new CalendarError("time_zone", "is required.")], Errors(" "));
    }

    [Fact]
    public void OverlappingSlotsOnADayAreRefused()
    {
        var errors = Errors("Europe/Berlin",
        [
            new(DayOfWeek.Monday, new TimeOnly(8, 0), new TimeOnly(12, 0)),
            new(DayOfWeek.Monday, new TimeOnly(11, 0), new TimeOnly(13, 0)),
        ]);
        var error = Assert.Single(errors);
        Assert.Equal("slots[0]", error.Field);
        Assert.Equal("Monday 08:00–12:00 overlaps Monday 11:00–13:00.", error.Message);
    }

    [Fact]
    public void OvernightSlotOverlappingTheNextMorningIsRefused()
    {
        var error = Assert.Single(Errors("Europe/Berlin",
        [
            new(DayOfWeek.Saturday, new TimeOnly(1, 0), new TimeOnly(5, 0)),
            new(DayOfWeek.Friday, new TimeOnly(22, 0), new TimeOnly(2, 0)),
        ]));
        Assert.Equal("slots[1]", error.Field);
    }

    [Fact]
    public void SundayNightSlotOverlappingMondayMorningIsRefused()
    {
        Assert.Single(Errors("Europe/Berlin",
        [
            new(DayOfWeek.Monday, new TimeOnly(0, 0), new TimeOnly(5, 0)),
            new(DayOfWeek.Sunday, new TimeOnly(23, 0), new TimeOnly(1, 0)),
        ]));
    }

    [Fact]
    public void TouchingSlotsAreAccepted()
    {
        Assert.True(BusinessCalendar.TryCreate("Europe/Berlin",
        [
            new(DayOfWeek.Monday, new TimeOnly(8, 0), new TimeOnly(12, 0)),
            new(DayOfWeek.Monday, new TimeOnly(12, 0), new TimeOnly(17, 0)),
            new(DayOfWeek.Sunday, new TimeOnly(20, 0), new TimeOnly(0, 0)),
        ], null, out _, out _));
    }

    [Fact]
    public void InvalidJalaliDatesAreRefused()
    {
        var errors = Errors("Asia/Tehran", IranianWeek(),
        [
            Holiday.OnJalali(1404, 12, 30, "No such day"),
            Holiday.OnJalali(1403, 12, 30, "Leap day is fine"),
            Holiday.OnJalali(1404, 7, 31, "Mehr has 30 days"),
            Holiday.EveryJalaliYear(13, 1, "No 13th month"),
            Holiday.EveryJalaliYear(12, 30, "Fine: leap years only"),
            Holiday.EveryJalaliYear(8, 31, "Aban has 30 days"),
        ]);
        Assert.Equal(["holidays[0]", "holidays[2]", "holidays[3]", "holidays[5]"], errors.Select(e => e.Field));
        Assert.Equal("1404/12/30 is not a Jalali date.", errors[0].Message);
    }

    [Fact]
    public void ReversedLongAndMissingHolidaysAreRefused()
    {
        var errors = Errors("Asia/Tehran", IranianWeek(),
        [
            Holiday.Between(new DateOnly(2026, 5, 2), new DateOnly(2026, 5, 1), "Reversed"),
            Holiday.Between(new DateOnly(2026, 1, 1), new DateOnly(2027, 6, 1), "Too long"),
            Holiday.BetweenJalali(new JalaliDate(1404, 2, 1), new JalaliDate(1404, 1, 1), "Reversed"),
            Holiday.EveryYear(2, 30, "No such day"),
            null,
        ]);
        Assert.Equal(["holidays[0]", "holidays[1]", "holidays[2]", "holidays[3]", "holidays[4]"], errors.Select(e => e.Field));
    }

    [Fact]
    public void EveryErrorIsReportedAtOnce()
    {
        var errors = Errors("Nowhere",
        [
            new(DayOfWeek.Monday, new TimeOnly(8, 0), new TimeOnly(12, 0)),
            new(DayOfWeek.Monday, new TimeOnly(8, 0), new TimeOnly(12, 0)),
        ], [Holiday.EveryJalaliYear(0, 1, "Bad")]);
        Assert.Equal(3, errors.Count);
    }

    [Fact]
    public void CreateThrowsForDefinitionsInCode()
    {
        var ex = Assert.Throws<ArgumentException>(() => BusinessCalendar.Create("Mars/Olympus", []));
        Assert.Contains("time_zone", ex.Message, StringComparison.Ordinal);
    }
}
