using System.Globalization;
using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Rapport.Data;
using Rapport.Web;
using Rapport.Web.Auth;

namespace Rapport.Features.Reports;

public sealed record PromisesReport(DateTime From, DateTime To, PromiseGrouping GroupBy, List<PromiseCountRow> Groups);

/// <summary>
/// Reports are for the people who run the team: admins and team leads (Rapport's supervisors).
/// Agents and light agents are refused.
/// </summary>
public static class ReportsApi
{
    public const int MaxDays = 366;

    public static void MapReportsApi(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/reports").WithTags("Reports").RequireAuthorization(AuthSetup.Read);
        group.MapGet("/promises", PromisesAsync)
            .WithSummary("Promises due in [from, to) counted per agent (who made them) or team: made, kept, missed, open, cancelled and the kept rate. Dates are ISO 8601; a date alone is midnight UTC; by default the last 30 days.");
    }

    public static async Task<IResult> PromisesAsync(string? from, string? to, string? group_by, ClaimsPrincipal user, RapportDb db, PromiseCounting counting, TimeProvider time, CancellationToken ct)
    {
        if (!await CanReadAsync(db, user, ct))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Reports are for admins and team leads.");
        }
        var (query, validation) = Read(from, to, group_by, time.GetUtcNow().UtcDateTime);
        if (!validation.IsValid)
        {
            return validation.Problem();
        }
        var rows = await counting.CountAsync(query.From, query.To, query.By, ct);
        return TypedResults.Ok(new PromisesReport(query.From, query.To, query.By, rows));
    }

    public static async Task<bool> CanReadAsync(RapportDb db, ClaimsPrincipal user, CancellationToken ct) =>
        user.IsAdmin() || await db.Teams.AnyAsync(t => t.LeadUserId == user.UserId(), ct);

    public sealed record PeriodQuery(DateTime From, DateTime To, PromiseGrouping By);

    /// <summary>The period and grouping asked for, with a field-level error for each part that is wrong.</summary>
    public static (PeriodQuery Query, Validation Validation) Read(string? from, string? to, string? groupBy, DateTime now)
    {
        var validation = new Validation();
        var end = Date("to", to, validation) ?? now;
        var start = Date("from", from, validation) ?? end.AddDays(-30);
        var by = PromiseGrouping.Agent;
        if (!string.IsNullOrEmpty(groupBy) && !Enum.TryParse(groupBy, ignoreCase: true, out by) || !string.IsNullOrEmpty(groupBy) && int.TryParse(groupBy, out _))
        {
            validation.Add("group_by", "must be agent or team.");
        }
        if (validation.IsValid && start >= end)
        {
            validation.Add("from", "must be before to.");
        }
        else if (validation.IsValid && (end - start).TotalDays > MaxDays)
        {
            validation.Add("to", $"must be at most {MaxDays} days after from.");
        }
        return (new PeriodQuery(start, end, by), validation);
    }

    private static DateTime? Date(string field, string? value, Validation validation)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }
        if (DateTimeOffset.TryParseExact(value.Trim(), ["yyyy-MM-dd", "yyyy-MM-ddTHH:mm:ssK", "yyyy-MM-ddTHH:mm:ss.FFFFFFFK", "yyyy-MM-ddTHH:mmK"],
                CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
        {
            return parsed.UtcDateTime;
        }
        validation.Add(field, "must be an ISO 8601 date (2026-12-01) or date and time with an offset (2026-12-01T00:00:00Z).");
        return null;
    }
}
