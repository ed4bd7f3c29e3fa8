using System.Threading.Channels;
using Npgsql;

namespace Rapport.Features.Realtime;

/// <summary>
/// Several nodes: committed events leave through <c>NOTIFY rapport_events</c>, and every node —
/// this one too — hears them through its <see cref="PostgresListener"/>. Publishing only this way
/// means each node delivers each event exactly once. Requests only queue; a background loop sends,
/// batching what has piled up into one round trip.
/// </summary>
internal sealed partial class PostgresNotifier(NpgsqlDataSource source, ILogger<PostgresNotifier> logger, TimeProvider time)
    : BackgroundService, IRealtimeOutlet
{
    public const string ChannelName = "rapport_events";
    private const int MaxBatch = 200;

    private readonly Channel<RealtimeEvent> _queue = Channel.CreateBounded<RealtimeEvent>(new BoundedChannelOptions(RealtimeBus.QueueCapacity)
    {
        FullMode = BoundedChannelFullMode.DropWrite,
        SingleReader = true,
    });
    private readonly DropLog _drops = new(time);

    public void Send(IReadOnlyList<RealtimeEvent> events)
    {
        foreach (var e in events)
        {
            if (!_queue.Writer.TryWrite(e) && _drops.Count() is { } dropped)
            {
                LogDropped(logger, dropped);
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<RealtimeEvent>(MaxBatch);
        var reader = _queue.Reader;
        while (await reader.WaitToReadAsync(stoppingToken))
        {
            while (batch.Count < MaxBatch && reader.TryRead(out var e))
            {
                batch.Add(e);
            }
            try
            {
                await NotifyAsync(batch, stoppingToken);
            }
            catch (Exception ex) when (ex is NpgsqlException or TimeoutException or InvalidOperationException)
            {
                // The change is committed and the activity log has it; only the live hint is lost.
                LogNotifyFailed(logger, ex, batch.Count);
            }
            batch.Clear();
        }
    }

    /// <summary>
    /// Sends what is queued now. For a process that ends before its background loop runs (the
    /// <c>mail ingest</c> verb starts no hosted service): without this, mail taken in by the MTA
    /// pipe would not appear live in the console.
    /// </summary>
    public async Task FlushAsync(CancellationToken ct)
    {
        var batch = new List<RealtimeEvent>(MaxBatch);
        while (_queue.Reader.TryRead(out var e))
        {
            batch.Add(e);
            if (batch.Count == MaxBatch)
            {
                await NotifyAsync(batch, ct);
                batch.Clear();
            }
        }
        if (batch.Count > 0)
        {
            await NotifyAsync(batch, ct);
        }
    }

    private async Task NotifyAsync(List<RealtimeEvent> events, CancellationToken ct)
    {
        await using var connection = await source.OpenConnectionAsync(ct);
        await using var command = new NpgsqlBatch(connection);
        foreach (var e in events)
        {
            command.BatchCommands.Add(new NpgsqlBatchCommand("SELECT pg_notify($1, $2)")
            {
                Parameters = { new() { Value = ChannelName }, new() { Value = e.ToPayload() } },
            });
        }
        await command.ExecuteNonQueryAsync(ct);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Realtime: the NOTIFY queue is full; {Dropped} events dropped since the last warning.")]
    private static partial void LogDropped(ILogger logger, long dropped);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Realtime: NOTIFY of {Count} events failed; they are not pushed.")]
    private static partial void LogNotifyFailed(ILogger logger, Exception ex, int count);
}
