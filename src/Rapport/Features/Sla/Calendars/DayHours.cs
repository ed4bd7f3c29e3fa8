namespace Rapport.Features.Sla.Calendars;

/// <summary>
/// One local date of a calendar resolved to instants: where it starts and ends in UTC (local
/// midnight to the next local midnight, 23 or 25 hours long on DST days) and its open intervals as
/// sorted, disjoint [start, end) pairs of UTC ticks. Immutable, so it can be cached and shared.
/// </summary>
internal sealed class DayHours(int dayNumber, long startTicks, long endTicks, long[] open)
{
    public int DayNumber { get; } = dayNumber;

    public long StartTicks { get; } = startTicks;

    public long EndTicks { get; } = endTicks;

    public long[] Open { get; } = open;

    public long OpenTicks { get; } = Sum(open);

    private static long Sum(long[] open)
    {
        long total = 0;
        for (var i = 0; i < open.Length; i += 2)
        {
            total += open[i + 1] - open[i];
        }
        return total;
    }
}

/// <summary>The open time of the seven dates from day number 7 × <see cref="Week"/>.</summary>
internal sealed class WeekHours(int week, long openTicks)
{
    public int Week { get; } = week;

    public long OpenTicks { get; } = openTicks;
}
