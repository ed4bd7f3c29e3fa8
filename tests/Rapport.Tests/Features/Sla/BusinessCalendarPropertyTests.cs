using Rapport.Features.Sla.Calendars;
using static Rapport.Tests.Features.Sla.Calendars;

namespace Rapport.Tests.Features.Sla;

/// <summary>
/// Laws that hold for every calendar, checked over generated inputs with fixed seeds. Starts are
/// drawn from 2024–2027 so they cross DST changes, Nowruz in a Jalali leap and a common year, and
/// Gregorian year ends; durations run from zero to several weeks.
/// </summary>
public sealed class BusinessCalendarPropertyTests
{
    private const int Runs = 1500;

    public static TheoryData<string> CalendarNames => [.. Samples.Keys];

    private static readonly Dictionary<string, BusinessCalendar> Samples = new()
    {
        ["tehran"] = Tehran(Nowruz()),
        ["new-york-nights"] = BusinessCalendar.Create("America/New_York",
        [
            .. Weekdays(new TimeOnly(9, 0), new TimeOnly(17, 0)),
            new WeeklySlot(DayOfWeek.Saturday, new TimeOnly(22, 0), new TimeOnly(3, 30)),
            new WeeklySlot(DayOfWeek.Sunday, new TimeOnly(3, 30), new TimeOnly(4, 0)),
            new WeeklySlot(DayOfWeek.Sunday, new TimeOnly(23, 30), new TimeOnly(1, 45)),
        ], [Holiday.EveryYear(12, 25, "Christmas"), Holiday.EveryYearBetween(new MonthDay(12, 31), new MonthDay(1, 1), "New Year")]),
        ["berlin"] = BusinessCalendar.Create("Europe/Berlin", Weekdays(new TimeOnly(9, 0), new TimeOnly(17, 0)),
            [Holiday.Between(new DateOnly(2026, 12, 24), new DateOnly(2027, 1, 1), "Christmas break")]),
        ["yerevan-sparse"] = BusinessCalendar.Create("Asia/Yerevan", [new WeeklySlot(DayOfWeek.Tuesday, new TimeOnly(10, 0), new TimeOnly(10, 20)), new WeeklySlot(DayOfWeek.Thursday, new TimeOnly(9, 0), new TimeOnly(18, 0))],
            [Holiday.EveryJalaliYearBetween(new MonthDay(12, 25), new MonthDay(1, 15), "Long Nowruz")]),
        ["always"] = BusinessCalendar.AlwaysOpen,
    };

    private static DateTime RandomStart(Random random) =>
        Utc(2024, 1, 1).AddTicks(random.NextInt64(4 * 365 * TimeSpan.TicksPerDay) / TimeSpan.TicksPerSecond * TimeSpan.TicksPerSecond);

    private static TimeSpan RandomDuration(Random random) => random.Next(4) switch
    {
        0 => TimeSpan.Zero,
        1 => TimeSpan.FromMinutes(random.Next(1, 120)),
        2 => TimeSpan.FromMinutes(random.Next(1, 5 * 24 * 60)),
        _ => TimeSpan.FromSeconds(random.Next(1, 8 * 7 * 24 * 3600)),
    };

    [Theory]
    [MemberData(nameof(CalendarNames))]
    public void DueTimeNeverGoesBackwardsAsTheStartMovesForward(string name)
    {
        var calendar = Samples[name];
        var random = new Random(1);
        for (var i = 0; i < Runs; i++)
        {
            var start = RandomStart(random);
            var later = start.AddSeconds(random.Next(0, 3 * 24 * 3600));
            var duration = RandomDuration(random);
            Assert.True(calendar.AddBusinessTime(start, duration) <= calendar.AddBusinessTime(later, duration), $"{start:O} / {later:O} + {duration}");
        }
    }

    /// <summary>
    /// Holds for every start, open or not (counting from a closed start begins at the next opening
    /// either way), whenever b is positive. With b = 0 the right side is the next opening after
    /// AddBusinessTime(s, a), which differs from it when that due time is a closing: 16:55 + 5 min
    /// is 17:00, and 17:00 + 0 is the next morning. No business time lies between the two.
    /// </summary>
    [Theory]
    [MemberData(nameof(CalendarNames))]
    public void AddingAThenBEqualsAddingTheSum(string name)
    {
        var calendar = Samples[name];
        var random = new Random(2);
        for (var i = 0; i < Runs; i++)
        {
            var start = RandomStart(random);
            var (a, b) = (RandomDuration(random), RandomDuration(random));
            var inTwoSteps = calendar.AddBusinessTime(calendar.AddBusinessTime(start, a), b);
            if (b > TimeSpan.Zero)
            {
                Assert.Equal(calendar.AddBusinessTime(start, a + b), inTwoSteps);
            }
            else
            {
                Assert.Equal(calendar.NextOpening(calendar.AddBusinessTime(start, a)), inTwoSteps);
                Assert.Equal(TimeSpan.Zero, calendar.BusinessTimeBetween(calendar.AddBusinessTime(start, a), inTwoSteps));
            }
        }
    }

    [Theory]
    [MemberData(nameof(CalendarNames))]
    public void ElapsedBusinessTimeUntilTheDueTimeIsTheDuration(string name)
    {
        var calendar = Samples[name];
        var random = new Random(3);
        for (var i = 0; i < Runs; i++)
        {
            var start = RandomStart(random);
            var duration = RandomDuration(random);
            Assert.Equal(duration, calendar.BusinessTimeBetween(start, calendar.AddBusinessTime(start, duration)));
        }
    }

    [Theory]
    [MemberData(nameof(CalendarNames))]
    public void DueTimeIsNeverInsideAClosedPeriod(string name)
    {
        var calendar = Samples[name];
        var random = new Random(4);
        for (var i = 0; i < Runs; i++)
        {
            var start = RandomStart(random);
            var duration = RandomDuration(random);
            var due = calendar.AddBusinessTime(start, duration);
            // Zero: the due time is an open instant. Otherwise the last tick counted was open (the due time may be a closing).
            Assert.True(calendar.IsOpen(duration == TimeSpan.Zero ? due : due.AddTicks(-1)), $"{start:O} + {duration} = {due:O}");
            Assert.Equal(due, calendar.AddBusinessTime(start, duration));
        }
    }

    [Theory]
    [MemberData(nameof(CalendarNames))]
    public void ElapsedBusinessTimeAddsUpOverConsecutiveSpans(string name)
    {
        var calendar = Samples[name];
        var random = new Random(5);
        for (var i = 0; i < Runs; i++)
        {
            var a = RandomStart(random);
            var b = a.AddMinutes(random.Next(0, 20 * 24 * 60));
            var c = b.AddMinutes(random.Next(0, 60 * 24 * 60));
            Assert.Equal(calendar.BusinessTimeBetween(a, c), calendar.BusinessTimeBetween(a, b) + calendar.BusinessTimeBetween(b, c));
            Assert.True(calendar.BusinessTimeBetween(a, c) <= c - a);
        }
    }

    [Theory]
    [MemberData(nameof(CalendarNames))]
    public void NextOpeningAgreesWithIsOpenAndZeroDuration(string name)
    {
        var calendar = Samples[name];
        var random = new Random(6);
        for (var i = 0; i < Runs; i++)
        {
            var t = RandomStart(random);
            var next = calendar.NextOpening(t);
            Assert.NotNull(next);
            Assert.Equal(calendar.IsOpen(t), next == t);
            Assert.True(calendar.IsOpen(next.Value));
            Assert.Equal(TimeSpan.Zero, calendar.BusinessTimeBetween(t, next.Value));
            Assert.Equal(next, calendar.AddBusinessTime(t, TimeSpan.Zero));
        }
    }

    /// <summary>
    /// Against a slow, independent reading of the rules: the local wall clock is inside a slot that
    /// started today or yesterday, and today is not a holiday. Tehran has had no clock changes
    /// since 2023, so wall-clock time is unambiguous there.
    /// </summary>
    [Fact]
    public void IsOpenMatchesAWallClockReadingOfTheRules()
    {
        var calendar = Tehran(Nowruz());
        var slots = IranianWeek();
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tehran");
        var random = new Random(7);
        for (var i = 0; i < 5000; i++)
        {
            var t = Utc(2024, 1, 1).AddMinutes(random.Next(0, 3 * 365 * 24 * 60));
            var local = TimeZoneInfo.ConvertTimeFromUtc(t, zone);
            var jalali = JalaliDate.FromDateOnly(DateOnly.FromDateTime(local))!.Value;
            var holiday = jalali.Month == 1 && (jalali.Day <= 4 || jalali.Day == 13);
            var inSlot = slots.Any(s => Enumerable.Range(0, 2).Any(back =>
            {
                var day = local.Date.AddDays(-back);
                if (day.DayOfWeek != s.Day)
                {
                    return false;
                }
                var open = day + s.Start.ToTimeSpan();
                return local >= open && local < open + s.Length;
            }));
            Assert.True(calendar.IsOpen(t) == (inSlot && !holiday), $"{local:yyyy-MM-dd HH:mm} Tehran");
        }
    }
}
