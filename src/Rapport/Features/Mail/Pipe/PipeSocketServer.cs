using System.Net.Sockets;
using Microsoft.Extensions.Options;
using Rapport.Features.Mail.Ingest;

namespace Rapport.Features.Mail.Pipe;

/// <summary>
/// Takes piped mail from <c>rapport mail ingest</c> on a Unix domain socket (<see cref="PipeSocketPath"/>),
/// so one message costs the MTA a tiny process instead of a host, and is stored by the server: its
/// realtime reaches open consoles at once, on SQLite too. The socket file is made 0660 before it
/// gets its name: the file system's permissions are the authentication (the server's user and group).
/// </summary>
public sealed partial class PipeSocketServer(IServiceProvider services, IConfiguration config, IOptions<MailOptions> options, ILogger<PipeSocketServer> log)
    : BackgroundService
{
    private const UnixFileMode SocketMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite;
    private readonly SemaphoreSlim _slots = new(Math.Max(4, Environment.ProcessorCount * 2));
    private string? _path;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (OperatingSystem.IsWindows() || PipeSocketPath.Resolve(config) is not { } path)
        {
            return;
        }
        using var listener = await ListenAsync(path);
        if (listener is null)
        {
            return;
        }
        var connections = new List<Task>();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await _slots.WaitAsync(stoppingToken);
                var connection = await listener.AcceptAsync(stoppingToken);
                connections.RemoveAll(t => t.IsCompleted);
                connections.Add(ServeAsync(connection, stoppingToken));
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (SocketException e)
            {
                _slots.Release();
                LogAcceptFailed(log, e.Message);
            }
        }
        await Task.WhenAll(connections).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private async Task<Socket?> ListenAsync(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        if (File.Exists(path))
        {
            if (await IsLiveAsync(path))
            {
                LogTaken(log, path);
                return null;
            }
            File.Delete(path); // left by a server that did not stop cleanly
        }
        // Bound under a temporary name, made private, then renamed: no moment in which another user could connect.
        var temporary = $"{path}.{Environment.ProcessId}.tmp";
        File.Delete(temporary);
        var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            listener.Bind(new UnixDomainSocketEndPoint(temporary));
            File.SetUnixFileMode(temporary, SocketMode);
            listener.Listen(64);
            File.Move(temporary, path, overwrite: true);
        }
        catch (Exception e) when (e is SocketException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            listener.Dispose();
            File.Delete(temporary);
            LogCannotListen(log, path, e.Message);
            return null;
        }
        _path = path;
        LogListening(log, path);
        return listener;
    }

    private static async Task<bool> IsLiveAsync(string path)
    {
        using var probe = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await probe.ConnectAsync(new UnixDomainSocketEndPoint(path));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private async Task ServeAsync(Socket connection, CancellationToken stoppingToken)
    {
        try
        {
            await using var stream = new NetworkStream(connection, ownsSocket: true);
            var answer = await ReceiveAndIngestAsync(stream, stoppingToken);
            if (answer is not null)
            {
                await PipeProtocol.WriteAnswerAsync(stream, answer, stoppingToken);
            }
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The client went away or took too long; it exits 75 and the MTA tries again.
            LogConnectionLost(log, e.Message);
        }
        finally
        {
            _slots.Release();
        }
    }

    /// <summary>Null when the request was no request (nothing to answer).</summary>
    private async Task<PipeAnswer?> ReceiveAndIngestAsync(NetworkStream stream, CancellationToken stoppingToken)
    {
        using var reading = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        reading.CancelAfter(TimeSpan.FromSeconds(options.Value.TimeoutSeconds));
        if (await PipeProtocol.ReadHeaderAsync(stream, reading.Token) is not { } header)
        {
            return new(PipeStatus.BadRequest, "Not a Rapport pipe request.");
        }
        if (header.Length <= 0)
        {
            return new(PipeStatus.BadRequest, "No message on standard input.");
        }
        if (header.Length > options.Value.MaxMessageBytes)
        {
            return new(PipeStatus.TooLarge, $"Larger than the limit of {options.Value.MaxMessageBytes} bytes.");
        }
        await PipeProtocol.WriteAnswerAsync(stream, new(PipeStatus.Continue, ""), reading.Token);
        var raw = new byte[header.Length];
        await stream.ReadExactlyAsync(raw, reading.Token);
        try
        {
            return await MailIngestVerb.IngestOneAsync(services, header.Key, raw, checkSchema: false, stoppingToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            // Like the verb: anything unexpected keeps the message with the MTA, which tries again.
            LogIngestFailed(log, e);
            return new(PipeStatus.TemporaryFailure, $"Temporary failure, try again later: {e.GetType().Name}: {e.Message}");
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        if (_path is not null)
        {
            File.Delete(_path);
        }
    }

    public override void Dispose()
    {
        _slots.Dispose();
        base.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Mail pipe: listening on {Path}.")]
    private static partial void LogListening(ILogger logger, string path);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Mail pipe: another server already listens on {Path}; this one does not.")]
    private static partial void LogTaken(ILogger logger, string path);

    [LoggerMessage(Level = LogLevel.Error, Message = "Mail pipe: cannot listen on {Path} ({Error}); `rapport mail ingest` takes mail in by itself.")]
    private static partial void LogCannotListen(ILogger logger, string path, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Mail pipe: accepting a connection failed: {Error}")]
    private static partial void LogAcceptFailed(ILogger logger, string error);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Mail pipe: a connection ended before its answer: {Error}")]
    private static partial void LogConnectionLost(ILogger logger, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Mail pipe: taking a message in failed; the MTA will try again.")]
    private static partial void LogIngestFailed(ILogger logger, Exception e);
}
