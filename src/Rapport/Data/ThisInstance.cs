using System.Diagnostics;
using Microsoft.EntityFrameworkCore;

namespace Rapport.Data;

/// <summary>
/// This server process as other processes know it (<see cref="NodeInstance"/>), and how any process
/// decides whether another one is still alive. A process is gone when its row is missing, when its
/// heartbeat is older than <see cref="Silent"/>, or at once when it ran on this machine and no process
/// with its id and start time runs here any more (the server was restarted, or crashed).
/// </summary>
public sealed class ThisInstance
{
    /// <summary>How often a process refreshes its row.</summary>
    public static readonly TimeSpan HeartbeatInterval = TimeSpan.FromSeconds(10);

    /// <summary>A process whose heartbeat is older than this is taken for dead (three missed beats).</summary>
    public static readonly TimeSpan Silent = TimeSpan.FromSeconds(30);

    public ThisInstance()
    {
        using var process = Process.GetCurrentProcess();
        ProcessId = process.Id;
        ProcessStartedAt = process.StartTime.ToUniversalTime();
    }

    public string Id { get; } = Guid.NewGuid().ToString("N");
    public string Host { get; } = MachineIdentity();
    public int ProcessId { get; }
    public DateTime ProcessStartedAt { get; }

    public NodeInstance Row(DateTime now) =>
        new() { Id = Id, Host = Host, ProcessId = ProcessId, ProcessStartedAt = ProcessStartedAt, HeartbeatAt = now };

    /// <summary>Whether the process <paramref name="instanceId"/> may still be working on what it reserved.</summary>
    public async Task<bool> IsAliveAsync(RapportDb db, string instanceId, DateTime now, CancellationToken ct)
    {
        if (instanceId == Id)
        {
            return true;
        }
        var other = await db.NodeInstances.AsNoTracking().SingleOrDefaultAsync(n => n.Id == instanceId, ct);
        if (other is null || now - other.HeartbeatAt > Silent)
        {
            return false;
        }
        return other.Host != Host || Runs(other.ProcessId, other.ProcessStartedAt);
    }

    /// <summary>Whether a process with this id and start time runs on this machine (a reused id has another start time).</summary>
    private static bool Runs(int processId, DateTime startedAt)
    {
        try
        {
            using var process = Process.GetProcessById(processId);
            return (process.StartTime.ToUniversalTime() - startedAt).Duration() < TimeSpan.FromSeconds(1);
        }
        catch (ArgumentException)
        {
            return false; // no such process
        }
        catch (InvalidOperationException)
        {
            return false; // it exited while being looked at
        }
    }

    /// <summary>
    /// The machine's name and, on Linux, its boot id: a machine that rebooted, or another machine that
    /// happens to share the name, is not taken for this one (its processes are then judged by heartbeat).
    /// </summary>
    private static string MachineIdentity()
    {
        const string bootIdFile = "/proc/sys/kernel/random/boot_id";
        var bootId = File.Exists(bootIdFile) ? File.ReadAllText(bootIdFile).Trim() : "";
        var identity = bootId.Length == 0 ? Environment.MachineName : $"{Environment.MachineName}/{bootId}";
        return identity.Length <= 300 ? identity : identity[..300];
    }
}
