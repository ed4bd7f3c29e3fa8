using Npgsql;

namespace Rapport.Features.Realtime;

/// <summary>
/// Every node LISTENs on its own long-lived connection and feeds what it hears to its local bus.
/// A lost connection is reopened with growing pauses; events notified while it was down are not
/// replayed (clients refetch on reconnect; the activity log is the record).
/// </summary>
internal sealed partial class PostgresListener(NpgsqlDataSource source, IRealtimeBus bus, ILogger<PostgresListener> logger) : IHostedService, IDisposable
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);
    private readonly CancellationTokenSource _stopping = new();
    private Task _loop = Task.CompletedTask;

    /// <summary>Starts listening before the host takes requests, so nothing committed after start-up is missed.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        NpgsqlConnection? first = null;
        try
        {
            first = await ListenAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
        {
            LogLost(logger, ex, TimeSpan.Zero);
        }
        _loop = RunAsync(first, _stopping.Token);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        // A test host torn down twice (a second node disposed, then again with its parent) may stop after disposal.
        if (_disposed)
        {
            return;
        }
        await _stopping.CancelAsync();
        await _loop.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    public void Dispose()
    {
        _disposed = true;
        _stopping.Cancel();
        _stopping.Dispose();
    }

    private volatile bool _disposed;

    private async Task<NpgsqlConnection> ListenAsync(CancellationToken ct)
    {
        var connection = await source.OpenConnectionAsync(ct);
        try
        {
            connection.Notification += (_, e) =>
            {
                if (e.Channel == PostgresNotifier.ChannelName && Parse(e.Payload) is { } realtime)
                {
                    bus.Publish(realtime);
                }
            };
            await using var command = new NpgsqlCommand($"LISTEN {PostgresNotifier.ChannelName}", connection);
            await command.ExecuteNonQueryAsync(ct);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private async Task RunAsync(NpgsqlConnection? connection, CancellationToken ct)
    {
        var backoff = TimeSpan.FromMilliseconds(500);
        while (!ct.IsCancellationRequested)
        {
            try
            {
                connection ??= await ListenAsync(ct);
                backoff = TimeSpan.FromMilliseconds(500);
                while (!ct.IsCancellationRequested)
                {
                    await connection.WaitAsync(ct);
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex) when (ex is NpgsqlException or TimeoutException or IOException or InvalidOperationException)
            {
                LogLost(logger, ex, backoff);
                if (connection is not null)
                {
                    await connection.DisposeAsync();
                    connection = null;
                }
                try
                {
                    await Task.Delay(backoff, ct);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks));
            }
        }
        if (connection is not null)
        {
            await connection.DisposeAsync();
        }
    }

    private RealtimeEvent? Parse(string payload)
    {
        try
        {
            return RealtimeEvent.FromPayload(payload);
        }
        catch (System.Text.Json.JsonException ex)
        {
            LogBadPayload(logger, ex);
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Realtime: the LISTEN connection failed; retrying in {Backoff}.")]
    private static partial void LogLost(ILogger logger, Exception ex, TimeSpan backoff);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Realtime: ignored a NOTIFY payload that is not an event.")]
    private static partial void LogBadPayload(ILogger logger, Exception ex);
}
