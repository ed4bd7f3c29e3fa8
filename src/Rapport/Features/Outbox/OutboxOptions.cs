using System.ComponentModel.DataAnnotations;

namespace Rapport.Features.Outbox;

/// <summary>The <c>Outbox</c> section of the configuration.</summary>
public sealed class OutboxOptions
{
    public bool Enabled { get; set; } = true;

    [Range(1, 3600)]
    public int PollSeconds { get; set; } = 5;

    /// <summary>Attempts before a transiently failing item is given up as failed.</summary>
    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 10;

    /// <summary>The first retry waits this long; each next one twice as long, up to <see cref="MaxDelaySeconds"/>.</summary>
    [Range(1, 86400)]
    public int BaseDelaySeconds { get; set; } = 30;

    [Range(1, 86400)]
    public int MaxDelaySeconds { get; set; } = 3600;

    /// <summary>How long a claimed item is held by its node; longer than any delivery can take, so two nodes never hold it at once.</summary>
    [Range(10, 86400)]
    public int LeaseSeconds { get; set; } = 600;

    [Range(1, 1000)]
    public int BatchSize { get; set; } = 20;
}
