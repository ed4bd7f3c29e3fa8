using Microsoft.EntityFrameworkCore;
using Rapport.Data;
using Rapport.Web;
using Rapport.Web.Auth;

namespace Rapport.Features.Sla;

public sealed record CalendarBody(string? Name, string? TimeZone, bool? AlwaysOpen, List<SlotInput>? Slots, List<HolidayInput>? Holidays);

public sealed record CalendarResponse(
    long Id, string Name, string TimeZone, bool AlwaysOpen, List<SlotInput> Slots, List<HolidayInput> Holidays, DateTime CreatedAt, DateTime UpdatedAt)
{
    public static CalendarResponse From(SlaCalendar c) =>
        new(c.Id, c.Name, c.TimeZone, c.AlwaysOpen, c.SlotList, c.HolidayList, c.CreatedAt, c.UpdatedAt);
}

public sealed record IcsImportResponse(int Imported, int Skipped, CalendarResponse Calendar);

/// <summary>Business calendars: anyone signed in reads them, only admins change them.</summary>
public static class CalendarsApi
{
    private const int MaxIcsBytes = 1024 * 1024;

    public static void MapCalendarsApi(this IEndpointRouteBuilder api)
    {
        api.MapGet("/sla/calendars", ListAsync);
        api.MapGet("/sla/calendars/{id:long}", GetAsync);
        api.MapPost("/sla/calendars", CreateAsync).RequireAuthorization(AuthSetup.Admin);
        api.MapPatch("/sla/calendars/{id:long}", UpdateAsync).RequireAuthorization(AuthSetup.Admin);
        api.MapDelete("/sla/calendars/{id:long}", DeleteAsync).RequireAuthorization(AuthSetup.Admin);
        api.MapPost("/sla/calendars/{id:long}/holidays/import", ImportIcsAsync).RequireAuthorization(AuthSetup.Admin).DisableAntiforgery();
    }

    public static async Task<IResult> ListAsync(RapportDb db, int? limit, string? cursor, CancellationToken ct)
    {
        var validation = new Validation();
        var take = Paging.Limit(limit, validation);
        var after = Paging.Decode(cursor, 1, validation)?[0] ?? 0;
        if (!validation.IsValid)
        {
            return validation.Problem();
        }
        var rows = await db.SlaCalendars.AsNoTracking().Where(c => c.Id > after).OrderBy(c => c.Id).Take(take + 1).ToListAsync(ct);
        return TypedResults.Ok(Paging.Of(rows.Select(CalendarResponse.From).ToList(), take, c => Paging.Encode(c.Id)));
    }

    public static async Task<IResult> GetAsync(long id, RapportDb db, CancellationToken ct) =>
        await db.SlaCalendars.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, ct) is { } calendar
            ? TypedResults.Ok(CalendarResponse.From(calendar))
            : TypedResults.NotFound();

    public static async Task<IResult> CreateAsync(CalendarBody body, RapportDb db, SlaPolicyCache cache, TimeProvider time, CancellationToken ct)
    {
        var calendar = new SlaCalendar("", time.GetUtcNow().UtcDateTime);
        var validation = Apply(calendar, body with { TimeZone = body.TimeZone ?? "" }, requireName: true);
        if (!validation.IsValid)
        {
            return validation.Problem();
        }
        db.SlaCalendars.Add(calendar);
        await db.SaveChangesAsync(ct);
        cache.Changed();
        return TypedResults.Created($"/api/v1/sla/calendars/{calendar.Id}", CalendarResponse.From(calendar));
    }

    /// <summary>A field left out stays as it is; slots and holidays, when given, replace the whole list.</summary>
    public static async Task<IResult> UpdateAsync(long id, CalendarBody body, RapportDb db, SlaPolicyCache cache, TimeProvider time, CancellationToken ct)
    {
        var calendar = await db.SlaCalendars.SingleOrDefaultAsync(c => c.Id == id, ct);
        if (calendar is null)
        {
            return TypedResults.NotFound();
        }
        var validation = Apply(calendar, body, requireName: body.Name is not null);
        if (!validation.IsValid)
        {
            return validation.Problem();
        }
        calendar.UpdatedAt = time.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
        cache.Changed();
        return TypedResults.Ok(CalendarResponse.From(calendar));
    }

    public static async Task<IResult> DeleteAsync(long id, RapportDb db, SlaPolicyCache cache, CancellationToken ct)
    {
        var calendar = await db.SlaCalendars.SingleOrDefaultAsync(c => c.Id == id, ct);
        if (calendar is null)
        {
            return TypedResults.NotFound();
        }
        if (await db.SlaPolicies.AnyAsync(p => p.CalendarId == id, ct))
        {
            throw new DomainException("A policy counts its targets in this calendar; give those policies another calendar first.", "calendar_in_use");
        }
        db.SlaCalendars.Remove(calendar);
        await db.SaveChangesAsync(ct);
        cache.Changed();
        return TypedResults.NoContent();
    }

    /// <summary>Adds the holidays of an .ics file (the request body) to the calendar; ones it already has (same name and dates) are not added twice.</summary>
    public static async Task<IResult> ImportIcsAsync(long id, HttpRequest request, RapportDb db, SlaPolicyCache cache, TimeProvider time, CancellationToken ct)
    {
        var calendar = await db.SlaCalendars.SingleOrDefaultAsync(c => c.Id == id, ct);
        if (calendar is null)
        {
            return TypedResults.NotFound();
        }
        var buffer = new char[MaxIcsBytes + 1];
        using var reader = new StreamReader(request.Body);
        var read = await reader.ReadBlockAsync(buffer, ct);
        if (read > MaxIcsBytes)
        {
            return new Validation().Add("file", $"must be at most {MaxIcsBytes} bytes.").Problem();
        }
        return await ImportIcsTextAsync(calendar, new string(buffer, 0, read), db, cache, time, ct);
    }

    /// <summary>The import itself, for the API and the admin page (which takes the file pasted into a form).</summary>
    public static async Task<IResult> ImportIcsTextAsync(SlaCalendar calendar, string text, RapportDb db, SlaPolicyCache cache, TimeProvider time, CancellationToken ct)
    {
        if (!text.Contains("BEGIN:VCALENDAR", StringComparison.OrdinalIgnoreCase))
        {
            return new Validation().Add("file", "is not an iCalendar file (no BEGIN:VCALENDAR).").Problem();
        }
        var parsed = IcsHolidays.Parse(text);
        var holidays = calendar.HolidayList;
        var added = parsed.Holidays.Where(h => !holidays.Contains(h)).Distinct().ToList();
        holidays.AddRange(added);
        var validation = new Validation();
        if (CalendarInput.TryBuild(calendar.TimeZone, calendar.AlwaysOpen, calendar.SlotList, holidays, validation) is null)
        {
            return validation.Problem();
        }
        calendar.Holidays = SlaJson.Write(holidays);
        calendar.UpdatedAt = time.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
        cache.Changed();
        return TypedResults.Ok(new IcsImportResponse(added.Count, parsed.Skipped, CalendarResponse.From(calendar)));
    }

    private static Validation Apply(SlaCalendar calendar, CalendarBody body, bool requireName)
    {
        var validation = new Validation();
        if (requireName)
        {
            validation.Required("name", body.Name, 200);
        }
        var zone = body.TimeZone ?? calendar.TimeZone;
        var alwaysOpen = body.AlwaysOpen ?? calendar.AlwaysOpen;
        var slots = body.Slots ?? calendar.SlotList;
        var holidays = body.Holidays ?? calendar.HolidayList;
        if (body.Slots is { Count: > 0 } && body.AlwaysOpen == true)
        {
            validation.Add("slots", "must be empty for a calendar that is always open.");
        }
        if (holidays.Count > 1000)
        {
            validation.Add("holidays", "must hold at most 1000 holidays.");
        }
        CalendarInput.TryBuild(zone, alwaysOpen, slots, holidays, validation);
        if (validation.IsValid)
        {
            if (body.Name is not null)
            {
                calendar.Name = body.Name.Trim();
            }
            calendar.TimeZone = zone;
            calendar.AlwaysOpen = alwaysOpen;
            calendar.Slots = SlaJson.Write(alwaysOpen ? [] : slots.Select(Normalise).ToList());
            calendar.Holidays = SlaJson.Write(holidays.Select(h => h with { Name = h.Name?.Trim(), Calendar = h.Calendar?.ToLowerInvariant() ?? "gregorian" }).ToList());
        }
        return validation;
    }

    private static SlotInput Normalise(SlotInput slot) => slot with { Day = slot.Day?.ToLowerInvariant() };
}
