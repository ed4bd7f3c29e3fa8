using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Rapport.Data;
using Rapport.Web.Auth;

namespace Rapport.Features.Conversations;

public static partial class ConversationsApi
{
    /// <summary>Removes the link between two conversations, from either side; a merge's link goes too, the merge itself stays.</summary>
    public static async Task<IResult> RemoveLink(long id, long otherId, ClaimsPrincipal user, RapportDb db, TimeProvider time, CancellationToken ct)
    {
        var (low, high) = (Math.Min(id, otherId), Math.Max(id, otherId));
        var link = await db.ConversationLinks.SingleOrDefaultAsync(l => l.ConversationId == low && l.LinkedConversationId == high, ct);
        if (link is null)
        {
            return TypedResults.NotFound();
        }
        var both = await db.Conversations.Where(c => c.Id == id || c.Id == otherId).ToListAsync(ct);
        var conversation = both.Single(c => c.Id == id);
        conversation.Unlink(both.Single(c => c.Id == otherId), user.Actor(), time.UtcNow());
        db.ConversationLinks.Remove(link);
        await db.SaveChangesAsync(ct);
        return TypedResults.NoContent();
    }
}
