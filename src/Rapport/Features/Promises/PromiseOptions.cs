using System.ComponentModel.DataAnnotations;

namespace Rapport.Features.Promises;

/// <summary>The <c>Promises</c> section of the configuration.</summary>
public sealed class PromiseOptions
{
    /// <summary>Whether this node runs the sweeper (reminders and missed promises). Any number of nodes may; each promise is handled once.</summary>
    public bool SweepEnabled { get; set; } = true;

    [Range(1, 3600)]
    public int SweepSeconds { get; set; } = 15;

    /// <summary>How long before a promise is due its maker (and the assignee) are reminded.</summary>
    [Range(1, 10080)]
    public int ReminderLeadMinutes { get; set; } = 60;

    [Range(1, 1000)]
    public int BatchSize { get; set; } = 100;
}
