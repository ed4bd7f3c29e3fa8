namespace Rapport.Features.Realtime;

/// <summary>
/// Where events go once their change has committed: straight onto the local bus on SQLite (one
/// node), through PostgreSQL NOTIFY to every node otherwise. Never waits on the network.
/// </summary>
public interface IRealtimeOutlet
{
    void Send(IReadOnlyList<RealtimeEvent> events);
}

/// <summary>One node: the bus is the whole audience.</summary>
internal sealed class LocalOutlet(IRealtimeBus bus) : IRealtimeOutlet
{
    public void Send(IReadOnlyList<RealtimeEvent> events)
    {
        foreach (var e in events)
        {
            bus.Publish(e);
        }
    }
}
