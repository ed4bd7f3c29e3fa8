namespace Rapport.Features.Outbox;

public enum DeliveryOutcome
{
    Delivered,
    /// <summary>Try again later (a 4xx reply, a timeout, a server that is down).</summary>
    Transient,
    /// <summary>It will never work as it is (a 5xx reply, no address): recorded and not retried.</summary>
    Permanent,
}

public sealed record DeliveryResult(DeliveryOutcome Outcome, string? Error = null)
{
    public static readonly DeliveryResult Delivered = new(DeliveryOutcome.Delivered);

    public static DeliveryResult Transient(string error) => new(DeliveryOutcome.Transient, error);

    public static DeliveryResult Permanent(string error) => new(DeliveryOutcome.Permanent, error);
}

/// <summary>Delivers one kind of outbox item. Implementations must be safe to call again for the same item after a crash.</summary>
public interface IOutboxHandler
{
    string Kind { get; }

    Task<DeliveryResult> DeliverAsync(OutboxItem item, CancellationToken ct);

    /// <summary>Called once, in the dispatcher's transaction, when the item has failed for good (to tell the conversation).</summary>
    Task OnFailedAsync(Data.RapportDb db, OutboxItem item, string error, DateTime now, CancellationToken ct);

    /// <summary>Called once, in the dispatcher's transaction, when the item was delivered.</summary>
    Task OnDeliveredAsync(Data.RapportDb db, OutboxItem item, DateTime now, CancellationToken ct);
}

/// <summary>Wakes the dispatcher early when something was enqueued (it also polls, so a lost signal only delays).</summary>
public sealed class OutboxSignal
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    public void Notify()
    {
        try
        {
            _signal.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already signalled.
        }
    }

    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken ct) => _signal.WaitAsync(timeout, ct);
}
