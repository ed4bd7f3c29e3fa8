using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Rapport.Data;
using Rapport.Features.Customers;
using Rapport.Features.Timeline;
using Rapport.Web;
using Rapport.Web.Auth;

namespace Rapport.Features.Conversations;

public static partial class ConversationsApi
{
    /// <summary>Sets the team and agent as given (null clears). Moving to another team is a transfer and is refused here.</summary>
    public static async Task<IResult> Assign(long id, AssignRequest request, ClaimsPrincipal user, RapportDb db, TimeProvider time, CancellationToken ct)
    {
        var validation = new Validation();
        await CheckOwnerAsync(request.TeamId, request.AssigneeId, validation, db, ct);
        if (!validation.IsValid)
        {
            return validation.Problem();
        }
        var conversation = await db.Conversations.SingleOrDefaultAsync(c => c.Id == id, ct);
        if (conversation is null)
        {
            return TypedResults.NotFound();
        }
        conversation.Assign(request.TeamId, request.AssigneeId, user.Actor(), time.UtcNow());
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(await ConversationViews.DetailAsync(db, id, ct));
    }

    /// <summary>Hands over to another team or agent, with the reason the customer is being moved.</summary>
    public static async Task<IResult> Transfer(long id, TransferRequest request, ClaimsPrincipal user, RapportDb db, TimeProvider time, CancellationToken ct)
    {
        var validation = new Validation();
        validation.Required("reason", request.Reason, Conversation.MaxReasonLength);
        if (request.TeamId is null && request.AssigneeId is null)
        {
            validation.Add("team_id", "is required (or assignee_id): a transfer goes to a team or an agent.");
        }
        await CheckOwnerAsync(request.TeamId, request.AssigneeId, validation, db, ct);
        if (!validation.IsValid)
        {
            return validation.Problem();
        }
        var conversation = await db.Conversations.SingleOrDefaultAsync(c => c.Id == id, ct);
        if (conversation is null)
        {
            return TypedResults.NotFound();
        }
        conversation.Transfer(request.TeamId, request.AssigneeId, request.Reason!, user.Actor(), time.UtcNow());
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(await ConversationViews.DetailAsync(db, id, ct));
    }

    /// <summary>Moves this conversation's messages into <c>into_id</c>, closes this one as merged and links the two.</summary>
    public static async Task<IResult> Merge(long id, MergeRequest request, ClaimsPrincipal user, RapportDb db, TimeProvider time, CancellationToken ct)
    {
        var validation = new Validation();
        if (request.IntoId is null)
        {
            validation.Add("into_id", "is required.");
        }
        else if (!await db.Conversations.AnyAsync(c => c.Id == request.IntoId, ct))
        {
            validation.Add("into_id", "does not exist.");
        }
        if (!validation.IsValid)
        {
            return validation.Problem();
        }
        var source = await db.Conversations.Include(c => c.Messages).SingleOrDefaultAsync(c => c.Id == id, ct);
        if (source is null)
        {
            return TypedResults.NotFound();
        }
        var target = source.Id == request.IntoId ? source : await db.Conversations.SingleAsync(c => c.Id == request.IntoId, ct);
        if (target != source && !await SameCustomerAsync(db, source.CustomerId, target.CustomerId, ct))
        {
            throw new DomainException("The two conversations belong to different customers; merge the customers first.", "different_customers");
        }
        var link = source.MergeInto(target, user.Actor(), time.UtcNow());
        if (!await LinkExistsAsync(db, link, ct))
        {
            db.ConversationLinks.Add(link);
        }
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(await ConversationViews.DetailAsync(db, id, ct));
    }

    public static async Task<IResult> Links(long id, RapportDb db, CancellationToken ct)
    {
        if (!await db.Conversations.AnyAsync(c => c.Id == id, ct))
        {
            return TypedResults.NotFound();
        }
        return TypedResults.Ok(new { items = await LinkViewsAsync(db, id, null, ct) });
    }

    /// <summary>Links two conversations; linking them again returns the existing link.</summary>
    public static async Task<IResult> AddLink(long id, LinkRequest request, ClaimsPrincipal user, RapportDb db, TimeProvider time, CancellationToken ct)
    {
        var validation = new Validation();
        if (request.ConversationId is not { } otherId)
        {
            return validation.Add("conversation_id", "is required.").Problem();
        }
        if (!await db.Conversations.AnyAsync(c => c.Id == otherId, ct))
        {
            return validation.Add("conversation_id", "does not exist.").Problem();
        }
        var conversation = await db.Conversations.SingleOrDefaultAsync(c => c.Id == id, ct);
        if (conversation is null)
        {
            return TypedResults.NotFound();
        }
        var other = otherId == id ? conversation : await db.Conversations.SingleAsync(c => c.Id == otherId, ct);
        var link = conversation.Link(other, user.Actor(), time.UtcNow());
        if (await LinkExistsAsync(db, link, ct))
        {
            db.ChangeTracker.Clear();
            return TypedResults.Ok((await LinkViewsAsync(db, id, otherId, ct)).Single());
        }
        db.ConversationLinks.Add(link);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/v1/conversations/{id}/links", (await LinkViewsAsync(db, id, otherId, ct)).Single());
    }

    public static async Task<IResult> SetTags(long id, TagsRequest request, ClaimsPrincipal user, RapportDb db, TimeProvider time, CancellationToken ct)
    {
        var validation = new Validation();
        if (request.Tags is null)
        {
            validation.Add("tags", "is required (an empty list removes every tag).");
        }
        CheckTags(request.Tags, "tags", validation);
        if (!validation.IsValid)
        {
            return validation.Problem();
        }
        var conversation = await db.Conversations.Include(c => c.Tags).ThenInclude(t => t.Tag).SingleOrDefaultAsync(c => c.Id == id, ct);
        if (conversation is null)
        {
            return TypedResults.NotFound();
        }
        var now = time.UtcNow();
        var tags = await TagResolver.ResolveAsync(db, request.Tags!, now, ct);
        conversation.SetTags(tags, user.Actor(), now);
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(await ConversationViews.DetailAsync(db, id, ct));
    }

    public static Task<IResult> Follow(long id, long userId, ClaimsPrincipal user, RapportDb db, TimeProvider time, CancellationToken ct) =>
        ChangeFollowerAsync(id, userId, follow: true, user, db, time, ct);

    public static Task<IResult> Unfollow(long id, long userId, ClaimsPrincipal user, RapportDb db, TimeProvider time, CancellationToken ct) =>
        ChangeFollowerAsync(id, userId, follow: false, user, db, time, ct);

    /// <summary>This conversation's own log, newest first.</summary>
    public static async Task<IResult> Activity(long id, string? cursor, int? limit, RapportDb db, CancellationToken ct)
    {
        var validation = new Validation();
        var pageSize = Paging.Limit(limit, validation);
        var before = Paging.Decode(cursor, 1, validation);
        if (!validation.IsValid)
        {
            return validation.Problem();
        }
        if (!await db.Conversations.AnyAsync(c => c.Id == id, ct))
        {
            return TypedResults.NotFound();
        }
        return TypedResults.Ok(await TimelineQuery.PageAsync(db.Activities.Where(a => a.ConversationId == id), before?[0], pageSize, ct));
    }

    private static async Task<IResult> ChangeFollowerAsync(long id, long userId, bool follow, ClaimsPrincipal user, RapportDb db, TimeProvider time, CancellationToken ct)
    {
        var conversation = await db.Conversations.Include(c => c.Followers).SingleOrDefaultAsync(c => c.Id == id, ct);
        if (conversation is null || !await db.Users.AnyAsync(u => u.Id == userId, ct))
        {
            return TypedResults.NotFound();
        }
        var now = time.UtcNow();
        var changed = follow ? conversation.Follow(userId, user.Actor(), now) : conversation.Unfollow(userId, user.Actor(), now);
        if (changed)
        {
            await db.SaveChangesAsync(ct);
        }
        return TypedResults.Ok(await ConversationViews.DetailAsync(db, id, ct));
    }

    private static async Task<bool> SameCustomerAsync(RapportDb db, long a, long b, CancellationToken ct) =>
        a == b || (await CustomerResolver.FollowMergesAsync(db, a, ct)).Id == (await CustomerResolver.FollowMergesAsync(db, b, ct)).Id;

    private static Task<bool> LinkExistsAsync(RapportDb db, ConversationLink link, CancellationToken ct) =>
        db.ConversationLinks.AnyAsync(l => l.ConversationId == link.ConversationId && l.LinkedConversationId == link.LinkedConversationId, ct);

    private static async Task<List<LinkView>> LinkViewsAsync(RapportDb db, long id, long? otherId, CancellationToken ct)
    {
        var links = await db.ConversationLinks.AsNoTracking()
            .Where(l => l.ConversationId == id || l.LinkedConversationId == id)
            .Select(l => new { OtherId = l.ConversationId == id ? l.LinkedConversationId : l.ConversationId, l.CreatedAt, l.CreatedByUserId })
            .Where(l => otherId == null || l.OtherId == otherId)
            .ToListAsync(ct);
        var ids = links.Select(l => l.OtherId).ToList();
        var others = await db.Conversations.AsNoTracking().Where(c => ids.Contains(c.Id))
            .Select(c => new { c.Id, c.Subject, c.Status, c.Channel })
            .ToDictionaryAsync(c => c.Id, ct);
        return links.OrderBy(l => l.OtherId)
            .Select(l => new LinkView(l.OtherId, others[l.OtherId].Subject, others[l.OtherId].Status, others[l.OtherId].Channel, l.CreatedAt, l.CreatedByUserId))
            .ToList();
    }
}
