using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Rapport.Tests.Infrastructure;

/// <summary>A message the server invoked on the client, with the moment it arrived (<see cref="Stopwatch"/> ticks).</summary>
public sealed record HubMessage(string Target, JsonArray Arguments, long ArrivedAt);

/// <summary>
/// Just enough of the SignalR JSON hub protocol over a WebSocket for tests and the load driver
/// (the SignalR client package is not available here): the handshake, invocations both ways,
/// completions; pings are ignored. Records are JSON separated by 0x1E.
/// </summary>
public sealed class SignalRTestClient : IAsyncDisposable
{
    private const char Separator = '\u001e';
    private readonly WebSocket _socket;
    private readonly List<HubMessage> _received = [];
    private readonly Dictionary<string, TaskCompletionSource<JsonNode?>> _pending = [];
    private readonly Lock _lock = new();
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly CancellationTokenSource _closing = new();
    private TaskCompletionSource _arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task _loop = Task.CompletedTask;
    private int _nextId;

    private SignalRTestClient(WebSocket socket) => _socket = socket;

    /// <summary>The hub's URL with the token in the query, as a browser's WebSocket must send it.</summary>
    public static Uri HubUri(Uri baseAddress, string? token, string path = "/hubs/console")
    {
        var builder = new UriBuilder(new Uri(baseAddress, path))
        {
            Scheme = baseAddress.Scheme == "https" ? "wss" : "ws",
            Query = token is null ? "" : $"access_token={Uri.EscapeDataString(token)}",
        };
        return builder.Uri;
    }

    /// <summary>Connects with <paramref name="connect"/> (a ClientWebSocket, or the test server's client) and shakes hands.</summary>
    public static async Task<SignalRTestClient> ConnectAsync(Func<Uri, CancellationToken, Task<WebSocket>> connect, Uri uri, CancellationToken ct = default)
    {
        var socket = await connect(uri, ct);
        var client = new SignalRTestClient(socket);
        await client.SendRawAsync("""{"protocol":"json","version":1}""", ct);
        var handshake = new TaskCompletionSource<JsonNode>(TaskCreationOptions.RunContinuationsAsynchronously);
        client._loop = client.ReadLoopAsync(handshake);
        var answer = await handshake.Task.WaitAsync(TimeSpan.FromSeconds(10), ct);
        if (answer["error"] is { } error)
        {
            throw new InvalidOperationException($"Handshake refused: {error}");
        }
        return client;
    }

    public static Task<SignalRTestClient> ConnectAsync(Uri uri, CancellationToken ct = default) => ConnectAsync(async (u, c) =>
    {
        var socket = new ClientWebSocket();
        await socket.ConnectAsync(u, c);
        return socket;
    }, uri, ct);

    /// <summary>Calls a hub method and waits for its completion; returns its result, throws on a hub error.</summary>
    public async Task<JsonNode?> InvokeAsync(string target, params object?[] arguments)
    {
        var id = Interlocked.Increment(ref _nextId).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var completion = new TaskCompletionSource<JsonNode?>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lock)
        {
            _pending[id] = completion;
        }
        await SendRawAsync(JsonSerializer.Serialize(new { type = 1, invocationId = id, target, arguments }), CancellationToken.None);
        return await completion.Task.WaitAsync(TimeSpan.FromSeconds(10));
    }

    /// <summary>Completes when the server has closed the connection.</summary>
    public Task Closed => _loop;

    /// <summary>Everything received so far.</summary>
    public IReadOnlyList<HubMessage> Received
    {
        get
        {
            lock (_lock)
            {
                return [.. _received];
            }
        }
    }

    public IReadOnlyList<HubMessage> ReceivedFor(string target) => [.. Received.Where(m => m.Target == target)];

    /// <summary>
    /// Waits for a message to <paramref name="target"/> matching <paramref name="match"/>, among those
    /// received from position <paramref name="after"/> of <see cref="Received"/> on (by default all, before or after the call).
    /// </summary>
    public async Task<HubMessage> WaitForAsync(string target, Func<JsonArray, bool> match, TimeSpan timeout, int after = 0)
    {
        using var cts = new CancellationTokenSource(timeout);
        while (true)
        {
            Task arrived;
            lock (_lock)
            {
                var found = _received.Skip(after).FirstOrDefault(m => m.Target == target && match(m.Arguments));
                if (found is not null)
                {
                    return found;
                }
                arrived = _arrived.Task;
            }
            try
            {
                await arrived.WaitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"No '{target}' message matched within {timeout.TotalSeconds:F1} s; received: " +
                    string.Join(", ", Received.Select(m => $"{m.Target}{m.Arguments.ToJsonString()}")));
            }
            if (_loop.IsCompleted)
            {
                throw new InvalidOperationException("The connection closed.");
            }
        }
    }

    private async Task ReadLoopAsync(TaskCompletionSource<JsonNode> handshake)
    {
        var buffer = new byte[16 * 1024];
        var text = new StringBuilder();
        var handshaken = false;
        try
        {
            while (_socket.State == WebSocketState.Open)
            {
                var bytes = new MemoryStream();
                WebSocketReceiveResult result;
                do
                {
                    result = await _socket.ReceiveAsync(buffer, _closing.Token);
                    bytes.Write(buffer, 0, result.Count);
                }
                while (!result.EndOfMessage && result.MessageType != WebSocketMessageType.Close);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }
                var arrivedAt = Stopwatch.GetTimestamp();
                text.Append(Encoding.UTF8.GetString(bytes.GetBuffer(), 0, (int)bytes.Length));
                int end;
                while ((end = text.ToString().IndexOf(Separator, StringComparison.Ordinal)) >= 0)
                {
                    var record = text.ToString(0, end);
                    text.Remove(0, end + 1);
                    var json = JsonNode.Parse(record)!;
                    if (!handshaken)
                    {
                        handshaken = true;
                        handshake.TrySetResult(json);
                        continue;
                    }
                    Handle(json, arrivedAt);
                }
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The connection ended; waiters see it through the completed loop.
        }
        finally
        {
            handshake.TrySetException(new InvalidOperationException("The connection closed during the handshake."));
            lock (_lock)
            {
                foreach (var pending in _pending.Values)
                {
                    pending.TrySetException(new InvalidOperationException("The connection closed."));
                }
                _arrived.TrySetResult();
            }
        }
    }

    private void Handle(JsonNode json, long arrivedAt)
    {
        switch (json["type"]?.GetValue<int>())
        {
            case 1:
                lock (_lock)
                {
                    _received.Add(new HubMessage(json["target"]!.GetValue<string>(), json["arguments"]?.AsArray() ?? [], arrivedAt));
                    _arrived.TrySetResult();
                    _arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
                }
                break;
            case 3:
                TaskCompletionSource<JsonNode?>? completion;
                lock (_lock)
                {
                    _pending.Remove(json["invocationId"]!.GetValue<string>(), out completion);
                }
                if (json["error"] is { } error)
                {
                    completion?.TrySetException(new HubErrorException(error.GetValue<string>()));
                }
                else
                {
                    completion?.TrySetResult(json["result"]?.DeepClone());
                }
                break;
            case 7:
                _closing.Cancel();
                break;
            default:
                // 6 is a ping; nothing else is expected by these tests.
                break;
        }
    }

    private async Task SendRawAsync(string record, CancellationToken ct)
    {
        var bytes = Encoding.UTF8.GetBytes(record + Separator);
        await _sendLock.WaitAsync(ct);
        try
        {
            await _socket.SendAsync(bytes, WebSocketMessageType.Text, endOfMessage: true, ct);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_socket.State == WebSocketState.Open)
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token);
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // Already gone.
        }
        await _closing.CancelAsync();
        await _loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _socket.Dispose();
        _closing.Dispose();
        _sendLock.Dispose();
    }
}

/// <summary>A hub method's error completion.</summary>
public sealed class HubErrorException(string message) : Exception(message);
