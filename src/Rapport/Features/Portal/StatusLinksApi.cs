using Microsoft.EntityFrameworkCore;
using Rapport.Data;
using Rapport.Web.Auth;

namespace Rapport.Features.Portal;

public sealed record StatusLinkView(string Url, DateTime ExpiresAt);

/// <summary>
/// A fresh status link for a conversation, for an agent to give the customer (or a later channel to
/// send): anyone who may read the conversation may ask, as it shows nothing they cannot see.
/// </summary>
public static class StatusLinksApi
{
    public static void MapStatusLinksApi(this IEndpointRouteBuilder api) =>
        api.MapGet("/conversations/{id:long}/status-link", GetAsync).WithTags("Conversations").RequireAuthorization(AuthSetup.Read)
            .WithSummary("A signed link to the conversation's public status page, as the acknowledgement mail carries it.");

    public static async Task<IResult> GetAsync(long id, RapportDb db, StatusLinks links, TimeProvider time, Microsoft.Extensions.Options.IOptions<PortalOptions> options, CancellationToken ct)
    {
        if (!await db.Conversations.AnyAsync(c => c.Id == id, ct))
        {
            return TypedResults.NotFound();
        }
        return TypedResults.Ok(new StatusLinkView(links.Url(id), time.GetUtcNow().UtcDateTime.AddDays(options.Value.StatusLinkDays)));
    }
}
