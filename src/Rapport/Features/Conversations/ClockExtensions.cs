namespace Rapport.Features.Conversations;

internal static class ClockExtensions
{
    /// <summary>
    /// Now, in whole microseconds: what PostgreSQL keeps. A time echoed back from memory right
    /// after a save then equals the same time read back later, and cursors built from either agree.
    /// </summary>
    public static DateTime UtcNow(this TimeProvider time)
    {
        var now = time.GetUtcNow().UtcDateTime;
        return new DateTime(now.Ticks - now.Ticks % 10, DateTimeKind.Utc);
    }
}
