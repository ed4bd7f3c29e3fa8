using Rapport.Features.Promises;

namespace Rapport.Tests.Features.Promises;

public sealed class PromiseDetectorTests
{
    // A Wednesday.
    private static readonly DateTime Now = new(2026, 12, 2, 10, 0, 0, DateTimeKind.Utc);

    private static TimeZoneInfo Zone(string id) => TimeZoneInfo.FindSystemTimeZoneById(id);

    [Theory]
    [InlineData("I'll send it by Tuesday.", "UTC", "2026-12-08T17:00:00")]
    [InlineData("We will call you tomorrow morning.", "UTC", "2026-12-03T09:00:00")]
    [InlineData("Expect it on Friday afternoon", "UTC", "2026-12-04T15:00:00")]
    [InlineData("You will have it by end of day", "UTC", "2026-12-02T17:00:00")]
    [InlineData("Should be fixed within 2 hours", "UTC", "2026-12-02T12:00:00")]
    [InlineData("I'll get back to you next week", "UTC", "2026-12-09T17:00:00")]
    // Today is Wednesday: "by Wednesday" is next week's.
    [InlineData("by Wednesday at the latest", "UTC", "2026-12-09T17:00:00")]
    // Tehran is UTC+03:30: 17:00 there is 13:30 UTC.
    [InlineData("تا سه‌شنبه برایتان می‌فرستم", "Asia/Tehran", "2026-12-08T13:30:00")]
    [InlineData("تا سه شنبه برایتان می‌فرستم", "Asia/Tehran", "2026-12-08T13:30:00")]
    [InlineData("فردا صبح با شما تماس می‌گیریم", "Asia/Tehran", "2026-12-03T05:30:00")]
    [InlineData("پنجشنبه عصر آماده است", "Asia/Tehran", "2026-12-03T14:30:00")]
    [InlineData("ظرف ۳ روز پاسخ می‌دهیم", "Asia/Tehran", "2026-12-05T10:00:00")]
    // Yerevan is UTC+04:00.
    [InlineData("Կուղարկենք մինչև երեքշաբթի", "Asia/Yerevan", "2026-12-08T13:00:00")]
    [InlineData("Վաղը առավոտյան կզանգենք", "Asia/Yerevan", "2026-12-03T05:00:00")]
    [InlineData("Պատասխան կստանաք 2 ժամվա ընթացքում", "Asia/Yerevan", "2026-12-02T12:00:00")]
    // New York is UTC-05:00 in December.
    [InlineData("We'll ship it tomorrow", "America/New_York", "2026-12-03T22:00:00")]
    public void ACommitmentBecomesADueTimeInTheAgentsZone(string text, string zone, string dueUtc)
    {
        var found = PromiseDetector.Detect(text, Now, Zone(zone));

        Assert.NotNull(found);
        Assert.Equal(DateTime.Parse(dueUtc, System.Globalization.CultureInfo.InvariantCulture), found.DueUtc);
        Assert.Equal(DateTimeKind.Utc, found.DueUtc.Kind);
    }

    [Theory]
    [InlineData("Thanks for your patience.")]
    [InlineData("I checked today and it has shipped.")]
    [InlineData("It took 3 hours to arrive.")]
    [InlineData("")]
    [InlineData("The Mondayish feeling")]
    public void TextThatPromisesNoTimeSuggestsNothing(string text) =>
        Assert.Null(PromiseDetector.Detect(text, Now, TimeZoneInfo.Utc));

    [Fact]
    public void TodayAfterTheWorkingDayMeansBeforeMidnight()
    {
        var evening = new DateTime(2026, 12, 2, 18, 30, 0, DateTimeKind.Utc);
        Assert.Equal(new DateTime(2026, 12, 2, 23, 59, 0), PromiseDetector.Detect("by end of day", evening, TimeZoneInfo.Utc)!.DueUtc);
    }

    [Fact]
    public void ThePhraseAndTheSentenceThatHoldsItAreGiven()
    {
        var found = PromiseDetector.Detect("Thanks for waiting. I'll send the refund by Friday afternoon. Best, Ana", Now, TimeZoneInfo.Utc)!;

        Assert.Equal("by friday afternoon", found.Phrase);
        Assert.Equal("I'll send the refund by Friday afternoon.", found.What);
    }

    [Fact]
    public void TheFirstCommitmentWins()
    {
        var found = PromiseDetector.Detect("A first answer tomorrow, the refund by Friday.", Now, TimeZoneInfo.Utc)!;
        Assert.Equal("tomorrow", found.Phrase);
    }

    [Fact]
    public void AWallTimeSkippedByDaylightSavingMovesAnHourLater()
    {
        var newYork = Zone("America/New_York");
        // 2027-03-14 02:30 does not exist in New York: clocks go from 02:00 to 03:00 (EDT, UTC-4).
        Assert.Equal(new DateTime(2027, 3, 14, 7, 30, 0), PromiseDetector.ToUtc(new DateTime(2027, 3, 14, 2, 30, 0), newYork));
        // Berlin's 2026-10-25 02:30 happens twice; the earlier (CEST, UTC+2) is taken.
        Assert.Equal(new DateTime(2026, 10, 25, 0, 30, 0), PromiseDetector.ToUtc(new DateTime(2026, 10, 25, 2, 30, 0), Zone("Europe/Berlin")));
    }
}
