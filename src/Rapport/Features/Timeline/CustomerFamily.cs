using Microsoft.EntityFrameworkCore;
using Rapport.Data;

namespace Rapport.Features.Timeline;

/// <summary>
/// A customer and every record merged into it (directly or through a chain of merges): one person
/// seen across channels. The timeline and the conversation list read by this set.
/// </summary>
public static class CustomerFamily
{
    private const int MaxDepth = 10;

    public static async Task<List<long>> IdsAsync(RapportDb db, long customerId, CancellationToken ct)
    {
        var ids = new List<long> { customerId };
        var frontier = ids.ToList();
        for (var depth = 0; depth < MaxDepth && frontier.Count > 0; depth++)
        {
            var merged = await db.Customers
                .Where(c => c.MergedIntoId != null && frontier.Contains(c.MergedIntoId.Value))
                .Select(c => c.Id)
                .ToListAsync(ct);
            frontier = merged.Except(ids).ToList();
            ids.AddRange(frontier);
        }
        return ids;
    }
}
