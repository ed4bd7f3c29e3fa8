using System.Globalization;
using Rapport.Features.Sla.Calendars;
using Rapport.Web;

namespace Rapport.Features.Sla;

/// <summary>A weekly slot as the API takes it: <c>{"day":"saturday","start":"08:00","end":"12:00"}</c>; an end at or before the start runs past midnight.</summary>
public sealed record SlotInput(string? Day, string? Start, string? End);

/// <summary>
/// A holiday as the API takes it. <c>calendar</c> is <c>gregorian</c> (the default) or <c>jalali</c>;
/// one-off dates are <c>yyyy-MM-dd</c> in that calendar, yearly ones (<c>yearly: true</c>) are
/// <c>MM-dd</c>; <c>last</c> makes a range (both ends included) and defaults to <c>first</c>.
/// </summary>
public sealed record HolidayInput(string? Name, string? Calendar, bool Yearly, string? First, string? Last);

/// <summary>Turns calendar input into a <see cref="BusinessCalendar"/>, reporting every problem as a field error.</summary>
public static class CalendarInput
{
    public static BusinessCalendar? TryBuild(string? timeZone, bool alwaysOpen, IReadOnlyList<SlotInput>? slotInputs, IReadOnlyList<HolidayInput>? holidayInputs, Validation validation)
    {
        var slots = new List<WeeklySlot>();
        if (alwaysOpen)
        {
            slots.AddRange(Enum.GetValues<DayOfWeek>().Select(d => new WeeklySlot(d, TimeOnly.MinValue, TimeOnly.MinValue)));
        }
        else
        {
            for (var i = 0; i < (slotInputs?.Count ?? 0); i++)
            {
                if (ParseSlot(slotInputs![i], $"slots[{i}]", validation) is { } slot)
                {
                    slots.Add(slot);
                }
            }
        }
        var holidays = new List<Holiday>();
        for (var i = 0; i < (holidayInputs?.Count ?? 0); i++)
        {
            if (ParseHoliday(holidayInputs![i], $"holidays[{i}]", validation) is { } holiday)
            {
                holidays.Add(holiday);
            }
        }
        // Said now, with the slot and holiday errors, rather than only once those are put right.
        if (string.IsNullOrWhiteSpace(timeZone))
        {
            validation.Add("time_zone", "is required.");
        }
        else if (!TimeZoneInfo.TryFindSystemTimeZoneById(timeZone, out _))
        {
            validation.Add("time_zone", $"'{timeZone}' is not a known IANA time zone.");
        }
        if (!validation.IsValid)
        {
            return null;
        }
        if (BusinessCalendar.TryCreate(timeZone, slots, holidays, out var calendar, out var errors))
        {
            return calendar;
        }
        foreach (var error in errors)
        {
            validation.Add(error.Field, error.Message);
        }
        return null;
    }

    private static WeeklySlot? ParseSlot(SlotInput? input, string field, Validation validation)
    {
        if (input is null)
        {
            validation.Add(field, "is required.");
            return null;
        }
        DayOfWeek day = default;
        if (input.Day is null || !Enum.TryParse(input.Day, true, out day) || !Enum.IsDefined(day) || int.TryParse(input.Day, out _))
        {
            validation.Add(field + ".day", "must be a day of the week (monday … sunday).");
        }
        var start = Time(input.Start, field + ".start", validation);
        var end = Time(input.End, field + ".end", validation);
        return start is { } s && end is { } e && validation.IsValid ? new WeeklySlot(day, s, e) : null;
    }

    private static TimeOnly? Time(string? value, string field, Validation validation)
    {
        if (value == "24:00")
        {
            return TimeOnly.MinValue;
        }
        if (TimeOnly.TryParseExact(value, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
        {
            return time;
        }
        validation.Add(field, "must be a time as HH:mm.");
        return null;
    }

    private static Holiday? ParseHoliday(HolidayInput? input, string field, Validation validation)
    {
        if (input is null)
        {
            validation.Add(field, "is required.");
            return null;
        }
        var name = input.Name?.Trim() ?? "";
        if (name.Length is 0 or > 200)
        {
            validation.Add(field + ".name", "is required, at most 200 characters.");
        }
        var jalali = input.Calendar?.ToLowerInvariant() switch
        {
            null or "" or "gregorian" => false,
            "jalali" => true,
            _ => (bool?)null,
        };
        if (jalali is null)
        {
            validation.Add(field + ".calendar", "must be gregorian or jalali.");
            return null;
        }
        var first = Parts(input.First, input.Yearly, field + ".first", validation);
        var last = input.Last is null ? first : Parts(input.Last, input.Yearly, field + ".last", validation);
        if (first is not { } f || last is not { } l || !validation.IsValid)
        {
            return null;
        }
        return (jalali.Value, input.Yearly) switch
        {
            (false, true) => Holiday.EveryYearBetween(new MonthDay(f[0], f[1]), new MonthDay(l[0], l[1]), name),
            (true, true) => Holiday.EveryJalaliYearBetween(new MonthDay(f[0], f[1]), new MonthDay(l[0], l[1]), name),
            (true, false) => Holiday.BetweenJalali(new JalaliDate(f[0], f[1], f[2]), new JalaliDate(l[0], l[1], l[2]), name),
            (false, false) => Gregorian(f, l, name, field, validation),
        };
    }

    private static Holiday? Gregorian(int[] f, int[] l, string name, string field, Validation validation)
    {
        try
        {
            return Holiday.Between(new DateOnly(f[0], f[1], f[2]), new DateOnly(l[0], l[1], l[2]), name);
        }
        catch (ArgumentOutOfRangeException)
        {
            validation.Add(field, "is not a Gregorian date.");
            return null;
        }
    }

    /// <summary>yyyy-MM-dd as [year, month, day], or MM-dd as [month, day] for yearly holidays.</summary>
    private static int[]? Parts(string? value, bool yearly, string field, Validation validation)
    {
        var pieces = value?.Split('-') ?? [];
        var expected = yearly ? 2 : 3;
        var numbers = new int[expected];
        var ok = pieces.Length == expected;
        for (var i = 0; ok && i < expected; i++)
        {
            ok = int.TryParse(pieces[i], NumberStyles.None, CultureInfo.InvariantCulture, out numbers[i]);
        }
        if (!ok)
        {
            validation.Add(field, yearly ? "must be a month and day as MM-dd." : "must be a date as yyyy-MM-dd.");
            return null;
        }
        return numbers;
    }
}
