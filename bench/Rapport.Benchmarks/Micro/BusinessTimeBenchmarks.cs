using BenchmarkDotNet.Attributes;
using Rapport.Features.Sla.Calendars;

namespace Rapport.Benchmarks.Micro;

/// <summary>
/// Due-time maths behind every SLA target: the Iranian week in Tehran with Nowruz holidays, and a
/// New York nine-to-five across DST. Starts cover one year so the per-date cache is warm, as it is
/// in a running server. OperationsPerInvoke makes the reported mean the time of one call.
/// </summary>
[MemoryDiagnoser]
public class BusinessTimeBenchmarks
{
    private const int Batch = 1000;

    private BusinessCalendar _tehran = null!;
    private BusinessCalendar _newYork = null!;
    private DateTime[] _starts = null!;
    private TimeSpan[] _durations = null!;

    [GlobalSetup]
    public void Setup()
    {
        var slots = new List<WeeklySlot>();
        foreach (var day in new[] { DayOfWeek.Saturday, DayOfWeek.Sunday, DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday })
        {
            slots.Add(new(day, new TimeOnly(8, 0), new TimeOnly(12, 0)));
            slots.Add(new(day, new TimeOnly(13, 0), new TimeOnly(17, 0)));
        }
        slots.Add(new(DayOfWeek.Thursday, new TimeOnly(8, 0), new TimeOnly(13, 0)));
        _tehran = BusinessCalendar.Create("Asia/Tehran", slots,
            [Holiday.EveryJalaliYearBetween(new MonthDay(1, 1), new MonthDay(1, 4), "Nowruz"), Holiday.EveryJalaliYear(1, 13, "Sizdah Bedar")]);
        _newYork = BusinessCalendar.Create("America/New_York",
            [.. new[] { DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday }
                .Select(d => new WeeklySlot(d, new TimeOnly(9, 0), new TimeOnly(17, 0)))],
            [Holiday.EveryYear(12, 25, "Christmas")]);

        // From a 5-minute first-reply target to a 3-day resolution target.
        var random = new Random(42);
        _starts = new DateTime[Batch];
        _durations = new TimeSpan[Batch];
        var year = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        for (var i = 0; i < Batch; i++)
        {
            _starts[i] = year.AddMinutes(random.Next(0, 365 * 24 * 60));
            _durations[i] = TimeSpan.FromMinutes(random.Next(5) switch { 0 => 5, 1 => 30, 2 => 240, 3 => 8 * 60, _ => 3 * 24 * 60 });
        }
        AddBusinessTimeTehran();
        AddBusinessTimeNewYork();
    }

    [Benchmark(OperationsPerInvoke = Batch)]
    public DateTime AddBusinessTimeTehran()
    {
        var last = default(DateTime);
        for (var i = 0; i < Batch; i++)
        {
            last = _tehran.AddBusinessTime(_starts[i], _durations[i]);
        }
        return last;
    }

    [Benchmark(OperationsPerInvoke = Batch)]
    public DateTime AddBusinessTimeNewYork()
    {
        var last = default(DateTime);
        for (var i = 0; i < Batch; i++)
        {
            last = _newYork.AddBusinessTime(_starts[i], _durations[i]);
        }
        return last;
    }

    [Benchmark(OperationsPerInvoke = Batch)]
    public TimeSpan BusinessTimeBetweenTehran()
    {
        var total = TimeSpan.Zero;
        for (var i = 0; i < Batch; i++)
        {
            total += _tehran.BusinessTimeBetween(_starts[i], _starts[i] + _durations[i]);
        }
        return total;
    }
}
