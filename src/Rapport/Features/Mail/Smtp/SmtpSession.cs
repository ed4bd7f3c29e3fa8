using System.Globalization;
using System.Text;
using Rapport.Features.Mail.Mailboxes;

namespace Rapport.Features.Mail.Smtp;

/// <summary>
/// A small SMTP client (RFC 5321): greeting, EHLO, STARTTLS or implicit TLS, AUTH PLAIN or LOGIN,
/// then MAIL/RCPT/DATA with dot-stuffing. Replies are classified: 4xx transient, 5xx permanent.
/// Commands are sent one at a time (no pipelining): simpler, and mail volume here is a helpdesk's.
/// </summary>
public sealed class SmtpSession : IAsyncDisposable
{
    private readonly MailConnection _connection;

    private SmtpSession(MailConnection connection) => _connection = connection;

    public HashSet<string> Extensions { get; private set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The mechanisms named by the AUTH extension.</summary>
    public HashSet<string> AuthMechanisms { get; private set; } = new(StringComparer.OrdinalIgnoreCase);

    public bool IsEncrypted => _connection.IsEncrypted;

    public static async Task<SmtpSession> ConnectAsync(MailEndpoint endpoint, string heloName, CancellationToken ct)
    {
        var connection = await MailConnection.OpenAsync(endpoint, ct);
        var session = new SmtpSession(connection);
        try
        {
            var greeting = await session.ReadReplyAsync(ct);
            if (greeting.Code != 220)
            {
                // Its words are not repeated: what answered may be any service an admin pointed us at.
                throw new MailConnectionException(MailStep.Greeting, $"The server did not greet as SMTP (\"220\"; it answered {greeting.Code}): it may not be an SMTP server, or the port or security setting is wrong.", greeting.IsTransient);
            }
            await session.HelloAsync(heloName, ct);
            if (endpoint.Security == MailSecurity.StartTls)
            {
                if (!session.Extensions.Contains("STARTTLS"))
                {
                    throw new MailConnectionException(MailStep.Tls, "The server does not offer STARTTLS.", false);
                }
                var go = await session.CommandAsync("STARTTLS", ct);
                if (go.Code != 220)
                {
                    throw new MailConnectionException(MailStep.Tls, $"STARTTLS was refused: {go}", go.IsTransient);
                }
                await connection.StartTlsAsync(ct);
                await session.HelloAsync(heloName, ct);
            }
            return session;
        }
        catch
        {
            await session.DisposeAsync();
            throw;
        }
    }

    private async Task HelloAsync(string heloName, CancellationToken ct)
    {
        var reply = await CommandAsync("EHLO " + heloName, ct);
        if (reply.Code != 250)
        {
            throw new MailConnectionException(MailStep.Greeting, $"EHLO was refused: {reply}", reply.IsTransient);
        }
        Extensions = new HashSet<string>(reply.Lines.Skip(1).Select(l => l.Split(' ')[0]), StringComparer.OrdinalIgnoreCase);
        AuthMechanisms = new HashSet<string>(
            reply.Lines.Skip(1).Where(l => l.StartsWith("AUTH ", StringComparison.OrdinalIgnoreCase) || l.StartsWith("AUTH=", StringComparison.OrdinalIgnoreCase))
                .SelectMany(l => l[5..].Split(' ', StringSplitOptions.RemoveEmptyEntries)),
            StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>AUTH PLAIN where offered, else AUTH LOGIN. A 5xx answer (wrong password) is permanent.</summary>
    public async Task AuthenticateAsync(string user, string password, CancellationToken ct)
    {
        SmtpReply reply;
        if (AuthMechanisms.Contains("PLAIN"))
        {
            reply = await CommandAsync("AUTH PLAIN " + Base64($"\0{user}\0{password}"), ct);
        }
        else if (AuthMechanisms.Contains("LOGIN"))
        {
            reply = await CommandAsync("AUTH LOGIN", ct);
            if (reply.Code == 334)
            {
                reply = await CommandAsync(Base64(user), ct);
            }
            if (reply.Code == 334)
            {
                reply = await CommandAsync(Base64(password), ct);
            }
        }
        else
        {
            throw new MailConnectionException(MailStep.Auth, "The server offers neither AUTH PLAIN nor AUTH LOGIN (is TLS on?).", false);
        }
        if (reply.Code != 235)
        {
            throw new MailConnectionException(MailStep.Auth, $"The server refused the user name or password: {reply}", reply.IsTransient);
        }
    }

    /// <summary>Sends one message to every recipient; throws <see cref="SmtpException"/> when any step is refused.</summary>
    public async Task SendAsync(string from, IReadOnlyCollection<string> recipients, ReadOnlyMemory<byte> message, CancellationToken ct)
    {
        var mailFrom = $"MAIL FROM:<{from}>";
        if (Extensions.Contains("SIZE"))
        {
            mailFrom += string.Create(CultureInfo.InvariantCulture, $" SIZE={message.Length}");
        }
        Expect(await CommandAsync(mailFrom, ct), 250, "MAIL FROM");
        foreach (var recipient in recipients)
        {
            var rcpt = await CommandAsync($"RCPT TO:<{recipient}>", ct);
            if (rcpt.Code is not (250 or 251))
            {
                throw SmtpException.From($"RCPT TO {recipient}", rcpt);
            }
        }
        Expect(await CommandAsync("DATA", ct), 354, "DATA");
        await _connection.WriteAsync(DotStuff(message.Span), ct);
        Expect(await ReadReplyAsync(ct), 250, "end of DATA");
    }

    public async Task QuitAsync(CancellationToken ct)
    {
        try
        {
            await CommandAsync("QUIT", ct);
        }
        catch (Exception e) when (e is IOException or TimeoutException)
        {
            // The message is already accepted; a server that hangs up first is fine.
        }
    }

    private static void Expect(SmtpReply reply, int code, string during)
    {
        if (reply.Code != code)
        {
            throw SmtpException.From(during, reply);
        }
    }

    private async Task<SmtpReply> CommandAsync(string command, CancellationToken ct)
    {
        await _connection.WriteLineAsync(command, ct);
        return await ReadReplyAsync(ct);
    }

    private async Task<SmtpReply> ReadReplyAsync(CancellationToken ct)
    {
        var lines = new List<string>();
        while (true)
        {
            var line = await _connection.ReadLineAsync(ct) ?? throw new IOException("The SMTP server closed the connection.");
            if (line.Length < 3 || !int.TryParse(line.AsSpan(0, 3), NumberStyles.None, CultureInfo.InvariantCulture, out var code))
            {
                throw new IOException($"Not an SMTP reply: {line}");
            }
            lines.Add(line.Length > 4 ? line[4..] : "");
            if (line.Length == 3 || line[3] == ' ')
            {
                return new SmtpReply(code, lines);
            }
        }
    }

    /// <summary>
    /// The message as DATA wants it: CRLF line ends (a bare LF becomes CRLF), a dot doubled at the
    /// start of a line (RFC 5321 4.5.2), and the closing <c>CRLF.CRLF</c>.
    /// </summary>
    public static byte[] DotStuff(ReadOnlySpan<byte> message)
    {
        using var output = new MemoryStream(message.Length + message.Length / 50 + 5);
        var atLineStart = true;
        for (var i = 0; i < message.Length; i++)
        {
            var b = message[i];
            if (atLineStart && b == '.')
            {
                output.WriteByte((byte)'.');
            }
            if (b == '\n' && (i == 0 || message[i - 1] != '\r'))
            {
                output.WriteByte((byte)'\r');
            }
            if (b == '\r' && (i + 1 >= message.Length || message[i + 1] != '\n'))
            {
                // A bare CR is not a line end in SMTP; make it one rather than send it naked.
                output.Write("\r\n"u8);
                atLineStart = true;
                continue;
            }
            output.WriteByte(b);
            atLineStart = b == '\n';
        }
        if (!atLineStart)
        {
            output.Write("\r\n"u8);
        }
        output.Write(".\r\n"u8);
        return output.ToArray();
    }

    private static string Base64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    public async ValueTask DisposeAsync() => await _connection.DisposeAsync();
}
