using Rapport.Features.AgentConsole;

namespace Rapport.Tests.Features.AgentConsole;

public sealed class ConsoleFormatTests
{
    private static readonly DateTime Nowruz1404 = new(2025, 3, 20, 20, 35, 0, DateTimeKind.Utc);

    [Fact]
    public void PersianShowsTheJalaliDateInTheAgentsZoneWithPersianDigits()
    {
        var tehran = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tehran");
        var shown = ConsoleFormat.DateTime(Nowruz1404, tehran, ConsoleCultures.For("fa"), "d MMMM yyyy، HH:mm");
        Assert.Equal("۱ فروردین ۱۴۰۴، ۰۰:۰۵", shown);
    }

    [Fact]
    public void EnglishAndArmenianKeepTheGregorianCalendarAndLatinDigits()
    {
        Assert.Equal("20 Mar 2025, 20:35", ConsoleFormat.DateTime(Nowruz1404, TimeZoneInfo.Utc, ConsoleCultures.For("en"), "d MMM yyyy, HH:mm"));
        Assert.StartsWith("21 ", ConsoleFormat.DateTime(Nowruz1404, TimeZoneInfo.FindSystemTimeZoneById("Asia/Yerevan"), ConsoleCultures.For("hy"), "d MMM yyyy, HH:mm"), StringComparison.Ordinal);
    }

    [Fact]
    public void CountsUsePersianDigitsInPersianOnly()
    {
        Assert.Equal("۱٬۲۳۴", ConsoleFormat.Number(1234, ConsoleCultures.For("fa")));
        Assert.Equal("1,234", ConsoleFormat.Number(1234, ConsoleCultures.For("en")));
    }
}
