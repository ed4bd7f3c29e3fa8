using System.Threading.Channels;

namespace Rapport.Features.Realtime;

/// <summary>
/// This node's in-process fan-out of committed events to its subscribers (the hub dispatcher,
/// tests). Publishing never waits: each subscriber has a bounded queue, and a subscriber that
/// falls behind loses events rather than slowing a request — realtime is a hint, the API is the truth.
/// </summary>
public interface IRealtimeBus
{
    void Publish(RealtimeEvent e);

    /// <summary>A queue of every event published from now on, until <paramref name="ct"/> is cancelled.</summary>
    ChannelReader<RealtimeEvent> Subscribe(CancellationToken ct);
}

internal sealed partial class RealtimeBus(ILogger<RealtimeBus> logger, TimeProvider time) : IRealtimeBus
{
    public const int QueueCapacity = 10_000;

    private readonly Lock _lock = new();
    private ImmutableSubscribers _subscribers = new([]);
    private readonly DropLog _drops = new(time);

    public void Publish(RealtimeEvent e)
    {
        foreach (var subscriber in _subscribers.Channels)
        {
            if (!subscriber.Writer.TryWrite(e) && _drops.Count() is { } dropped)
            {
                LogDropped(logger, dropped);
            }
        }
    }

    public ChannelReader<RealtimeEvent> Subscribe(CancellationToken ct)
    {
        var channel = Channel.CreateBounded<RealtimeEvent>(new BoundedChannelOptions(QueueCapacity)
        {
            FullMode = BoundedChannelFullMode.DropWrite,
            SingleReader = true,
        });
        lock (_lock)
        {
            _subscribers = new([.. _subscribers.Channels, channel]);
        }
        ct.Register(() =>
        {
            lock (_lock)
            {
                _subscribers = new([.. _subscribers.Channels.Where(c => c != channel)]);
            }
            channel.Writer.TryComplete();
        });
        return channel.Reader;
    }

    private sealed record ImmutableSubscribers(Channel<RealtimeEvent>[] Channels);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Realtime: a subscriber is behind; {Dropped} events dropped since the last warning.")]
    private static partial void LogDropped(ILogger logger, long dropped);
}

/// <summary>Counts drops and says when to warn: at most every ten seconds, so an overload does not also flood the log.</summary>
internal sealed class DropLog(TimeProvider time)
{
    private long _dropped;
    private long _lastWarning = long.MinValue;

    /// <summary>Records a drop; returns how many to report when a warning is due, else null.</summary>
    public long? Count()
    {
        Interlocked.Increment(ref _dropped);
        var now = time.GetTimestamp();
        var last = Interlocked.Read(ref _lastWarning);
        if (last != long.MinValue && time.GetElapsedTime(last, now) < TimeSpan.FromSeconds(10))
        {
            return null;
        }
        if (Interlocked.CompareExchange(ref _lastWarning, now, last) != last)
        {
            return null;
        }
        return Interlocked.Exchange(ref _dropped, 0);
    }
}
