using System.Net.Security;
using System.Net.Sockets;
using System.Text;

namespace Rapport.Features.Mail.Mailboxes;

/// <summary>The steps of reaching a mail server, in order; a failure names the one that failed.</summary>
public enum MailStep
{
    Dns,
    Connect,
    Tls,
    Greeting,
    Auth,
    Select,
    Send,
}

/// <summary>
/// A mail connection failed at <see cref="Step"/>. <see cref="Transient"/> says whether trying again
/// later may work (a timeout, a 4xx reply) or not (a wrong password, a 5xx reply).
/// </summary>
public sealed class MailConnectionException(MailStep step, string message, bool transient, Exception? inner = null)
    : Exception(message, inner)
{
    public MailStep Step { get; } = step;
    public bool Transient { get; } = transient;
}

/// <summary>Where and how to connect, for both IMAP and SMTP.</summary>
public sealed record MailEndpoint(string Host, int Port, MailSecurity Security, bool VerifyCertificate, TimeSpan Timeout);

/// <summary>
/// A line-oriented TCP connection with optional TLS (from the start or upgraded by STARTTLS),
/// reading lines and exact byte counts (IMAP literals) from one buffer. Shared by our IMAP and SMTP clients.
/// </summary>
internal sealed class MailConnection : IAsyncDisposable
{
    /// <summary>A server that sends an endless line is cut off rather than allowed to exhaust memory.</summary>
    public const int MaxLineBytes = 1 << 20;

    private readonly TcpClient _tcp;
    private readonly string _host;
    private readonly bool _verify;
    private Stream _stream;
    private readonly byte[] _buffer = new byte[1 << 16];
    private int _start;
    private int _end;

    private MailConnection(TcpClient tcp, string host, bool verify)
    {
        _tcp = tcp;
        _host = host;
        _verify = verify;
        _stream = tcp.GetStream();
    }

    public TimeSpan Timeout { get; set; }

    public bool IsEncrypted => _stream is SslStream;

    public static async Task<MailConnection> OpenAsync(MailEndpoint endpoint, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(endpoint.Timeout);
        System.Net.IPAddress[] addresses;
        try
        {
            addresses = await System.Net.Dns.GetHostAddressesAsync(endpoint.Host, timeout.Token);
        }
        catch (Exception e) when (e is SocketException or ArgumentException || e is OperationCanceledException && !ct.IsCancellationRequested)
        {
            throw new MailConnectionException(MailStep.Dns, $"The name '{endpoint.Host}' could not be resolved: {e.Message}", transient: true, e);
        }
        if (addresses.Length == 0)
        {
            throw new MailConnectionException(MailStep.Dns, $"The name '{endpoint.Host}' has no addresses.", transient: true);
        }
        var tcp = new TcpClient(addresses[0].AddressFamily);
        try
        {
            await tcp.ConnectAsync(addresses, endpoint.Port, timeout.Token);
        }
        catch (Exception e) when (e is SocketException || e is OperationCanceledException && !ct.IsCancellationRequested)
        {
            tcp.Dispose();
            throw new MailConnectionException(MailStep.Connect, $"Could not connect to {endpoint.Host}:{endpoint.Port}: {e.Message}", transient: true, e);
        }
        var connection = new MailConnection(tcp, endpoint.Host, endpoint.VerifyCertificate) { Timeout = endpoint.Timeout };
        if (endpoint.Security == MailSecurity.Tls)
        {
            try
            {
                await connection.StartTlsAsync(ct);
            }
            catch
            {
                await connection.DisposeAsync();
                throw;
            }
        }
        return connection;
    }

    /// <summary>Wraps the connection in TLS (implicit TLS at once, or after a STARTTLS command was accepted).</summary>
    public async Task StartTlsAsync(CancellationToken ct)
    {
        var ssl = new SslStream(_stream, leaveInnerStreamOpen: false);
        var options = new SslClientAuthenticationOptions { TargetHost = _host };
        if (!_verify)
        {
            options.RemoteCertificateValidationCallback = (_, _, _, _) => true;
        }
        using var timeout = Linked(ct);
        try
        {
            await ssl.AuthenticateAsClientAsync(options, timeout.Token);
        }
        catch (Exception e) when (e is System.Security.Authentication.AuthenticationException or IOException || e is OperationCanceledException && !ct.IsCancellationRequested)
        {
            await ssl.DisposeAsync();
            throw new MailConnectionException(MailStep.Tls, $"The TLS handshake with {_host} failed: {e.Message}", transient: e is not System.Security.Authentication.AuthenticationException, e);
        }
        _stream = ssl;
        _start = _end = 0;
    }

    /// <summary>The next line without its CRLF (UTF-8), or null at the end of the stream.</summary>
    public async Task<string?> ReadLineAsync(CancellationToken ct)
    {
        var bytes = await ReadLineBytesAsync(ct);
        return bytes is null ? null : Encoding.UTF8.GetString(bytes);
    }

    private async Task<byte[]?> ReadLineBytesAsync(CancellationToken ct)
    {
        using var line = new MemoryStream();
        while (true)
        {
            var newline = Array.IndexOf(_buffer, (byte)'\n', _start, _end - _start);
            if (newline >= 0)
            {
                line.Write(_buffer, _start, newline - _start);
                _start = newline + 1;
                var result = line.ToArray();
                return result.Length > 0 && result[^1] == '\r' ? result[..^1] : result;
            }
            line.Write(_buffer, _start, _end - _start);
            _start = _end = 0;
            if (line.Length > MaxLineBytes)
            {
                throw new IOException($"The server sent a line longer than {MaxLineBytes} bytes.");
            }
            if (!await FillAsync(ct))
            {
                return line.Length == 0 ? null : line.ToArray();
            }
        }
    }

    /// <summary>Exactly <paramref name="count"/> bytes (an IMAP literal).</summary>
    public async Task<byte[]> ReadExactAsync(int count, CancellationToken ct)
    {
        var result = new byte[count];
        var filled = 0;
        while (filled < count)
        {
            if (_start == _end && !await FillAsync(ct))
            {
                throw new IOException("The connection closed in the middle of a literal.");
            }
            var take = Math.Min(count - filled, _end - _start);
            Buffer.BlockCopy(_buffer, _start, result, filled, take);
            _start += take;
            filled += take;
        }
        return result;
    }

    public async Task WriteLineAsync(string line, CancellationToken ct) => await WriteAsync(Encoding.UTF8.GetBytes(line + "\r\n"), ct);

    public async Task WriteAsync(ReadOnlyMemory<byte> bytes, CancellationToken ct)
    {
        using var timeout = Linked(ct);
        await _stream.WriteAsync(bytes, timeout.Token);
        await _stream.FlushAsync(timeout.Token);
    }

    /// <summary>Reads with the connection's timeout, or with none when <paramref name="wait"/> says so (IMAP IDLE waits on its own clock).</summary>
    private async Task<bool> FillAsync(CancellationToken ct)
    {
        using var timeout = WaitWithoutTimeout ? CancellationTokenSource.CreateLinkedTokenSource(ct) : Linked(ct);
        int read;
        try
        {
            read = await _stream.ReadAsync(_buffer.AsMemory(_end, _buffer.Length - _end), timeout.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new TimeoutException($"{_host} did not answer within {Timeout.TotalSeconds:0} s.");
        }
        _end += read;
        return read > 0;
    }

    /// <summary>Set while waiting for a server that may rightly stay silent for minutes (IMAP IDLE).</summary>
    public bool WaitWithoutTimeout { get; set; }

    private CancellationTokenSource Linked(CancellationToken ct)
    {
        var source = CancellationTokenSource.CreateLinkedTokenSource(ct);
        source.CancelAfter(Timeout);
        return source;
    }

    public async ValueTask DisposeAsync()
    {
        await _stream.DisposeAsync();
        _tcp.Dispose();
    }
}
