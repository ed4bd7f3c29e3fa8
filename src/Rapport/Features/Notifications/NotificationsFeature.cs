using Microsoft.EntityFrameworkCore.Diagnostics;
using Rapport.Features.Realtime;
using Rapport.Features.Timeline;

namespace Rapport.Features.Notifications;

/// <summary>What calls on an agent (mentions, assignments, promises), kept per agent and pushed live by Realtime.</summary>
public static class NotificationsFeature
{
    public static void AddNotifications(this IHostApplicationBuilder builder) =>
        builder.Services.AddSingleton<IInterceptor, NotificationWriter>();

    public static void MapNotificationsApi(this IEndpointRouteBuilder api) => api.MapNotificationsRoutes();
}

/// <summary>
/// Tells every node's consoles that a user read notifications, so their bell counts down at once.
/// It travels as a <see cref="RealtimeEvent"/> without conversation or customer, which the hub passes to nobody.
/// </summary>
public static class NotificationsRead
{
    public const string Kind = "notification.read";

    public static void Announce(IRealtimeOutlet outlet, long userId, DateTime at) =>
        outlet.Send([new RealtimeEvent(0, Kind, null, null, null, null, null, null, userId, null, at)]);

    /// <summary>Whether <paramref name="e"/> may change <paramref name="userId"/>'s unread count.</summary>
    public static bool Concerns(RealtimeEvent e, long userId) =>
        (e.Kind == Kind && e.ActorUserId == userId)
        || (e.ActorUserId != userId && ((e.Mentions?.Contains(userId) ?? false)
            || (e.Kind is ActivityKinds.Assigned or ActivityKinds.Transferred && e.AssigneeId == userId)))
        || e.Kind.StartsWith("promise.", StringComparison.Ordinal)
        || e.Kind == RealtimeEvent.RefreshKind;
}
