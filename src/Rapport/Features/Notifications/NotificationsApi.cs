using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Rapport.Data;
using Rapport.Features.Realtime;
using Rapport.Web;
using Rapport.Web.Auth;

namespace Rapport.Features.Notifications;

public sealed record NotificationView(long Id, string Kind, long? ConversationId, string? ConversationSubject, long? ActorUserId,
    string? ActorName, string? Excerpt, DateTime CreatedAt, DateTime? ReadAt);

public sealed record UnreadCount(int Count);

/// <summary>
/// The caller's own notifications, never anyone else's: every query is filtered by the caller's id, so
/// another user's notification is a 404 whoever asks, admins included.
/// </summary>
public static class NotificationsApi
{
    public static void MapNotificationsRoutes(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/notifications").WithTags("Notifications");
        group.MapGet("", List).WithSummary("The caller's notifications, newest first; `unread=true` for the unread ones only.");
        group.MapGet("/unread-count", Unread);
        group.MapPost("/{id:long}/read", MarkRead).RequireAuthorization(AuthSetup.Write);
        group.MapPost("/read-all", MarkAllRead).RequireAuthorization(AuthSetup.Write);
    }

    public static async Task<IResult> List(bool? unread, string? cursor, int? limit, ClaimsPrincipal user, RapportDb db, CancellationToken ct)
    {
        var validation = new Validation();
        var pageSize = Paging.Limit(limit, validation);
        var after = Paging.Decode(cursor, 1, validation);
        if (!validation.IsValid)
        {
            return validation.Problem();
        }
        var userId = user.UserId();
        var rows = db.Notifications.AsNoTracking().Where(n => n.UserId == userId);
        if (unread == true)
        {
            rows = rows.Where(n => n.ReadAt == null);
        }
        if (after is [var lastId])
        {
            rows = rows.Where(n => n.Id < lastId);
        }
        var page = await rows.OrderByDescending(n => n.Id).Take(pageSize + 1)
            .Select(n => new NotificationView(n.Id, n.Kind, n.ConversationId, n.Conversation!.Subject, n.ActorUserId,
                db.Users.Where(u => u.Id == n.ActorUserId).Select(u => u.DisplayName).FirstOrDefault(), n.Excerpt, n.CreatedAt, n.ReadAt))
            .ToListAsync(ct);
        return TypedResults.Ok(Paging.Of(page, pageSize, n => Paging.Encode(n.Id)));
    }

    public static async Task<IResult> Unread(ClaimsPrincipal user, RapportDb db, CancellationToken ct)
    {
        var userId = user.UserId();
        return TypedResults.Ok(new UnreadCount(await db.Notifications.CountAsync(n => n.UserId == userId && n.ReadAt == null, ct)));
    }

    public static async Task<IResult> MarkRead(long id, ClaimsPrincipal user, RapportDb db, IRealtimeOutlet outlet, TimeProvider time, CancellationToken ct)
    {
        var userId = user.UserId();
        var notification = await db.Notifications.SingleOrDefaultAsync(n => n.Id == id && n.UserId == userId, ct);
        if (notification is null)
        {
            return TypedResults.NotFound();
        }
        notification.MarkRead(time.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(ct);
        NotificationsRead.Announce(outlet, userId, time.GetUtcNow().UtcDateTime);
        return TypedResults.NoContent();
    }

    public static async Task<IResult> MarkAllRead(ClaimsPrincipal user, RapportDb db, IRealtimeOutlet outlet, TimeProvider time, CancellationToken ct)
    {
        var userId = user.UserId();
        var now = time.GetUtcNow().UtcDateTime;
        await using var tx = await db.BeginWriteTransactionAsync(ct);
        var marked = await db.Notifications.Where(n => n.UserId == userId && n.ReadAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAt, now), ct);
        await tx.CommitAsync(ct);
        NotificationsRead.Announce(outlet, userId, now);
        return TypedResults.Ok(new { marked });
    }
}
