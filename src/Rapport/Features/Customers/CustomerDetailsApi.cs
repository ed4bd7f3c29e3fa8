using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Rapport.Data;
using Rapport.Web;
using Rapport.Web.Auth;

namespace Rapport.Features.Customers;

public sealed record AddIdentityRequest(IdentityKind? Kind, string? Value, string? Source);

public sealed record AddNoteRequest(string? Body);

public sealed record ReplaceTagsRequest(List<string?>? Tags);

/// <summary>The parts of a customer changed on their own: identities, notes, tags.</summary>
public static class CustomerDetailsApi
{
    public const int MaxNoteLength = 10000;

    public static void MapCustomerDetailsApi(this IEndpointRouteBuilder api)
    {
        var customer = api.MapGroup("/customers/{id:long}").WithTags("Customers");
        customer.MapPost("/identities", AddIdentity).RequireAuthorization(CustomersFeature.EditPolicy);
        customer.MapDelete("/identities/{identityId:long}", RemoveIdentity).RequireAuthorization(CustomersFeature.EditPolicy);
        customer.MapGet("/notes", ListNotes);
        // Light agents keep notes on customers too, so any write-scoped caller may add one.
        customer.MapPost("/notes", AddNote).RequireAuthorization(AuthSetup.Write);
        customer.MapPut("/tags", ReplaceTags).RequireAuthorization(CustomersFeature.EditPolicy);
    }

    public static async Task<IResult> AddIdentity(long id, AddIdentityRequest body, ClaimsPrincipal user, RapportDb db, TimeProvider time, CancellationToken ct)
    {
        var customer = await CustomerQueries.FindAsync(db, id, ct);
        if (customer is null)
        {
            return TypedResults.NotFound();
        }
        customer.EnsureNotMerged();
        var v = new Validation();
        if (body.Kind is not { } kind)
        {
            return v.Add("kind", "is required.").Problem();
        }
        var identity = CustomerInput.Identity(v, "value", kind, body.Value, body.Source);
        if (identity is not { } found)
        {
            return v.Problem();
        }
        var existing = customer.Identities.FirstOrDefault(i => i.Kind == found.Kind && i.Value == found.Value);
        if (existing is not null)
        {
            return TypedResults.Ok(ToResponse(existing));
        }
        if (await IdentityOwnership.ConflictAsync(db, [(found.Kind, found.Value)], id, ct) is { } taken)
        {
            return taken;
        }
        var now = time.GetUtcNow().UtcDateTime;
        var added = new CustomerIdentity(found.Kind, found.Value, now) { Source = found.Source };
        customer.AddIdentity(added, user.Actor(), now);
        if (await IdentityOwnership.SaveAsync(db, [(found.Kind, found.Value)], id, ct) is { } raced)
        {
            return raced;
        }
        return TypedResults.Created($"/api/v1/customers/{id}/identities/{added.Id}", ToResponse(added));
    }

    public static async Task<IResult> RemoveIdentity(long id, long identityId, ClaimsPrincipal user, RapportDb db, TimeProvider time, CancellationToken ct)
    {
        var customer = await CustomerQueries.FindAsync(db, id, ct);
        var identity = customer?.Identities.FirstOrDefault(i => i.Id == identityId);
        if (customer is null || identity is null)
        {
            return TypedResults.NotFound();
        }
        customer.RemoveIdentity(identity, user.Actor(), time.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(ct);
        return TypedResults.NoContent();
    }

    public static async Task<IResult> ListNotes(long id, string? cursor, int? limit, RapportDb db, CancellationToken ct)
    {
        if (!await db.Customers.AnyAsync(c => c.Id == id, ct))
        {
            return TypedResults.NotFound();
        }
        var validation = new Validation();
        var take = Paging.Limit(limit, validation);
        var after = Paging.Decode(cursor, 1, validation);
        if (!validation.IsValid)
        {
            return validation.Problem();
        }
        var notes = db.CustomerNotes.AsNoTracking().Where(n => n.CustomerId == id);
        if (after is { } key)
        {
            notes = notes.Where(n => n.Id < key[0]);
        }
        var rows = await notes.OrderByDescending(n => n.Id).Take(take + 1).ToListAsync(ct);
        return TypedResults.Ok(Paging.Of(rows, take, n => Paging.Encode(n.Id)).Map(CustomerQueries.ToResponse));
    }

    public static async Task<IResult> AddNote(long id, AddNoteRequest body, ClaimsPrincipal user, RapportDb db, TimeProvider time, CancellationToken ct)
    {
        var customer = await db.Customers.SingleOrDefaultAsync(c => c.Id == id, ct);
        if (customer is null)
        {
            return TypedResults.NotFound();
        }
        var v = new Validation();
        var note = await AddNoteAsync(db, customer, body.Body, user, time.GetUtcNow().UtcDateTime, v, ct);
        if (note is null)
        {
            return v.Problem();
        }
        return TypedResults.Created($"/api/v1/customers/{id}/notes/{note.Id}", CustomerQueries.ToResponse(note));
    }

    /// <summary>Checks and saves a note by <paramref name="user"/>; null with a field error on <c>body</c> when it is empty or too long. Shared with the console.</summary>
    public static async Task<CustomerNote?> AddNoteAsync(RapportDb db, Customer customer, string? body, ClaimsPrincipal user, DateTime now, Validation v, CancellationToken ct)
    {
        if (!v.Required("body", body, MaxNoteLength).IsValid)
        {
            return null;
        }
        var note = new CustomerNote(user.UserId(), body!, now);
        customer.AddNote(note, user.Actor(), now);
        await db.SaveChangesAsync(ct);
        return note;
    }

    public static async Task<IResult> ReplaceTags(long id, ReplaceTagsRequest body, ClaimsPrincipal user, RapportDb db, TimeProvider time, CancellationToken ct)
    {
        var customer = await CustomerQueries.FindAsync(db, id, ct);
        if (customer is null)
        {
            return TypedResults.NotFound();
        }
        var v = new Validation();
        if (body.Tags is null)
        {
            v.Add("tags", "is required (send [] to remove every tag).");
        }
        var names = CustomerInput.TagNames(v, "tags", body.Tags);
        if (!v.IsValid)
        {
            return v.Problem();
        }
        var now = time.GetUtcNow().UtcDateTime;
        if (customer.ReplaceTags(await TagResolver.ResolveAsync(db, names, now, ct), user.Actor(), now))
        {
            await db.SaveChangesAsync(ct);
        }
        return TypedResults.Ok(await CustomerQueries.ResponseAsync(db, customer, ct));
    }

    private static IdentityResponse ToResponse(CustomerIdentity i) => new(i.Id, i.Kind, i.Value, i.Source, i.IsPrimary, i.CreatedAt);
}
