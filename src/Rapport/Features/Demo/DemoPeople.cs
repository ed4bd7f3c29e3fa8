using System.Globalization;

namespace Rapport.Features.Demo;

internal sealed record DemoCustomer(string Name, string Email, string? Phone, string Language, string TimeZone, TimeSpan Offset,
    (string Name, string Domain, string Tier)? Company, string? Tier);

/// <summary>
/// Demo customers. Addresses use the reserved <c>.example</c> domains (RFC 2606), so nothing the
/// demo workspace sends can reach a real mailbox.
/// </summary>
internal static class DemoPeople
{
    public const string AgentDomain = "rapport-demo.example";

    private static readonly string[] PersonalDomains = ["example.com", "example.net", "example.org", "mail.example"];
    private static readonly string[] UsAreaCodes = ["212", "646", "917", "718"];

    public static DemoCustomer Customer(Random random, int index)
    {
        var roll = random.NextDouble();
        var (language, zone, offset, given, family) = roll switch
        {
            < 0.40 => ("fa", "Asia/Tehran", TimeSpan.FromHours(3.5), DemoText.PersianGiven, DemoText.PersianFamily),
            < 0.65 => ("hy", "Asia/Yerevan", TimeSpan.FromHours(4), DemoText.ArmenianGiven, DemoText.ArmenianFamily),
            < 0.80 => ("en-GB", "Europe/London", TimeSpan.Zero, DemoText.EnglishGiven, DemoText.EnglishFamily),
            _ => ("en-US", "America/New_York", TimeSpan.FromHours(-5), DemoText.EnglishGiven, DemoText.EnglishFamily),
        };
        var first = given[random.Next(given.Length)];
        var last = family[random.Next(family.Length)];
        (string Name, string Domain, string Tier)? company = random.NextDouble() < 0.25 ? CompanyFor(random, language) : null;
        var domain = company?.Domain ?? PersonalDomains[random.Next(PersonalDomains.Length)];
        // The index keeps every address unique however often a name repeats.
        var email = string.Create(CultureInfo.InvariantCulture, $"{first.Latin}.{last.Latin}{index + 1}@{domain}");
        var phone = random.NextDouble() < 0.7 ? Phone(language, index, random) : null;
        var tier = company is null ? random.NextDouble() switch { < 0.08 => "gold", < 0.25 => "silver", _ => null } : null;
        return new DemoCustomer($"{first.Name} {last.Name}", email, phone, language, zone, offset, company, tier);
    }

    private static (string, string, string) CompanyFor(Random random, string language)
    {
        // Companies of the customer's own country: the first three are Iranian, the next two Armenian.
        var (from, count) = language switch
        {
            "fa" => (0, 3),
            "hy" => (3, 2),
            _ => (5, 4),
        };
        return DemoText.Companies[from + random.Next(count)];
    }

    private static string Phone(string language, int index, Random random) => language switch
    {
        "fa" => string.Create(CultureInfo.InvariantCulture, $"+98 91{random.Next(10)} {1_000_000 + index:D7}"),
        "hy" => string.Create(CultureInfo.InvariantCulture, $"+374 9{1 + random.Next(9)} {100_000 + index % 900_000:D6}"),
        "en-GB" => string.Create(CultureInfo.InvariantCulture, $"+44 7700 {100_000 + index % 900_000:D6}"),
        _ => string.Create(CultureInfo.InvariantCulture, $"+1 {UsAreaCodes[random.Next(UsAreaCodes.Length)]} {2_000_000 + index:D7}"),
    };
}
