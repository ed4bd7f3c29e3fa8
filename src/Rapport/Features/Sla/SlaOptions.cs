using System.ComponentModel.DataAnnotations;

namespace Rapport.Features.Sla;

/// <summary>The <c>Sla</c> section of the configuration.</summary>
public sealed class SlaOptions
{
    /// <summary>Runs the worker that writes warnings and breaches and escalates. Every node may run it; each row is taken by one.</summary>
    public bool WorkerEnabled { get; set; } = true;

    /// <summary>How often the worker looks for rows that fell due; warnings and breaches are written within this of their instant (plus the work).</summary>
    [Range(50, 10_000)]
    public int PollMilliseconds { get; set; } = 250;

    [Range(1, 10_000)]
    public int BatchSize { get; set; } = 100;
}
