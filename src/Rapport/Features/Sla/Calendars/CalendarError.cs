namespace Rapport.Features.Sla.Calendars;

/// <summary>
/// One reason a calendar definition was refused. <see cref="Field"/> names the input the way an API
/// body would (<c>time_zone</c>, <c>slots[2]</c>, <c>holidays[0]</c>) so an endpoint can pass it on
/// as a field error.
/// </summary>
public sealed record CalendarError(string Field, string Message);
