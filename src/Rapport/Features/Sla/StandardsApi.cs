using System.Globalization;
using Microsoft.Extensions.Localization;
using Rapport.Data;
using Rapport.Features.Conversations;
using Rapport.Web;

namespace Rapport.Features.Sla;

public sealed record StandardLine(TargetKind Target, Priority Priority, int Minutes, bool BusinessTime, string Text);

public sealed record PolicyStandards(long PolicyId, string Name, List<StandardLine> Lines);

public sealed record StandardsResponse(string Lang, List<PolicyStandards> Policies);

/// <summary>
/// The service standards a customer is promised, in their language, written from the policies
/// themselves ("Urgent requests get a first reply within 5 business minutes."), so the promise and
/// the measurement can never disagree.
/// </summary>
public static class StandardsApi
{
    public static void MapStandardsApi(this IEndpointRouteBuilder api) => api.MapGet("/sla/standards", GetAsync);

    public static async Task<IResult> GetAsync(string? lang, RapportDb db, SlaPolicyCache cache, IStringLocalizer<StandardsText> text, CancellationToken ct)
    {
        var language = string.IsNullOrEmpty(lang) ? "en" : lang.ToLowerInvariant();
        if (!ServiceStandards.Languages.Contains(language))
        {
            return new Validation().Add("lang", "must be en, fa or hy.").Problem();
        }
        return TypedResults.Ok(new StandardsResponse(language, ServiceStandards.All(await cache.GetAsync(db, ct), text, language)));
    }

    public static StandardLine Line(TargetRule target, IStringLocalizer text, string language)
    {
        var mode = target.BusinessTime ? "business" : "calendar";
        var duration = target.Minutes switch
        {
            1 => text[$"One_minute_{mode}"].Value,
            60 => text[$"One_hour_{mode}"].Value,
            var m when m % 60 == 0 => string.Format(CultureInfo.InvariantCulture, text[$"Hours_{mode}"].Value, Digits(m / 60, language)),
            var m => string.Format(CultureInfo.InvariantCulture, text[$"Minutes_{mode}"].Value, Digits(m, language)),
        };
        var sentence = string.Format(CultureInfo.InvariantCulture, text[$"Target_{EnumNames.Of(target.Kind)}"].Value,
            text[$"Priority_{EnumNames.Of(target.Priority)}"].Value, duration);
        return new StandardLine(target.Kind, target.Priority, target.Minutes, target.BusinessTime, sentence);
    }

    /// <summary>Persian text is written with Persian digits.</summary>
    private static string Digits(int value, string language)
    {
        var digits = value.ToString(CultureInfo.InvariantCulture);
        return language == "fa" ? string.Concat(digits.Select(c => (char)('۰' + (c - '0')))) : digits;
    }
}
