using Rapport.Features.Conversations;
using Rapport.Features.Sla;

namespace Rapport.Tests.Features.Sla;

/// <summary>Policy conditions and the .ics reader, without a database.</summary>
public sealed class SlaRulesTests
{
    private static SlaSubject Subject(Priority priority = Priority.Normal, Channel channel = Channel.Email, string? tier = null, long? company = null,
        long? team = null, params string[] tags) => new(priority, channel, tier, company, team, tags);

    [Fact]
    public void EmptyConditionsMatchEverything() => Assert.True(new PolicyConditions().Matches(Subject()));

    [Fact]
    public void EveryGivenListMustHoldTheConversationsValue()
    {
        var conditions = new PolicyConditions(Priorities: [Priority.Urgent, Priority.High], Tiers: ["Gold"], Channels: [Channel.Chat]);
        Assert.True(conditions.Matches(Subject(Priority.High, Channel.Chat, tier: "gold")));
        Assert.False(conditions.Matches(Subject(Priority.Normal, Channel.Chat, tier: "gold")));
        Assert.False(conditions.Matches(Subject(Priority.High, Channel.Email, tier: "gold")));
        Assert.False(conditions.Matches(Subject(Priority.High, Channel.Chat, tier: null)));
    }

    [Fact]
    public void AnyOfTheTagsTeamsAndCompaniesMatch()
    {
        var conditions = new PolicyConditions(TeamIds: [1, 2], CompanyIds: [7], Tags: ["vip", "press"]);
        Assert.True(conditions.Matches(Subject(team: 2, company: 7, tags: ["other", "PRESS"])));
        Assert.False(conditions.Matches(Subject(team: null, company: 7, tags: ["vip"])));
        Assert.False(conditions.Matches(Subject(team: 1, company: 8, tags: ["vip"])));
        Assert.False(conditions.Matches(Subject(team: 1, company: 7, tags: [])));
    }

    [Fact]
    public void AnIcsFileGivesOneOffRangesAndYearlyHolidays()
    {
        const string ics = "BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:20260320\nDTEND;VALUE=DATE:20260325\nSUMMARY:Nowruz\\, 1405\nEND:VEVENT\n"
            + "BEGIN:VEVENT\nDTSTART:20261225T000000Z\nSUMMARY:Christ\n mas\nRRULE:FREQ=YEARLY;BYMONTH=12\nEND:VEVENT\n"
            + "BEGIN:VEVENT\nDTSTART;VALUE=DATE:2026\nSUMMARY:Broken\nEND:VEVENT\nEND:VCALENDAR\n";
        var result = IcsHolidays.Parse(ics);
        Assert.Equal(1, result.Skipped);
        Assert.Equal(
            [new HolidayInput("Nowruz, 1405", "gregorian", false, "2026-03-20", "2026-03-24"), new HolidayInput("Christmas", "gregorian", true, "12-25", "12-25")],
            result.Holidays);
    }

    [Fact]
    public void WarningPointsOutsideTheBudgetFallNowhere()
    {
        var budget = TimeSpan.FromMinutes(10);
        Assert.Equal(TimeSpan.FromMinutes(7.5), new WarningPoint(PercentElapsed: 75).ElapsedFor(budget));
        Assert.Equal(TimeSpan.FromMinutes(5), new WarningPoint(MinutesLeft: 5).ElapsedFor(budget));
        Assert.Null(new WarningPoint(MinutesLeft: 15).ElapsedFor(budget));
    }
}
