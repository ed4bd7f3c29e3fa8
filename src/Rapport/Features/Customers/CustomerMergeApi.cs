using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
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
        var (target, source, problem) = await LoadAsync(db, id, sourceId, ct);
        if (problem is not null)
        {
            return problem;
        }
        var plan = target!.PlanMerge(source!);
        var conversations = await db.Conversations.CountAsync(c => c.CustomerId == source!.Id, ct);
        return TypedResults.Ok(new MergePreview(target.Id, source!.Id,
            plan.Identities.Select(i => new IdentityResponse(i.Id, i.Kind, i.Value, i.Source, false, i.CreatedAt)).ToList(),
            conversations, plan.Notes, plan.TagsAdded, plan.FilledFields));
    }

    public static async Task<IResult> Merge(long id, MergeRequest body, ClaimsPrincipal user, RapportDb db, TimeProvider time, CancellationToken ct)
    {
        // Notes and identities change parent here; they must be moved, not deleted as orphans of the source.
        db.ChangeTracker.DeleteOrphansTiming = CascadeTiming.OnSaveChanges;
        await using var transaction = await db.BeginWriteTransactionAsync(ct);
        var (target, source, problem) = await LoadAsync(db, id, body.SourceId, ct);
        if (problem is not null)
        {
            return problem;
        }
        target!.PlanMerge(source!);
        // Conversation belongs to another feature and keeps its setters private, so its customer
        // column moves in SQL, in this transaction; the version bump makes an open edit of one
        // of them fail as a conflict rather than silently undo the move.
        var moved = await db.Conversations.Where(c => c.CustomerId == source!.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.CustomerId, target.Id).SetProperty(c => c.Version, c => c.Version + 1), ct);
        // Records merged into the source earlier now point straight at the target, so following takes one hop.
        await db.Customers.Where(c => c.MergedIntoId == source!.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.MergedIntoId, target.Id), ct);
        target.Absorb(source!, moved, user.Actor(), time.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return TypedResults.Ok(await CustomerQueries.ResponseAsync(db, target, ct));
    }

    private static async Task<(Customer? Target, Customer? Source, IResult? Problem)> LoadAsync(RapportDb db, long id, long? sourceId, CancellationToken ct)
    {
        var target = await CustomerQueries.FindAsync(db, id, ct);
        if (target is null)
        {
            return (null, null, TypedResults.NotFound());
        }
        if (sourceId is not { } sid)
        {
            return (null, null, new Validation().Add("source_id", "is required.").Problem());
        }
        var source = await CustomerQueries.FindAsync(db, sid, ct, withNotes: true);
        if (source is null)
        {
            return (null, null, new Validation().Add("source_id", "refers to no customer.").Problem());
        }
        return (target, source, null);
    }
}
