namespace Rapport.Features.Realtime;

/// <summary>An agent as others see them in presence and typing messages.</summary>
public sealed record AgentRef(long Id, string Name);

/// <summary>
/// Who is viewing which conversation, tracked per connection: a second tab counts once, and a
/// connection that drops takes its presence with it. Held in memory, so on several nodes each
/// node knows only the viewers connected to it. Hub connections and the console's Blazor circuits
/// (keyed <c>circuit:…</c>) share it, so each sees the other's viewers and typing.
/// </summary>
public sealed class Presence
{
    private readonly Lock _lock = new();

    /// <summary>Raised, outside the lock, with the conversation whose viewers changed.</summary>
    public event Action<long>? ViewersChanged;

    /// <summary>Raised with (conversation, connection or circuit key, agent, is typing) when someone starts or stops typing.</summary>
    public event Action<long, string, AgentRef, bool>? TypingChanged;
    private readonly Dictionary<long, Dictionary<string, AgentRef>> _byConversation = [];
    private readonly Dictionary<string, HashSet<long>> _byConnection = [];

    /// <summary>Returns true when the connection was not yet viewing the conversation.</summary>
    public bool View(long conversationId, string connectionId, AgentRef agent)
    {
        bool added;
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
            added = viewers.TryAdd(connectionId, agent);
        }
        if (added)
        {
            ViewersChanged?.Invoke(conversationId);
        }
        return added;
    }

    public bool Leave(long conversationId, string connectionId)
    {
        bool removed;
        lock (_lock)
        {
            if (_byConnection.TryGetValue(connectionId, out var conversations))
            {
                conversations.Remove(conversationId);
            }
            removed = RemoveViewer(conversationId, connectionId);
        }
        if (removed)
        {
            ViewersChanged?.Invoke(conversationId);
        }
        return removed;
    }

    /// <summary>Forgets a closed connection; returns the conversations whose viewers changed.</summary>
    public IReadOnlyList<long> Disconnect(string connectionId)
    {
        List<long> changed;
        lock (_lock)
        {
            if (!_byConnection.Remove(connectionId, out var conversations))
            {
                return [];
            }
            changed = [.. conversations.Where(c => RemoveViewer(c, connectionId))];
        }
        foreach (var conversationId in changed)
        {
            ViewersChanged?.Invoke(conversationId);
        }
        return changed;
    }

    /// <summary>Tells everyone on this node (circuits through <see cref="TypingChanged"/>) that a viewer started or stopped typing.</summary>
    public void Typing(long conversationId, string connectionId, AgentRef agent, bool isTyping) =>
        TypingChanged?.Invoke(conversationId, connectionId, agent, isTyping);

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
