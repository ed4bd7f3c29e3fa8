using System.Net;
using System.Net.Sockets;

namespace Rapport.Tests.Features.Mail;

/// <summary>
/// An SMTP server on a loopback port that refuses every recipient with a permanent 550, the way a
/// real server answers for an address that does not exist: what a failed reply looks like.
/// </summary>
public sealed class RefusingSmtpServer : IAsyncDisposable
{
    public const string Refusal = "550 5.1.1 <nobody@customer.test>: Recipient address rejected: User unknown";

    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;

    public RefusingSmtpServer()
    {
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    private async Task AcceptAsync()
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                _ = ServeAsync(client);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                using var reader = new StreamReader(stream);
                await using var writer = new StreamWriter(stream) { NewLine = "\r\n", AutoFlush = true };
                await writer.WriteLineAsync("220 refusing.test ESMTP");
                while (await reader.ReadLineAsync(_stop.Token) is { } line)
                {
                    var verb = line.Split(' ', 2)[0].ToUpperInvariant();
                    await writer.WriteLineAsync(verb switch
                    {
                        "EHLO" or "HELO" => "250 refusing.test",
                        "MAIL" or "RSET" or "NOOP" => "250 2.0.0 OK",
                        "RCPT" => Refusal,
                        "QUIT" => "221 2.0.0 Bye",
                        _ => "503 5.5.1 Bad sequence of commands",
                    });
                    if (verb == "QUIT")
                    {
                        return;
                    }
                }
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException)
            {
                // The client went away.
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        _stop.Dispose();
    }
}
