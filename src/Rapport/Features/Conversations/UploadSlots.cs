using Microsoft.Extensions.Options;
using Rapport.Data;

namespace Rapport.Features.Conversations;

/// <summary>
/// How many big uploads are read at once (<c>Rapport:MaxConcurrentUploads</c>). Files are decoded to
/// disk as they arrive, so an upload costs little memory, but each still holds a disk write, a hash
/// and a thread's attention for as long as the client takes to send it; past the limit, a request
/// waits up to <c>Rapport:UploadWaitSeconds</c> for a slot and is then told to come back (503 with
/// Retry-After) rather than queued without end.
/// </summary>
public sealed class UploadSlots(IOptions<RapportOptions> options)
{
    /// <summary>A body over this (or of unknown length, sent in chunks) takes a slot; smaller ones never wait.</summary>
    public const long BigUploadBytes = 1024 * 1024;

    private readonly SemaphoreSlim _slots = new(options.Value.MaxConcurrentUploads);
    private readonly TimeSpan _wait = TimeSpan.FromSeconds(options.Value.UploadWaitSeconds);

    public TimeSpan RetryAfter => TimeSpan.FromSeconds(Math.Max(1, options.Value.UploadWaitSeconds));

    /// <summary>A slot for a body of <paramref name="length"/> bytes (null: unknown), released when the lease is disposed; null when none came free in time.</summary>
    public async Task<IDisposable?> TakeAsync(long? length, CancellationToken ct)
    {
        if (length is { } known && known <= BigUploadBytes)
        {
            return NoSlot.Instance;
        }
        return await _slots.WaitAsync(_wait, ct) ? new Lease(_slots) : null;
    }

    private sealed class Lease(SemaphoreSlim slots) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                slots.Release();
            }
        }
    }

    private sealed class NoSlot : IDisposable
    {
        public static readonly NoSlot Instance = new();

        public void Dispose()
        {
        }
    }
}
