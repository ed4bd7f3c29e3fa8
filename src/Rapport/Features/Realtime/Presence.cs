namespace Rapport.Features.Realtime;

/// <summary>An agent as others see them in presence and typing messages.</summary>
public sealed record AgentRef(long Id, string Name);

/// <summary>
/// Who is viewing which conversation, tracked per connection: a second tab counts once, and a
/// connection that drops takes its presence with it. Held in memory, so on several nodes each
/// node knows only the viewers connected to it.
/// </summary>
public sealed class Presence
{
    private readonly Lock _lock = new();
    private readonly Dictionary<long, Dictionary<string, AgentRef>> _byConversation = [];
    private readonly Dictionary<string, HashSet<long>> _byConnection = [];

    /// <summary>Returns true when the connection was not yet viewing the conversation.</summary>
    public bool View(long conversationId, string connectionId, AgentRef agent)
    {
        lock (_lock)
        {
            if (!_byConversation.TryGetValue(conversationId, out var viewers))
            {
                _byConversation[conversationId] = viewers = [];
            }
            if (!_byConnection.TryGetValue(connectionId, out var conversations))
            {
                _byConnection[connectionId] = conversations = [];
            }
            conversations.Add(conversationId);
            return viewers.TryAdd(connectionId, agent);
        }
    }

    public bool Leave(long conversationId, string connectionId)
    {
        lock (_lock)
        {
            if (_byConnection.TryGetValue(connectionId, out var conversations))
            {
                conversations.Remove(conversationId);
            }
            return RemoveViewer(conversationId, connectionId);
        }
    }

    /// <summary>Forgets a closed connection; returns the conversations whose viewers changed.</summary>
    public IReadOnlyList<long> Disconnect(string connectionId)
    {
        lock (_lock)
        {
            if (!_byConnection.Remove(connectionId, out var conversations))
            {
                return [];
            }
            return [.. conversations.Where(c => RemoveViewer(c, connectionId))];
        }
    }

    public bool IsViewing(long conversationId, string connectionId)
    {
        lock (_lock)
        {
            return _byConversation.TryGetValue(conversationId, out var viewers) && viewers.ContainsKey(connectionId);
        }
    }

    /// <summary>The distinct agents viewing, in the order of their ids.</summary>
    public IReadOnlyList<AgentRef> Viewers(long conversationId)
    {
        lock (_lock)
        {
            return _byConversation.TryGetValue(conversationId, out var viewers)
                ? [.. viewers.Values.DistinctBy(a => a.Id).OrderBy(a => a.Id)]
                : [];
        }
    }

    private bool RemoveViewer(long conversationId, string connectionId)
    {
        if (!_byConversation.TryGetValue(conversationId, out var viewers) || !viewers.Remove(connectionId))
        {
            return false;
        }
        if (viewers.Count == 0)
        {
            _byConversation.Remove(conversationId);
        }
        return true;
    }
}
