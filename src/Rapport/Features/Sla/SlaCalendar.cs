using Rapport.Features.Sla.Calendars;

namespace Rapport.Features.Sla;

/// <summary>
/// A stored business calendar: its zone, weekly slots and holidays as the admin entered them (JSON
/// in the API's shapes), turned into a <see cref="BusinessCalendar"/> for the maths.
/// </summary>
public sealed class SlaCalendar
{
    private SlaCalendar() { }

    public SlaCalendar(string name, DateTime now)
    {
        Name = name;
        CreatedAt = now;
        UpdatedAt = now;
    }

    public long Id { get; private set; }
    public string Name { get; set; } = "";
    public string TimeZone { get; set; } = "Etc/UTC";
    /// <summary>Open every hour of every day in its zone (holidays still close it): the 24/7 calendar.</summary>
    public bool AlwaysOpen { get; set; }
    /// <summary>JSON array of <see cref="SlotInput"/>.</summary>
    public string Slots { get; set; } = "[]";
    /// <summary>JSON array of <see cref="HolidayInput"/>.</summary>
    public string Holidays { get; set; } = "[]";
    public DateTime CreatedAt { get; private set; }
    public DateTime UpdatedAt { get; set; }

    public List<SlotInput> SlotList => SlaJson.Read(Slots, new List<SlotInput>());

    public List<HolidayInput> HolidayList => SlaJson.Read(Holidays, new List<HolidayInput>());

    /// <summary>The calendar for the maths; stored definitions were validated on the way in.</summary>
    public BusinessCalendar ToBusinessCalendar() =>
        CalendarInput.TryBuild(TimeZone, AlwaysOpen, SlotList, HolidayList, new Web.Validation())
        ?? throw new InvalidOperationException($"Stored calendar {Id} is not valid.");
}
