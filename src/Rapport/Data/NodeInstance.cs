namespace Rapport.Data;

/// <summary>
/// A running server process, as other processes see it: written when it starts and refreshed by its
/// heartbeat (<see cref="NodeHeartbeat"/>). Work it reserved (an idempotency key) is safe to take over
/// once this row says the process is gone (<see cref="ThisInstance.IsAliveAsync"/>).
/// </summary>
public sealed class NodeInstance
{
    /// <summary>Random per process start (<see cref="ThisInstance.Id"/>).</summary>
    public string Id { get; set; } = "";
    /// <summary>The machine: its name and, where the OS tells, its boot id, so two machines of one name differ.</summary>
    public string Host { get; set; } = "";
    public int ProcessId { get; set; }
    /// <summary>When the OS started the process; with <see cref="ProcessId"/> it tells a restarted process from a live one.</summary>
    public DateTime ProcessStartedAt { get; set; }
    public DateTime HeartbeatAt { get; set; }
}
