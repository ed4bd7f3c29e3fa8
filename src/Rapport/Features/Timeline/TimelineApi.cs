using Microsoft.EntityFrameworkCore;
using Rapport.Data;
using Rapport.Features.Conversations;
using Rapport.Web;

namespace Rapport.Features.Timeline;

/// <summary>
/// One customer's history across every channel and conversation, newest first, including the
/// records merged into them: what lets an agent answer without asking the customer to repeat themselves.
/// </summary>
public static class TimelineApi
{
    public static void MapTimelineRoutes(this IEndpointRouteBuilder api)
    {
        api.MapGet("/customers/{id:long}/timeline", GetTimeline)
            .WithTags("Timeline")
            .WithSummary("A customer's activity across all conversations and channels, newest first.");
    }

    public static async Task<IResult> GetTimeline(long id, string? cursor, int? limit, RapportDb db, CancellationToken ct)
    {
        var validation = new Validation();
        var pageSize = Paging.Limit(limit, validation);
        var before = Paging.Decode(cursor, 1, validation);
        if (!validation.IsValid)
        {
            return validation.Problem();
        }
        if (!await db.Customers.AnyAsync(c => c.Id == id, ct))
        {
            return TypedResults.NotFound();
        }
        return TypedResults.Ok(await TimelineQuery.ForCustomerAsync(db, id, before?[0], pageSize, ct));
    }
}
