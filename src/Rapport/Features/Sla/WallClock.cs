using Rapport.Web;

namespace Rapport.Features.Sla;

/// <summary>
/// Times a client sends without an offset ("2026-03-20T09:00:00") are wall-clock times in the
/// business calendar's zone, the zone the calendar's hours are written in — never the server
/// machine's zone, which has nothing to do with the customer or the agent. Times with an offset or
/// "Z" are instants and stay as they are.
/// </summary>
public static class WallClock
{
    /// <summary>The instant in UTC; a wall-clock time the zone skips (a DST gap) is a validation error on <paramref name="field"/>.</summary>
    public static DateTime ToUtc(DateTime value, TimeZoneInfo zone, string field, Validation validation)
    {
        // System.Text.Json reads an offset as Local (converted to this machine's zone), "Z" as Utc, and no offset as Unspecified.
        if (value.Kind != DateTimeKind.Unspecified)
        {
            return value.ToUniversalTime();
        }
        if (zone.IsInvalidTime(value))
        {
            validation.Add(field, $"{value:yyyy-MM-dd'T'HH:mm:ss} does not exist in {zone.Id} (the clocks skip it); give an offset or another time.");
            return DateTime.SpecifyKind(value, DateTimeKind.Utc);
        }
        // An ambiguous time (clocks turned back) is read as standard time, as TimeZoneInfo does.
        return TimeZoneInfo.ConvertTimeToUtc(value, zone);
    }
}
