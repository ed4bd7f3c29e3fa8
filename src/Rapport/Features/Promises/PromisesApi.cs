using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Rapport.Data;
using Rapport.Features.Accounts;
using Rapport.Features.Conversations;
using Rapport.Features.Timeline;
using Rapport.Web;
using Rapport.Web.Auth;

namespace Rapport.Features.Promises;

public sealed record MakePromiseRequest(string? What, DateTime? DueAt);

public sealed record DetectPromiseRequest(string? Text);

public sealed record PromiseView(long Id, long ConversationId, string What, DateTime DueAt, PromiseState State, long CreatedByUserId,
    DateTime CreatedAt, DateTime? RemindedAt, DateTime? MissedAt, DateTime? SettledAt, long? SettledByUserId);

/// <summary>Promises made to customers: recorded on a conversation, kept or cancelled by an agent, reminded and missed by the sweeper.</summary>
public static class PromisesApi
{
    public const int MaxPerConversation = 200;

    public static void MapPromisesRoutes(this IEndpointRouteBuilder api)
    {
        api.MapGet("/conversations/{id:long}/promises", ForConversation).WithTags("Promises");
        api.MapPost("/conversations/{id:long}/promises", Make).WithTags("Promises").RequireAuthorization(AuthSetup.Write);
        var promises = api.MapGroup("/promises").WithTags("Promises");
        promises.MapGet("", List).WithSummary("Promises across conversations, soonest due first; `state=missed` lists the flagged ones, `mine=true` the caller's.");
        promises.MapPost("/{id:long}/keep", Keep).RequireAuthorization(AuthSetup.Write);
        promises.MapPost("/{id:long}/cancel", Cancel).RequireAuthorization(AuthSetup.Write);
        promises.MapPost("/detect", Detect)
            .WithSummary("The time a reply text commits to, read in the caller's time zone; what the composer suggests recording.");
    }

    public static async Task<IResult> ForConversation(long id, RapportDb db, CancellationToken ct)
    {
        if (!await db.Conversations.AnyAsync(c => c.Id == id, ct))
        {
            return TypedResults.NotFound();
        }
        var rows = await db.Promises.AsNoTracking().Where(p => p.ConversationId == id).OrderBy(p => p.Id).Take(MaxPerConversation)
            .Select(View).ToListAsync(ct);
        return TypedResults.Ok(new { items = rows });
    }

    /// <summary>A promise is made to the customer, so, like a public reply, never by a light agent.</summary>
    public static async Task<IResult> Make(long id, MakePromiseRequest request, ClaimsPrincipal user, RapportDb db, TimeProvider time,
        IOptions<PromiseOptions> options, CancellationToken ct)
    {
        if (user.Role() == Role.LightAgent)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Light agents cannot make promises to customers.");
        }
        var now = time.UtcNow();
        var validation = new Validation();
        if (string.IsNullOrWhiteSpace(request.What))
        {
            validation.Add("what", "is required.");
        }
        validation.MaxLength("what", request.What?.Trim(), Promise.MaxWhatLength);
        if (request.DueAt is not { } due)
        {
            validation.Add("due_at", "is required.");
        }
        else if (due.ToUniversalTime() <= now)
        {
            validation.Add("due_at", "must be in the future.");
        }
        else if (due.ToUniversalTime() > now.AddDays(366))
        {
            validation.Add("due_at", "must be within a year.");
        }
        if (!validation.IsValid)
        {
            return validation.Problem();
        }
        var conversation = await db.Conversations.SingleOrDefaultAsync(c => c.Id == id, ct);
        if (conversation is null)
        {
            return TypedResults.NotFound();
        }
        if (conversation.Status == ConversationStatus.Closed)
        {
            throw new DomainException("This conversation is closed; a promise belongs on an open one.", "conversation_closed");
        }
        await using var tx = await db.BeginWriteTransactionAsync(ct);
        var promise = Promise.Make(conversation, user.UserId(), request.What!, request.DueAt!.Value.ToUniversalTime(),
            TimeSpan.FromMinutes(options.Value.ReminderLeadMinutes), now);
        db.Promises.Add(promise);
        await db.SaveChangesAsync(ct);
        // The activity names the promise, so it is written once the promise has its id.
        db.Activities.Add(promise.Activity(ActivityKinds.PromiseMade, user.Actor(), now));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return TypedResults.Created($"/api/v1/conversations/{id}/promises", ToView(promise));
    }

    public static Task<IResult> Keep(long id, ClaimsPrincipal user, RapportDb db, TimeProvider time, CancellationToken ct) =>
        SettleAsync(id, user, db, time, keep: true, ct);

    public static Task<IResult> Cancel(long id, ClaimsPrincipal user, RapportDb db, TimeProvider time, CancellationToken ct) =>
        SettleAsync(id, user, db, time, keep: false, ct);

    public static async Task<IResult> List(string? state, bool? mine, string? cursor, int? limit, ClaimsPrincipal user, RapportDb db, CancellationToken ct)
    {
        var validation = new Validation();
        var pageSize = Paging.Limit(limit, validation);
        var after = Paging.Decode(cursor, 2, validation);
        PromiseState? wanted = null;
        if (state is not null)
        {
            if (EnumNames.TryParse<PromiseState>(state, out var parsed))
            {
                wanted = parsed;
            }
            else
            {
                validation.Add("state", "must be open, kept, missed or cancelled.");
            }
        }
        if (!validation.IsValid)
        {
            return validation.Problem();
        }
        var rows = db.Promises.AsNoTracking();
        if (wanted is { } s)
        {
            rows = rows.Where(p => p.State == s);
        }
        if (mine == true)
        {
            var me = user.UserId();
            rows = rows.Where(p => p.CreatedByUserId == me);
        }
        if (after is [var ticks, var lastId])
        {
            var lastDue = new DateTime(ticks, DateTimeKind.Utc);
            rows = rows.Where(p => p.DueAt > lastDue || (p.DueAt == lastDue && p.Id > lastId));
        }
        var page = await rows.OrderBy(p => p.DueAt).ThenBy(p => p.Id).Take(pageSize + 1).Select(View).ToListAsync(ct);
        return TypedResults.Ok(Paging.Of(page, pageSize, p => Paging.Encode(p.DueAt.Ticks, p.Id)));
    }

    public static async Task<IResult> Detect(DetectPromiseRequest request, ClaimsPrincipal user, RapportDb db, TimeProvider time, CancellationToken ct)
    {
        var validation = new Validation();
        validation.MaxLength("text", request.Text, MessageInput.MaxTextLength);
        if (!validation.IsValid)
        {
            return validation.Problem();
        }
        var userId = user.UserId();
        var zoneName = await db.Users.Where(u => u.Id == userId).Select(u => u.TimeZone).SingleOrDefaultAsync(ct);
        var zone = zoneName is not null && TimeZoneInfo.TryFindSystemTimeZoneById(zoneName, out var found) ? found : TimeZoneInfo.Utc;
        var suggestion = PromiseDetector.Detect(request.Text, time.UtcNow(), zone);
        return TypedResults.Ok(new { suggestion });
    }

    /// <summary>Keeping or cancelling a promise speaks for it to the customer, so, like making one, never a light agent's move.</summary>
    private static async Task<IResult> SettleAsync(long id, ClaimsPrincipal user, RapportDb db, TimeProvider time, bool keep, CancellationToken ct)
    {
        if (user.Role() == Role.LightAgent)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Light agents cannot keep or cancel promises made to customers.");
        }
        var promise = await db.Promises.Include(p => p.Conversation).SingleOrDefaultAsync(p => p.Id == id, ct);
        if (promise is null)
        {
            return TypedResults.NotFound();
        }
        var now = time.UtcNow();
        if (keep)
        {
            promise.Keep(user.UserId(), now);
        }
        else
        {
            promise.Cancel(user.UserId(), now);
        }
        db.Activities.Add(promise.Activity(keep ? ActivityKinds.PromiseKept : ActivityKinds.PromiseCancelled, user.Actor(), now));
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(ToView(promise));
    }

    private static readonly System.Linq.Expressions.Expression<Func<Promise, PromiseView>> View = p =>
        new PromiseView(p.Id, p.ConversationId, p.What, p.DueAt, p.State, p.CreatedByUserId, p.CreatedAt, p.RemindedAt, p.MissedAt, p.SettledAt, p.SettledByUserId);

    private static readonly Func<Promise, PromiseView> ToView = View.Compile();
}
