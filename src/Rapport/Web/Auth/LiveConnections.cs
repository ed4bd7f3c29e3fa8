using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;
using Rapport.Data;

namespace Rapport.Web.Auth;

/// <summary>
/// Long-lived connections (the console's Blazor circuits and its realtime hub, both SignalR) are
/// authenticated once, when they open, so ending a session or revoking a token would not reach them.
/// Every hub connection of a signed-in caller is tracked here, and every <see cref="SweepInterval"/>
/// each node checks its own connections against the database in two queries: a connection whose
/// user is deactivated, whose cookie's security stamp is no longer the user's, or whose API token was
/// revoked is closed. Its client may reconnect, and that new request is refused.
/// </summary>
public sealed partial class LiveConnections(IServiceScopeFactory scopes, TimeProvider time, ILogger<LiveConnections> logger)
    : BackgroundService, IHubFilter
{
    public static readonly TimeSpan SweepInterval = TimeSpan.FromSeconds(10);

    private readonly ConcurrentDictionary<string, Connection> _open = new(StringComparer.Ordinal);

    private sealed record Connection(HubCallerContext Context, long UserId, string? Stamp, long? TokenId);

    public async Task OnConnectedAsync(HubLifetimeContext context, Func<HubLifetimeContext, Task> next)
    {
        await next(context);
        var caller = context.Context;
        if (caller.User?.FindFirstValue(ClaimTypes.NameIdentifier) is { } id && long.TryParse(id, CultureInfo.InvariantCulture, out var userId))
        {
            var token = caller.User.FindFirstValue(RapportClaims.TokenId);
            _open[caller.ConnectionId] = new Connection(caller, userId, caller.User.FindFirstValue(RapportClaims.SecurityStamp),
                token is null ? null : long.Parse(token, CultureInfo.InvariantCulture));
        }
    }

    public async Task OnDisconnectedAsync(HubLifetimeContext context, Exception? exception, Func<HubLifetimeContext, Exception?, Task> next)
    {
        _open.TryRemove(context.Context.ConnectionId, out _);
        await next(context, exception);
    }

    /// <summary>Closes the connections whose session or token has ended; returns how many.</summary>
    public async Task<int> SweepAsync(CancellationToken ct)
    {
        var open = _open.Values.ToList();
        if (open.Count == 0)
        {
            return 0;
        }
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RapportDb>();
        var userIds = open.Select(c => c.UserId).Distinct().ToList();
        var users = await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id))
            .Select(u => new { u.Id, u.IsActive, u.SecurityStamp }).ToDictionaryAsync(u => u.Id, ct);
        var tokenIds = open.Where(c => c.TokenId is not null).Select(c => c.TokenId!.Value).Distinct().ToList();
        var revoked = tokenIds.Count == 0 ? [] : (await db.ApiTokens.AsNoTracking()
            .Where(t => tokenIds.Contains(t.Id) && t.RevokedAt != null).Select(t => t.Id).ToListAsync(ct)).ToHashSet();
        var closed = 0;
        foreach (var c in open)
        {
            var ended = !users.TryGetValue(c.UserId, out var user) || !user.IsActive
                || (c.Stamp is not null && c.Stamp != user.SecurityStamp)
                || (c.TokenId is { } tokenId && revoked.Contains(tokenId));
            if (ended && _open.TryRemove(c.Context.ConnectionId, out _))
            {
                c.Context.Abort();
                closed++;
            }
        }
        return closed;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(SweepInterval, time, stoppingToken);
                await SweepAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The next sweep tries again; until then the connections stay as they were.
                LogFailed(logger, ex);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Open connections could not be checked against ended sessions; trying again shortly.")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
