using Microsoft.AspNetCore.SignalR;
using Rapport.Features.Realtime;

namespace Rapport.Features.AgentConsole.Pages.Conversations;

/// <summary>
/// The conversation page's live side, for one Blazor circuit: committed changes from this node's
/// <see cref="IRealtimeBus"/>, and viewers and typing through the hub's own <see cref="Presence"/>,
/// where the circuit counts as one more connection (keyed <c>circuit:…</c>). What the circuit
/// changes in presence is also sent to the hub's clients, so browsers on the SignalR hub and
/// console pages see each other. Callbacks come on background threads.
/// </summary>
public sealed class ConversationLive : IAsyncDisposable
{
    /// <summary>Someone who stopped typing without saying so (a closed tab) stops showing after this.</summary>
    public static readonly TimeSpan TypingShownFor = TimeSpan.FromSeconds(8);

    private readonly long _conversationId;
    private readonly AgentRef _me;
    private readonly string _key = "circuit:" + Guid.NewGuid().ToString("N");
    private readonly IRealtimeBus _bus;
    private readonly Presence _presence;
    private readonly IHubContext<ConsoleHub> _hub;
    private readonly TimeProvider _time;
    private readonly Func<RealtimeEvent, Task> _onEvent;
    private readonly Func<Task> _onPresence;
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _lock = new();
    private readonly Dictionary<long, (AgentRef Agent, DateTimeOffset Until)> _typing = [];
    private bool _started;
    private bool _iAmTyping;

    public ConversationLive(long conversationId, AgentRef me, IRealtimeBus bus, Presence presence, IHubContext<ConsoleHub> hub,
        TimeProvider time, Func<RealtimeEvent, Task> onEvent, Func<Task> onPresence)
    {
        _conversationId = conversationId;
        _me = me;
        _bus = bus;
        _presence = presence;
        _hub = hub;
        _time = time;
        _onEvent = onEvent;
        _onPresence = onPresence;
    }

    private string Group => ConsoleHub.ConversationGroup(_conversationId);

    /// <summary>The other agents viewing now (this agent's other tabs are not "someone else").</summary>
    public IReadOnlyList<AgentRef> OtherViewers => [.. _presence.Viewers(_conversationId).Where(a => a.Id != _me.Id)];

    public IReadOnlyList<AgentRef> OthersTyping
    {
        get
        {
            var now = _time.GetUtcNow();
            lock (_lock)
            {
                return [.. _typing.Values.Where(t => t.Until > now).Select(t => t.Agent).OrderBy(a => a.Id)];
            }
        }
    }

    public async Task StartAsync()
    {
        var events = _bus.Subscribe(_stop.Token);
        _presence.ViewersChanged += OnViewersChanged;
        _presence.TypingChanged += OnTypingChanged;
        _started = true;
        _ = Task.Run(() => ReadAsync(events));
        _presence.View(_conversationId, _key, _me);
        await SendViewersAsync();
    }

    /// <summary>Says this agent is (still) typing, or stopped; the page calls it as they write and when they pause or send.</summary>
    public async Task TypingAsync(bool isTyping)
    {
        if (!_started || (!isTyping && !_iAmTyping))
        {
            return;
        }
        _iAmTyping = isTyping;
        _presence.Typing(_conversationId, _key, _me, isTyping);
        await _hub.Clients.Group(Group).SendAsync("Typing", _conversationId, _me, isTyping, _stop.Token);
    }

    private async Task ReadAsync(System.Threading.Channels.ChannelReader<RealtimeEvent> events)
    {
        try
        {
            await foreach (var e in events.ReadAllAsync(_stop.Token))
            {
                if (e.ConversationId == _conversationId || e.Kind == RealtimeEvent.RefreshKind)
                {
                    await _onEvent(e);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The page closed.
        }
    }

    private void OnViewersChanged(long conversationId)
    {
        if (conversationId != _conversationId)
        {
            return;
        }
        lock (_lock)
        {
            // Whoever left is no longer typing here.
            var viewing = _presence.Viewers(conversationId).Select(a => a.Id).ToHashSet();
            foreach (var gone in _typing.Keys.Where(id => !viewing.Contains(id)).ToList())
            {
                _typing.Remove(gone);
            }
        }
        _ = _onPresence();
    }

    private void OnTypingChanged(long conversationId, string key, AgentRef agent, bool isTyping)
    {
        if (conversationId != _conversationId || key == _key || agent.Id == _me.Id)
        {
            return;
        }
        lock (_lock)
        {
            if (isTyping)
            {
                _typing[agent.Id] = (agent, _time.GetUtcNow() + TypingShownFor);
            }
            else
            {
                _typing.Remove(agent.Id);
            }
        }
        _ = _onPresence();
        if (isTyping)
        {
            // Redraw once the mark has run out, in case no "stopped" ever comes.
            _ = Task.Delay(TypingShownFor + TimeSpan.FromMilliseconds(100), _stop.Token).ContinueWith(_ => _onPresence(), TaskScheduler.Default);
        }
    }

    private Task SendViewersAsync() =>
        _hub.Clients.Group(Group).SendAsync("Viewers", _conversationId, _presence.Viewers(_conversationId));

    public async ValueTask DisposeAsync()
    {
        if (_started)
        {
            _presence.ViewersChanged -= OnViewersChanged;
            _presence.TypingChanged -= OnTypingChanged;
            if (_iAmTyping)
            {
                _presence.Typing(_conversationId, _key, _me, false);
                await _hub.Clients.Group(Group).SendAsync("Typing", _conversationId, _me, false);
            }
            if (_presence.Leave(_conversationId, _key))
            {
                await SendViewersAsync();
            }
        }
        await _stop.CancelAsync();
        _stop.Dispose();
    }
}
