using System.Net.Sockets;
using Rapport.Features.Mail.Ingest;

namespace Rapport.Features.Mail.Pipe;

/// <summary>
/// The fast path of <c>rapport mail ingest</c>: hands the message to the running server over its
/// pipe socket, without building a host or a database model. Its answer becomes the exit code.
/// When no server listens (no socket file, connection refused, not allowed to connect) the caller
/// takes the message in itself; once the server accepted the connection, anything short of its
/// answer is 75, so the MTA tries again (the Message-ID check makes a retry safe).
/// </summary>
public static class PipeClient
{
    /// <summary>Null when no server took the connection (or it asks the caller to take the message in itself).</summary>
    public static async Task<int?> TryAsync(string socketPath, string mailboxKey, byte[] raw, TextWriter output, TextWriter error)
    {
        if (!File.Exists(socketPath))
        {
            return null;
        }
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath));
        }
        catch (SocketException)
        {
            // A stale socket file, or one this user may not use: nobody to hand the message to.
            return null;
        }
        await using var stream = new NetworkStream(socket, ownsSocket: false);
        try
        {
            await stream.WriteAsync(PipeProtocol.Header(mailboxKey, raw.Length));
            var answer = await PipeProtocol.ReadAnswerAsync(stream, CancellationToken.None);
            if (answer.Status == PipeStatus.Continue)
            {
                await stream.WriteAsync(raw);
                answer = await PipeProtocol.ReadAnswerAsync(stream, CancellationToken.None);
            }
            if (answer.Status == PipeStatus.TooLarge)
            {
                return null;
            }
            return await MailIngestVerb.ReportAsync(answer, output, error);
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
        {
            await error.WriteLineAsync($"Temporary failure, try again later: the server closed the connection before answering ({e.Message}).");
            return MailIngestVerb.TempFail;
        }
    }
}
