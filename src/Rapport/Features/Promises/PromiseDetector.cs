using System.Globalization;
using System.Text.RegularExpressions;
using Rapport.Features.Customers;

namespace Rapport.Features.Promises;

/// <summary>A time a reply commits to: the words that said it, and the moment they mean.</summary>
public sealed record PromiseSuggestion(string Phrase, string What, DateTime DueUtc);

/// <summary>
/// Finds the first commitment to a time in a reply — "by Tuesday", "tomorrow morning", «تا سه‌شنبه»,
/// «فردا صبح», «մինչև երեքշաբթի», «վաղը առավոտյան», "within 2 hours" — and turns it into a due time in
/// the agent's time zone. Pure: the clock and the zone are given. The rules, so an agent can predict them:
/// a named day alone means the end of that working day (17:00 local); with a part of the day, its hour
/// (morning 09:00, noon 12:00, afternoon 15:00, evening 18:00, night 21:00); a weekday is the next one
/// after today (today's name means a week from today); "today" after 17:00 means 23:59; "within N
/// hours/days" counts from now; "next week" is seven days from today at 17:00.
/// </summary>
public static partial class PromiseDetector
{
    public const int EndOfWorkingDay = 17;
    private const int MaxWhatLength = 200;

    private enum Day { Today, Tomorrow, NextWeek, Weekday }

    /// <summary>The first commitment in <paramref name="text"/>, or null when it promises no time.</summary>
    public static PromiseSuggestion? Detect(string? text, DateTime nowUtc, TimeZoneInfo zone)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        var normal = SearchNormaliser.Normalise(text);
        var localNow = TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(nowUtc, DateTimeKind.Utc), zone);

        var best = (Index: int.MaxValue, Length: 0, Due: (DateTime?)null);
        var span = Within().Match(normal);
        if (span.Success)
        {
            var n = int.Parse(span.Groups["n"].Value, CultureInfo.InvariantCulture);
            var unit = span.Groups["unit"].Value;
            var days = unit.StartsWith('d') || unit.StartsWith("روز", StringComparison.Ordinal) || unit.StartsWith("օր", StringComparison.Ordinal);
            if (n is > 0 and <= 366)
            {
                best = (span.Index, span.Length, days ? nowUtc.AddDays(n) : nowUtc.AddHours(n));
            }
        }
        foreach (var (regex, day) in DayPatterns)
        {
            var m = regex.Match(normal);
            if (!m.Success || m.Index >= best.Index)
            {
                continue;
            }
            var date = day switch
            {
                Day.Today => localNow.Date,
                Day.Tomorrow => localNow.Date.AddDays(1),
                Day.NextWeek => localNow.Date.AddDays(7),
                _ => NextWeekday(localNow.Date, WeekdayOf(m.Groups["day"].Value)),
            };
            var (hour, minute, partLength) = PartOfDay(normal, m.Index + m.Length);
            if (day == Day.Today && partLength == 0 && localNow.Hour >= EndOfWorkingDay)
            {
                (hour, minute) = (23, 59);
            }
            var local = date.AddHours(hour).AddMinutes(minute);
            best = (m.Index, m.Length + partLength, ToUtc(local, zone));
        }
        if (best.Due is not { } due)
        {
            return null;
        }
        var phrase = normal.Substring(best.Index, best.Length).Trim();
        return new PromiseSuggestion(phrase, Sentence(text, phrase), due);
    }

    private static readonly (Regex Regex, Day Day)[] DayPatterns =
    [
        (Today(), Day.Today),
        (Tomorrow(), Day.Tomorrow),
        (NextWeek(), Day.NextWeek),
        (Weekday(), Day.Weekday),
    ];

    // Letters of any script count as a word, so "monday" never matches inside another word.
    [GeneratedRegex(@"(?<!\p{L})(?:(?:by|later|before the end of) today|today by|tonight|(?:by |before )?(?:the )?end of (?:the )?day|eod|امروز|امشب|تا اخر روز|այսօր|այս երեկո)(?!\p{L})")]
    private static partial Regex Today();

    [GeneratedRegex(@"(?<!\p{L})(?:tomorrow|فردا|վաղը|վաղն)(?!\p{L})")]
    private static partial Regex Tomorrow();

    [GeneratedRegex(@"(?<!\p{L})(?:next week|هفته (?:بعد|اینده|دیگر)|հաջորդ շաբաթ)(?!\p{L})")]
    private static partial Regex NextWeek();

    // English weekdays need a word that points ahead ("by", "on", "next"…): "we spoke on Monday" is no promise
    // either, but a reply rarely looks back, and "I wrote on Monday" costs one dismissed suggestion.
    [GeneratedRegex(@"(?<!\p{L})(?:(?:by|before|until|till|on|next|this|coming) (?<day>monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)|(?<day>یک ?شنبه|دو ?شنبه|سه ?شنبه|چهار ?شنبه|پنج ?شنبه|شنبه|جمعه|երկուշաբթի|երեքշաբթի|չորեքշաբթի|հինգշաբթի|ուրբաթ|շաբաթ|կիրակի)\p{L}{0,3})(?!\p{L})")]
    private static partial Regex Weekday();

    [GeneratedRegex(@"(?<!\p{L})(?:(?:within|in) (?<n>\d{1,3}) (?<unit>hours?|hrs?|days?)|(?:(?:ظرف|طی|تا) )?(?<n>\d{1,3}) (?<unit>ساعت|روز) (?:دیگر|اینده)|(?:ظرف|طی) (?<n>\d{1,3}) (?<unit>ساعت|روز)|(?<n>\d{1,3}) (?<unit>ժամ|օր)\p{L}* (?:ընթացքում|հետո))(?!\p{L})")]
    private static partial Regex Within();

    [GeneratedRegex(@"^[\s,]*(?:in the |(?:by|on|at) )?(?<part>morning|noon|midday|afternoon|evening|night|صبح|ظهر|بعدازظهر|بعد از ظهر|عصر|شب|առավոտյան|առավոտը|կեսօրին|ցերեկը|երեկոյան|գիշերը)(?!\p{L})")]
    private static partial Regex Part();

    private static (int Hour, int Minute, int Length) PartOfDay(string normal, int from)
    {
        var m = Part().Match(normal[from..]);
        if (!m.Success)
        {
            return (EndOfWorkingDay, 0, 0);
        }
        var hour = m.Groups["part"].Value switch
        {
            "morning" or "صبح" or "առավոտյան" or "առավոտը" => 9,
            "noon" or "midday" or "ظهر" or "կեսօրին" => 12,
            "afternoon" or "بعدازظهر" or "بعد از ظهر" or "ցերեկը" => 15,
            "evening" or "عصر" or "երեկոյան" => 18,
            _ => 21,
        };
        return (hour, 0, m.Length);
    }

    private static DayOfWeek WeekdayOf(string word) => word.Replace(" ", "", StringComparison.Ordinal) switch
    {
        "monday" or "mon" or "دوشنبه" or "երկուշաբթի" => DayOfWeek.Monday,
        "tuesday" or "tue" or "tues" or "سهشنبه" or "երեքշաբթի" => DayOfWeek.Tuesday,
        "wednesday" or "wed" or "چهارشنبه" or "չորեքշաբթի" => DayOfWeek.Wednesday,
        "thursday" or "thu" or "thur" or "thurs" or "پنجشنبه" or "հինգշաբթի" => DayOfWeek.Thursday,
        "friday" or "fri" or "جمعه" or "ուրբաթ" => DayOfWeek.Friday,
        "saturday" or "sat" or "شنبه" or "շաբաթ" => DayOfWeek.Saturday,
        _ => DayOfWeek.Sunday,
    };

    /// <summary>The next such day after <paramref name="today"/>: a promise made on a Tuesday "by Tuesday" means next week's.</summary>
    private static DateTime NextWeekday(DateTime today, DayOfWeek day)
    {
        var ahead = ((int)day - (int)today.DayOfWeek + 7) % 7;
        return today.AddDays(ahead == 0 ? 7 : ahead);
    }

    /// <summary>Local wall time to UTC; a time skipped by a DST change moves an hour later, an ambiguous one takes the earlier instant.</summary>
    public static DateTime ToUtc(DateTime local, TimeZoneInfo zone)
    {
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        if (zone.IsInvalidTime(local))
        {
            local = local.AddHours(1);
        }
        if (zone.IsAmbiguousTime(local))
        {
            var offset = zone.GetAmbiguousTimeOffsets(local).Max();
            return DateTime.SpecifyKind(local - offset, DateTimeKind.Utc);
        }
        return TimeZoneInfo.ConvertTimeToUtc(local, zone);
    }

    /// <summary>What was promised, in the agent's words: the reply's sentence that holds the promise, shortened.</summary>
    private static string Sentence(string text, string phrase)
    {
        var sentences = SentenceEnd().Split(text.Trim()).Select(x => x.Trim()).Where(x => x.Length > 0).ToList();
        var sentence = sentences.FirstOrDefault(x => SearchNormaliser.Normalise(x).Contains(phrase, StringComparison.Ordinal)) ?? sentences.FirstOrDefault() ?? "";
        return sentence.Length > MaxWhatLength ? sentence[..MaxWhatLength] : sentence;
    }

    [GeneratedRegex(@"(?<=[.!?։؟])\s+|\n+")]
    private static partial Regex SentenceEnd();
}
