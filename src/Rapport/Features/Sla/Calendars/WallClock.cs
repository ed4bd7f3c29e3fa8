namespace Rapport.Features.Sla.Calendars;

/// <summary>
/// Turns a zone's wall-clock time into a UTC instant with the rules of that date. A time that
/// happens twice (the hour repeated when clocks go back) resolves to its first occurrence; a time
/// that never happens (the hour skipped when clocks go forward) resolves to the first instant after
/// the gap, the transition itself. Both choices keep the mapping monotonic, so wall-clock intervals
/// that do not overlap never overlap as instants.
/// </summary>
internal static class WallClock
{
    private const long MaxTicks = 3_155_378_975_999_999_999; // DateTime.MaxValue.Ticks

    public static long ToUtcTicks(TimeZoneInfo zone, long localTicks)
    {
        // No zone has had two transitions within two days, so the offsets a day either side are
        // the only candidates. The larger offset gives the earlier instant.
        var before = Offset(zone, localTicks - TimeSpan.TicksPerDay);
        var after = Offset(zone, localTicks + TimeSpan.TicksPerDay);
        var (high, low) = before >= after ? (before, after) : (after, before);
        if (Offset(zone, localTicks - high) == high)
        {
            return Clamp(localTicks - high);
        }
        if (high != low && Offset(zone, localTicks - low) == low)
        {
            return Clamp(localTicks - low);
        }
        if (high == low)
        {
            return Clamp(localTicks - high);
        }
        return FirstInstantWithNewOffset(zone, localTicks - high, localTicks - low);
    }

    /// <summary>The transition in (from, to]: the offset at <paramref name="from"/> is the old one, at <paramref name="to"/> the new one.</summary>
    private static long FirstInstantWithNewOffset(TimeZoneInfo zone, long from, long to)
    {
        var old = Offset(zone, from);
        while (to - from > 1)
        {
            var mid = from + (to - from) / 2;
            if (Offset(zone, mid) == old)
            {
                from = mid;
            }
            else
            {
                to = mid;
            }
        }
        return Clamp(to);
    }

    private static long Offset(TimeZoneInfo zone, long utcTicks) =>
        zone.GetUtcOffset(new DateTime(Clamp(utcTicks), DateTimeKind.Utc)).Ticks;

    private static long Clamp(long ticks) => Math.Clamp(ticks, 0, MaxTicks);
}
