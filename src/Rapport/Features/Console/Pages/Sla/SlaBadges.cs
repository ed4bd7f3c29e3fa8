using Microsoft.EntityFrameworkCore;
using Rapport.Data;
using Rapport.Features.Sla;

namespace Rapport.Features.AgentConsole.Pages.Sla;

/// <summary>
/// The due times of a page of conversations in one query, for their <see cref="SlaBadge"/>s: a list
/// pays one read whatever its length, and none when the workspace is known to have no policy.
/// </summary>
public static class SlaBadges
{
    public static async Task<Dictionary<long, DateTime>> LoadAsync(RapportDb db, SlaPolicyCache cache, IReadOnlyCollection<long> conversationIds, CancellationToken ct)
    {
        if (cache.KnownEmpty || conversationIds.Count == 0)
        {
            return [];
        }
        var rows = await db.ConversationSlas.AsNoTracking()
            .Where(s => conversationIds.Contains(s.ConversationId) && s.BreachAt != null)
            .Select(s => new { s.ConversationId, s.BreachAt })
            .ToListAsync(ct);
        return rows.ToDictionary(r => r.ConversationId, r => r.BreachAt!.Value);
    }
}
