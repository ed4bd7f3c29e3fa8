using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using Rapport.Data;
using Rapport.Web;
using Rapport.Web.Auth;

namespace Rapport.Features.Customers;

public sealed record MergeRequest(long? SourceId);

public sealed record MergePreview(
    long TargetId,
    long SourceId,
    IReadOnlyList<IdentityResponse> Identities,
    int Conversations,
    int Notes,
    IReadOnlyList<string> Tags,
    IReadOnlyList<string> FilledFields);

/// <summary>
/// Two records that turn out to be one person become one: the target keeps its id and gains the
/// source's identities, conversations, notes and tags; the source stays, marked merged.
/// </summary>
public static class CustomerMergeApi
{
    public static void MapCustomerMergeApi(this IEndpointRouteBuilder api)
    {
        var customer = api.MapGroup("/customers/{id:long}").WithTags("Customers");
        customer.MapGet("/merge-preview", Preview);
        customer.MapPost("/merge", Merge).RequireAuthorization(CustomersFeature.EditPolicy);
    }

    public static async Task<IResult> Preview(long id, [FromQuery(Name = "source_id")] long? sourceId, RapportDb db, CancellationToken ct)
    {
        var v = new Validation();
        var (target, source) = await CustomerMerging.LoadAsync(db, id, sourceId, v, ct);
        if (target is null)
        {
            return TypedResults.NotFound();
        }
        if (source is null)
        {
            return v.Problem();
        }
        return TypedResults.Ok(await CustomerMerging.PreviewAsync(db, target, source, ct));
    }

    public static async Task<IResult> Merge(long id, MergeRequest body, ClaimsPrincipal user, RapportDb db, TimeProvider time, CancellationToken ct)
    {
        var v = new Validation();
        var (outcome, target) = await CustomerMerging.MergeAsync(db, id, body.SourceId, user.Actor(), time.GetUtcNow().UtcDateTime, v, ct);
        return outcome switch
        {
            MergeOutcome.TargetNotFound => TypedResults.NotFound(),
            MergeOutcome.Invalid => v.Problem(),
            _ => TypedResults.Ok(await CustomerQueries.ResponseAsync(db, target!, ct)),
        };
    }
}
