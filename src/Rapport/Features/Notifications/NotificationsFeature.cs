using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Rapport.Features.Notifications;

/// <summary>What calls on an agent (mentions, assignments, promises), kept per agent and pushed live by Realtime.</summary>
public static class NotificationsFeature
{
    public static void AddNotifications(this IHostApplicationBuilder builder) =>
        builder.Services.AddSingleton<IInterceptor, NotificationWriter>();

    public static void MapNotificationsApi(this IEndpointRouteBuilder api) => api.MapNotificationsRoutes();
}
