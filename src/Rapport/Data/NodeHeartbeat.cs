using Microsoft.EntityFrameworkCore;

namespace Rapport.Data;

/// <summary>
/// Keeps this server process's <see cref="NodeInstance"/> row fresh, so other processes know the
/// work it reserved is still in hand. The row is written before the server takes requests; rows of
/// processes silent for a day are deleted (a missing row reads as a dead process, as a stale one does).
/// </summary>
internal sealed partial class NodeHeartbeat(IServiceScopeFactory scopes, ThisInstance instance, TimeProvider time, ILogger<NodeHeartbeat> logger)
    : BackgroundService
{
    private static readonly TimeSpan Forgotten = TimeSpan.FromDays(1);

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await BeatAsync(cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(ThisInstance.HeartbeatInterval, time, stoppingToken);
                await BeatAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // A missed beat is retried at the next one; after three, other processes may take over this one's reservations.
                LogFailed(logger, ex);
            }
        }
    }

    private async Task BeatAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RapportDb>();
        var now = time.GetUtcNow().UtcDateTime;
        var updated = await db.NodeInstances.Where(n => n.Id == instance.Id).ExecuteUpdateAsync(s => s.SetProperty(n => n.HeartbeatAt, now), ct);
        if (updated == 0)
        {
            db.NodeInstances.Add(instance.Row(now));
            await db.SaveChangesAsync(ct);
        }
        var forgotten = now - Forgotten;
        await db.NodeInstances.Where(n => n.HeartbeatAt < forgotten).ExecuteDeleteAsync(ct);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "This server's heartbeat could not be written; it is tried again shortly.")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
