using Microsoft.AspNetCore.SignalR;
using Rapport.Features.Timeline;

namespace Rapport.Features.Realtime;

/// <summary>Reads this node's bus and pushes each event to the hub groups that care about it.</summary>
internal sealed partial class HubDispatcher(IRealtimeBus bus, IHubContext<ConsoleHub> hub, ILogger<HubDispatcher> logger) : BackgroundService
{
    private System.Threading.Channels.ChannelReader<RealtimeEvent>? _subscription;

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        // Subscribe before the host takes requests, so the first committed change is not missed.
        _subscription = bus.Subscribe(CancellationToken.None);
        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var reader = _subscription!;
        await foreach (var e in reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                await DispatchAsync(e, stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogDispatchFailed(logger, ex, e.ActivityId);
            }
        }
    }

    private async Task DispatchAsync(RealtimeEvent e, CancellationToken ct)
    {
        if (e.Kind == RealtimeEvent.RefreshKind)
        {
            await hub.Clients.Group(ConsoleHub.InboxGroup).SendAsync("Refresh", e, ct);
        }
        else if (e.ConversationId is { } conversationId)
        {
            await hub.Clients.Group(ConsoleHub.InboxGroup).SendAsync("ConversationChanged", e, ct);
            await hub.Clients.Group(ConsoleHub.ConversationGroup(conversationId)).SendAsync("ActivityAdded", e, ct);
        }
        else if (e.CustomerId is not null)
        {
            await hub.Clients.Group(ConsoleHub.InboxGroup).SendAsync("CustomerChanged", e, ct);
        }
        foreach (var userId in Notified(e))
        {
            await hub.Clients.Group(ConsoleHub.UserGroup(userId)).SendAsync("Notification", e, ct);
        }
    }

    /// <summary>Agents called on by this change: those mentioned in a note, the one a conversation was given to.</summary>
    private static IEnumerable<long> Notified(RealtimeEvent e)
    {
        var users = new HashSet<long>(e.Mentions ?? []);
        if (e.Kind is ActivityKinds.Assigned or ActivityKinds.Transferred && e.AssigneeId is { } assignee)
        {
            users.Add(assignee);
        }
        if (e.ActorUserId is { } actor)
        {
            users.Remove(actor);
        }
        return users;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Realtime: pushing activity {ActivityId} failed.")]
    private static partial void LogDispatchFailed(ILogger logger, Exception ex, long activityId);
}
