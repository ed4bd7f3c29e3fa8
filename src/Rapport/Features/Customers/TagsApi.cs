using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Rapport.Data;
using Rapport.Web;
using Rapport.Web.Auth;

namespace Rapport.Features.Customers;

public sealed record CreateTagRequest(string? Name);

public sealed record RenameTagRequest(string? Name);

public sealed record TagResponse(long Id, string Name, int Customers, int Conversations, DateTime CreatedAt);

public static class TagsApi
{
    public static void MapTagsApi(this IEndpointRouteBuilder api)
    {
        var tags = api.MapGroup("/tags").WithTags("Tags");
        tags.MapGet("/", List);
        tags.MapPost("/", Create).RequireAuthorization(AuthSetup.Write);
        tags.MapPatch("/{id:long}", Rename).RequireAuthorization(AuthSetup.Admin);
        tags.MapDelete("/{id:long}", Delete).RequireAuthorization(AuthSetup.Admin);
    }

    /// <summary>Tags in name order with how many customers and conversations carry each; <c>q</c> filters by prefix, for pickers.</summary>
    public static async Task<IResult> List(string? q, string? cursor, int? limit, RapportDb db, CancellationToken ct)
    {
        var validation = new Validation();
        var take = Paging.Limit(limit, validation);
        var after = Paging.DecodeText(cursor, validation);
        if (!validation.IsValid)
        {
            return validation.Problem();
        }
        var tags = db.Tags.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(q))
        {
            var prefix = Tag.Normalise(q);
            tags = tags.Where(t => t.Name.StartsWith(prefix));
        }
        if (after is not null)
        {
            tags = tags.Where(t => string.Compare(t.Name, after) > 0);
        }
        var rows = await tags.OrderBy(t => t.Name).Take(take + 1)
            .Select(t => new TagResponse(t.Id, t.Name, db.CustomerTags.Count(l => l.TagId == t.Id), db.ConversationTags.Count(l => l.TagId == t.Id), t.CreatedAt))
            .ToListAsync(ct);
        return TypedResults.Ok(Paging.Of(rows, take, t => Paging.EncodeText(t.Name)));
    }

    /// <summary>Returns the tag with that name, creating it if needed (201) or as it was (200).</summary>
    public static async Task<IResult> Create(CreateTagRequest body, RapportDb db, TimeProvider time, CancellationToken ct)
    {
        var name = body.Name is null ? "" : Tag.Normalise(body.Name);
        if (name.Length is 0 or > TagResolver.MaxNameLength)
        {
            return new Validation().Add("name", $"is required, at most {TagResolver.MaxNameLength} characters.").Problem();
        }
        var existing = await db.Tags.AsNoTracking().SingleOrDefaultAsync(t => t.Name == name, ct);
        if (existing is not null)
        {
            return TypedResults.Ok(await ResponseAsync(db, existing, ct));
        }
        var tag = (await TagResolver.ResolveAsync(db, [name], time.GetUtcNow().UtcDateTime, ct))[0];
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/v1/tags/{tag.Id}", new TagResponse(tag.Id, tag.Name, 0, 0, tag.CreatedAt));
    }

    /// <summary>
    /// Renames the tag everywhere it is used (customers and conversations link to it by id). A name
    /// another tag already has is refused: merging two tags is a different, bigger change.
    /// </summary>
    public static async Task<IResult> Rename(long id, RenameTagRequest body, RapportDb db, CancellationToken ct)
    {
        var name = body.Name is null ? "" : Tag.Normalise(body.Name);
        if (name.Length is 0 or > TagResolver.MaxNameLength)
        {
            return new Validation().Add("name", $"is required, at most {TagResolver.MaxNameLength} characters.").Problem();
        }
        var tag = await db.Tags.SingleOrDefaultAsync(t => t.Id == id, ct);
        if (tag is null)
        {
            return TypedResults.NotFound();
        }
        if (tag.Name != name)
        {
            if (await db.Tags.AnyAsync(t => t.Name == name && t.Id != id, ct))
            {
                throw new DomainException($"A tag named '{name}' already exists.", "tag_name_taken");
            }
            tag.Rename(name);
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException)
            {
                // Another request took the name between the check and the save; the unique index settles it.
                throw new DomainException($"A tag named '{name}' already exists.", "tag_name_taken");
            }
        }
        return TypedResults.Ok(await ResponseAsync(db, tag, ct));
    }

    /// <summary>Deletes the tag and its links; each customer that carried it records the change.</summary>
    public static async Task<IResult> Delete(long id, ClaimsPrincipal user, RapportDb db, TimeProvider time, CancellationToken ct)
    {
        var tag = await db.Tags.SingleOrDefaultAsync(t => t.Id == id, ct);
        if (tag is null)
        {
            return TypedResults.NotFound();
        }
        var now = time.GetUtcNow().UtcDateTime;
        await using var transaction = await db.BeginWriteTransactionAsync(ct);
        var customers = await db.Customers.Include(c => c.Tags).ThenInclude(t => t.Tag)
            .Where(c => c.Tags.Any(t => t.TagId == id) && c.MergedIntoId == null).ToListAsync(ct);
        foreach (var customer in customers)
        {
            customer.ReplaceTags(customer.Tags.Select(t => t.Tag!).Where(t => t.Id != id).ToList(), user.Actor(), now, reason: "tag_deleted");
        }
        await db.SaveChangesAsync(ct);
        await db.CustomerTags.Where(t => t.TagId == id).ExecuteDeleteAsync(ct);
        await db.ConversationTags.Where(t => t.TagId == id).ExecuteDeleteAsync(ct);
        await db.Tags.Where(t => t.Id == id).ExecuteDeleteAsync(ct);
        await transaction.CommitAsync(ct);
        return TypedResults.NoContent();
    }

    private static async Task<TagResponse> ResponseAsync(RapportDb db, Tag tag, CancellationToken ct) =>
        new(tag.Id, tag.Name, await db.CustomerTags.CountAsync(l => l.TagId == tag.Id, ct), await db.ConversationTags.CountAsync(l => l.TagId == tag.Id, ct), tag.CreatedAt);
}
