namespace Rapport.Features.Sla.Calendars;

public sealed partial class BusinessCalendar
{
    /// <summary>
    /// After this many dates in a row without open time the calendar is treated as never opening
    /// again (holidays can cover every date; one-off ranges are at most 366 days, so ten years
    /// without an opening means none is coming). It bounds every search.
    /// </summary>
    public const int MaxClosedDays = 3660;

    // Direct-mapped caches: a slot holds one immutable entry, replaced whole, so readers on other
    // threads see either the old entry or the new one. 1024 dates cover almost three years, 1024
    // week totals almost twenty.
    private const int DayCacheSize = 1024;
    private const int WeekCacheSize = 1024;
    private static readonly int LastDay = DateOnly.MaxValue.DayNumber;

    private readonly DayHours?[] _days = new DayHours?[DayCacheSize];
    private readonly WeekHours?[] _weeks = new WeekHours?[WeekCacheSize];

    /// <summary>
    /// The instant <paramref name="duration"/> of business time after <paramref name="startUtc"/>:
    /// the due time of an SLA target. Counting starts at <paramref name="startUtc"/> when the
    /// calendar is open then, else at the next opening; a zero duration returns that instant. A
    /// positive duration that runs out exactly at a closing returns the closing instant (16:55 plus
    /// 5 minutes is 17:00, not the next morning). When the calendar never opens again (no weekly
    /// slots, or <see cref="MaxClosedDays"/> closed dates in a row) or the due time would fall after
    /// year 9999, the result is <see cref="DateTime.MaxValue"/>: the target is never due.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The duration is negative.</exception>
    /// <exception cref="ArgumentException">The start is a local time.</exception>
    public DateTime AddBusinessTime(DateTime startUtc, TimeSpan duration)
    {
        var t = UtcTicks(startUtc);
        ArgumentOutOfRangeException.ThrowIfLessThan(duration, TimeSpan.Zero);
        var remaining = duration.Ticks;
        if (_alwaysOpen)
        {
            return remaining > DateTime.MaxValue.Ticks - t ? Never : Utc(t + remaining);
        }
        if (!_hasHours)
        {
            return Never;
        }

        var day = Locate(t);
        var closedDays = 0;
        while (true)
        {
            var open = day.Open;
            for (var i = 0; i < open.Length; i += 2)
            {
                var end = open[i + 1];
                if (end <= t)
                {
                    continue;
                }
                var from = Math.Max(open[i], t);
                if (remaining <= end - from)
                {
                    return Utc(from + remaining);
                }
                remaining -= end - from;
            }
            closedDays = open.Length == 0 ? closedDays + 1 : 0;

            // Whole weeks with less open time than is left are skipped in one step each.
            var next = day.DayNumber + 1;
            while (next % 7 == 0 && next + 7 <= LastDay && closedDays <= MaxClosedDays)
            {
                var week = GetWeek(next / 7);
                if (week.OpenTicks >= remaining)
                {
                    break;
                }
                remaining -= week.OpenTicks;
                closedDays = week.OpenTicks == 0 ? closedDays + 7 : 0;
                next += 7;
            }
            if (next > LastDay || closedDays > MaxClosedDays)
            {
                return Never;
            }
            day = GetDay(next);
            t = day.StartTicks;
        }
    }

    /// <summary>
    /// Business time between two instants: the length of their overlap with open intervals. Zero
    /// when <paramref name="toUtc"/> is not after <paramref name="fromUtc"/>. For any start s and
    /// duration d whose due time is not <see cref="DateTime.MaxValue"/>,
    /// BusinessTimeBetween(s, AddBusinessTime(s, d)) == d.
    /// </summary>
    public TimeSpan BusinessTimeBetween(DateTime fromUtc, DateTime toUtc)
    {
        var t = UtcTicks(fromUtc);
        var to = UtcTicks(toUtc);
        if (to <= t || !_hasHours)
        {
            return TimeSpan.Zero;
        }
        if (_alwaysOpen)
        {
            return TimeSpan.FromTicks(to - t);
        }

        long total = 0;
        var day = Locate(t);
        while (true)
        {
            var open = day.Open;
            for (var i = 0; i < open.Length; i += 2)
            {
                var (start, end) = (open[i], open[i + 1]);
                if (end <= t)
                {
                    continue;
                }
                if (start >= to)
                {
                    return TimeSpan.FromTicks(total);
                }
                total += Math.Min(end, to) - Math.Max(start, t);
            }
            if (day.EndTicks >= to || day.DayNumber >= LastDay)
            {
                return TimeSpan.FromTicks(total);
            }
            var next = day.DayNumber + 1;
            while (next % 7 == 0 && next + 7 <= LastDay && GetDay(next + 6).EndTicks <= to)
            {
                total += GetWeek(next / 7).OpenTicks;
                next += 7;
            }
            day = GetDay(next);
            t = day.StartTicks;
        }
    }

    /// <summary>Whether <paramref name="utc"/> is inside an open interval. Intervals are half-open: open at 08:00, closed at 17:00.</summary>
    public bool IsOpen(DateTime utc)
    {
        var t = UtcTicks(utc);
        if (_alwaysOpen)
        {
            return true;
        }
        var open = Locate(t).Open;
        for (var i = 0; i < open.Length; i += 2)
        {
            if (t >= open[i] && t < open[i + 1])
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>
    /// The earliest instant at or after <paramref name="utc"/> when the calendar is open:
    /// <paramref name="utc"/> itself while open. Null when it never opens again (no weekly slots,
    /// or <see cref="MaxClosedDays"/> closed dates in a row, or not before year 10000).
    /// </summary>
    public DateTime? NextOpening(DateTime utc)
    {
        var t = UtcTicks(utc);
        if (_alwaysOpen)
        {
            return Utc(t);
        }
        if (!_hasHours)
        {
            return null;
        }
        var day = Locate(t);
        var closedDays = 0;
        while (true)
        {
            var open = day.Open;
            for (var i = 0; i < open.Length; i += 2)
            {
                if (open[i + 1] > t)
                {
                    return Utc(Math.Max(open[i], t));
                }
            }
            closedDays = open.Length == 0 ? closedDays + 1 : 0;
            if (day.DayNumber >= LastDay || closedDays > MaxClosedDays)
            {
                return null;
            }
            day = GetDay(day.DayNumber + 1);
        }
    }

    private static readonly DateTime Never = DateTime.SpecifyKind(DateTime.MaxValue, DateTimeKind.Utc);

    private static DateTime Utc(long ticks) => new(ticks, DateTimeKind.Utc);

    private static long UtcTicks(DateTime value) =>
        value.Kind == DateTimeKind.Local
            ? throw new ArgumentException("Business calendars work in UTC; convert the value first.", nameof(value))
            : value.Ticks;

    /// <summary>The local date whose [start, end) contains the instant.</summary>
    private DayHours Locate(long utcTicks)
    {
        var guess = (utcTicks + _baseOffsetTicks) / TimeSpan.TicksPerDay;
        var dayNumber = (int)Math.Clamp(guess, 0, LastDay);
        var day = GetDay(dayNumber);
        while (utcTicks < day.StartTicks && day.DayNumber > 0)
        {
            day = GetDay(day.DayNumber - 1);
        }
        while (utcTicks >= day.EndTicks && day.DayNumber < LastDay)
        {
            day = GetDay(day.DayNumber + 1);
        }
        return day;
    }

    private DayHours GetDay(int dayNumber)
    {
        ref var slot = ref _days[dayNumber & (DayCacheSize - 1)];
        var cached = Volatile.Read(ref slot);
        if (cached is not null && cached.DayNumber == dayNumber)
        {
            return cached;
        }
        var computed = ComputeDay(dayNumber);
        Volatile.Write(ref slot, computed);
        return computed;
    }

    private WeekHours GetWeek(int week)
    {
        ref var slot = ref _weeks[week & (WeekCacheSize - 1)];
        var cached = Volatile.Read(ref slot);
        if (cached is not null && cached.Week == week)
        {
            return cached;
        }
        long total = 0;
        for (var d = week * 7; d < week * 7 + 7; d++)
        {
            total += GetDay(d).OpenTicks;
        }
        var computed = new WeekHours(week, total);
        Volatile.Write(ref slot, computed);
        return computed;
    }

    private DayHours ComputeDay(int dayNumber)
    {
        var date = DateOnly.FromDayNumber(dayNumber);
        var midnight = (long)dayNumber * TimeSpan.TicksPerDay;
        var start = WallClock.ToUtcTicks(_zone, midnight);
        var end = WallClock.ToUtcTicks(_zone, midnight + TimeSpan.TicksPerDay);
        var pattern = _pattern[(int)date.DayOfWeek];
        if (pattern.Length == 0 || IsHoliday(date))
        {
            return new DayHours(dayNumber, start, end, []);
        }
        var open = new long[pattern.Length];
        var count = 0;
        for (var i = 0; i < pattern.Length; i += 2)
        {
            var from = pattern[i] == 0 ? start : WallClock.ToUtcTicks(_zone, midnight + pattern[i]);
            var to = pattern[i + 1] == TimeSpan.TicksPerDay ? end : WallClock.ToUtcTicks(_zone, midnight + pattern[i + 1]);
            if (to <= from)
            {
                continue; // wholly inside a skipped hour
            }
            if (count > 0 && open[count - 1] == from)
            {
                open[count - 1] = to; // the skipped hour joined two slots
            }
            else
            {
                open[count++] = from;
                open[count++] = to;
            }
        }
        return new DayHours(dayNumber, start, end, count == open.Length ? open : open[..count]);
    }

    private bool IsHoliday(DateOnly date)
    {
        var jalali = _needsJalali ? JalaliDate.FromDateOnly(date) : null;
        foreach (var holiday in _holidays)
        {
            if (holiday.Covers(date, jalali))
            {
                return true;
            }
        }
        return false;
    }
}
