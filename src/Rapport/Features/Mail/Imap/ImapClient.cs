using System.Globalization;
using System.Text;
using Rapport.Features.Mail.Mailboxes;

namespace Rapport.Features.Mail.Imap;

/// <summary>What SELECT reported about a folder.</summary>
public sealed record ImapFolder(string Name, long UidValidity, long Exists, long? UidNext);

/// <summary>
/// A small IMAP4rev1 client (RFC 3501): enough to take mail out of a mailbox and wait for more.
/// CAPABILITY, STARTTLS or implicit TLS, AUTHENTICATE PLAIN or LOGIN, SELECT, UID SEARCH, UID FETCH
/// of whole messages (BODY.PEEK[], so the \Seen flag is left to people), IDLE (RFC 2177) and LOGOUT.
/// Every failure before SELECT says which step failed (<see cref="MailConnectionException"/>).
/// </summary>
public sealed class ImapClient : IAsyncDisposable
{
    public const int MaxMessageBytes = 64 << 20;

    private readonly MailConnection _connection;
    private int _tag;

    private ImapClient(MailConnection connection) => _connection = connection;

    public HashSet<string> Capabilities { get; private set; } = new(StringComparer.OrdinalIgnoreCase);

    public bool SupportsIdle => Capabilities.Contains("IDLE");

    public static async Task<ImapClient> ConnectAsync(MailEndpoint endpoint, CancellationToken ct)
    {
        var connection = await MailConnection.OpenAsync(endpoint, ct);
        var client = new ImapClient(connection);
        try
        {
            await client.GreetAsync(endpoint, ct);
            return client;
        }
        catch
        {
            await client.DisposeAsync();
            throw;
        }
    }

    private async Task GreetAsync(MailEndpoint endpoint, CancellationToken ct)
    {
        var greeting = await ReadAsync(ct) ?? throw new MailConnectionException(MailStep.Greeting, "The server closed the connection without a greeting.", true);
        var status = greeting.Status();
        if (status is not ("OK" or "PREAUTH"))
        {
            // Its words are not repeated: what answered may be any service an admin pointed us at.
            throw new MailConnectionException(MailStep.Greeting, "The server did not greet as IMAP (\"* OK\"): it may not be an IMAP server, or the port or security setting is wrong.", true);
        }
        await RefreshCapabilitiesAsync(greeting, ct);
        if (endpoint.Security == MailSecurity.StartTls)
        {
            if (!Capabilities.Contains("STARTTLS"))
            {
                throw new MailConnectionException(MailStep.Tls, "The server does not offer STARTTLS.", false);
            }
            await RunAsync("STARTTLS", ct);
            await _connection.StartTlsAsync(ct);
            // Capabilities before TLS may have been tampered with; ask again (RFC 3501 6.2.1).
            await RefreshCapabilitiesAsync(null, ct);
        }
    }

    private async Task RefreshCapabilitiesAsync(ImapResponse? greeting, CancellationToken ct)
    {
        var text = greeting?.Text is { } g && g.Contains("[CAPABILITY ", StringComparison.OrdinalIgnoreCase)
            ? g[(g.IndexOf("[CAPABILITY ", StringComparison.OrdinalIgnoreCase) + 12)..].Split(']')[0]
            : (await RunAsync("CAPABILITY", ct)).FirstOrDefault(r => r.Text.StartsWith("* CAPABILITY ", StringComparison.OrdinalIgnoreCase))?.Text[13..] ?? "";
        Capabilities = new HashSet<string>(text.Split(' ', StringSplitOptions.RemoveEmptyEntries), StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>AUTHENTICATE PLAIN where offered (with the initial response when SASL-IR is there), else LOGIN.</summary>
    public async Task LoginAsync(string user, string password, CancellationToken ct)
    {
        try
        {
            if (Capabilities.Contains("AUTH=PLAIN"))
            {
                var plain = Convert.ToBase64String(Encoding.UTF8.GetBytes($"\0{user}\0{password}"));
                if (Capabilities.Contains("SASL-IR"))
                {
                    await RunAsync("AUTHENTICATE PLAIN " + plain, ct, secret: true);
                }
                else
                {
                    await RunAsync("AUTHENTICATE PLAIN", ct, continuation: plain);
                }
            }
            else if (Capabilities.Contains("LOGINDISABLED"))
            {
                throw new MailConnectionException(MailStep.Auth, "The server refuses LOGIN on this connection (use TLS or STARTTLS).", false);
            }
            else
            {
                await RunLoginAsync(user, password, ct);
            }
        }
        catch (ImapCommandException e)
        {
            throw new MailConnectionException(MailStep.Auth, $"The server refused the user name or password: {e.Message}", false, e);
        }
        await RefreshCapabilitiesAsync(null, ct);
    }

    private async Task RunLoginAsync(string user, string password, CancellationToken ct)
    {
        // Each argument goes as a quoted string, or as a literal when it holds what a quoted string cannot.
        var tag = NextTag();
        var parts = new[] { user, password };
        var line = new StringBuilder(tag).Append(" LOGIN");
        foreach (var part in parts)
        {
            if (part.All(c => c is >= ' ' and < (char)127))
            {
                line.Append(" \"").Append(part.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)).Append('"');
                continue;
            }
            var bytes = Encoding.UTF8.GetBytes(part);
            line.Append(CultureInfo.InvariantCulture, $" {{{bytes.Length}}}");
            await _connection.WriteLineAsync(line.ToString(), ct);
            var go = await ReadAsync(ct);
            if (go is null || !go.IsContinuation)
            {
                throw new ImapCommandException("LOGIN", "BAD", go?.Text ?? "connection closed");
            }
            await _connection.WriteAsync(bytes, ct);
            line.Clear();
        }
        await _connection.WriteLineAsync(line.ToString(), ct);
        await CompleteAsync(tag, "LOGIN", ct);
    }

    public async Task<ImapFolder> SelectAsync(string folder, CancellationToken ct)
    {
        List<ImapResponse> responses;
        try
        {
            responses = await RunAsync($"SELECT {Quote(folder)}", ct);
        }
        catch (ImapCommandException e)
        {
            throw new MailConnectionException(MailStep.Select, $"The folder '{folder}' could not be opened: {e.Message}", false, e);
        }
        var validity = responses.Select(r => r.Number("UIDVALIDITY")).FirstOrDefault(n => n is not null)
            ?? throw new MailConnectionException(MailStep.Select, "The server did not report UIDVALIDITY.", false);
        var exists = responses.Select(r => r.Counted("EXISTS")).FirstOrDefault(n => n is not null) ?? 0;
        var next = responses.Select(r => r.Number("UIDNEXT")).FirstOrDefault(n => n is not null);
        return new ImapFolder(folder, validity, exists, next);
    }

    /// <summary>The UIDs at or above <paramref name="fromUid"/>, ascending.</summary>
    public async Task<List<long>> SearchUidsFromAsync(long fromUid, CancellationToken ct)
    {
        var responses = await RunAsync(string.Create(CultureInfo.InvariantCulture, $"UID SEARCH UID {Math.Max(1, fromUid)}:*"), ct);
        // "n:*" always matches the highest UID, even one below n (RFC 3501 6.4.8), so filter.
        return responses.Where(r => r.Text.StartsWith("* SEARCH", StringComparison.OrdinalIgnoreCase))
            .SelectMany(r => r.Text[8..].Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Select(s => long.Parse(s, CultureInfo.InvariantCulture))
            .Where(uid => uid >= fromUid)
            .Distinct().Order().ToList();
    }

    /// <summary>The whole message with this UID, or null when it is gone.</summary>
    public async Task<byte[]?> FetchAsync(long uid, CancellationToken ct)
    {
        var responses = await RunAsync(string.Create(CultureInfo.InvariantCulture, $"UID FETCH {uid} (UID BODY.PEEK[])"), ct);
        return responses.FirstOrDefault(r => r.Counted("FETCH") is not null && r.Number("UID") == uid && r.Literals.Count > 0)?.Literals[0];
    }

    /// <summary>
    /// Waits in IDLE until the server reports new mail or <paramref name="max"/> passes (servers drop
    /// idlers after 30 minutes, so callers keep it shorter). True when something arrived.
    /// </summary>
    public async Task<bool> IdleAsync(TimeSpan max, CancellationToken ct)
    {
        var tag = NextTag();
        await _connection.WriteLineAsync(tag + " IDLE", ct);
        var go = await ReadAsync(ct);
        if (go is null || !go.IsContinuation)
        {
            throw new ImapCommandException("IDLE", go?.Status(tag) ?? "BYE", go?.Text ?? "connection closed");
        }
        var arrived = false;
        using (var wait = CancellationTokenSource.CreateLinkedTokenSource(ct))
        {
            wait.CancelAfter(max);
            _connection.WaitWithoutTimeout = true;
            try
            {
                while (await ReadAsync(wait.Token) is { } update)
                {
                    if (update.Counted("EXISTS") is not null || update.Counted("RECENT") is > 0)
                    {
                        arrived = true;
                        break;
                    }
                    if (update.Status() == "BYE")
                    {
                        throw new IOException("The server ended the connection: " + update.Text);
                    }
                }
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                // The wait is over; leave IDLE below.
            }
            finally
            {
                _connection.WaitWithoutTimeout = false;
            }
        }
        await _connection.WriteLineAsync("DONE", ct);
        await CompleteAsync(tag, "IDLE", ct);
        return arrived;
    }

    /// <summary>A cheap round trip that also delivers pending EXISTS updates when IDLE is not offered.</summary>
    public Task NoopAsync(CancellationToken ct) => RunAsync("NOOP", ct);

    public async Task LogoutAsync(CancellationToken ct)
    {
        try
        {
            await RunAsync("LOGOUT", ct);
        }
        catch (Exception e) when (e is IOException or ImapCommandException)
        {
            // Leaving anyway.
        }
    }

    /// <summary>Sends a command and returns its untagged responses; throws <see cref="ImapCommandException"/> on NO or BAD.</summary>
    public async Task<List<ImapResponse>> RunAsync(string command, CancellationToken ct, string? continuation = null, bool secret = false)
    {
        var tag = NextTag();
        await _connection.WriteLineAsync($"{tag} {command}", ct);
        var name = secret ? command.Split(' ')[0] + " …" : command;
        var untagged = new List<ImapResponse>();
        while (true)
        {
            var response = await ReadAsync(ct) ?? throw new IOException($"The connection closed during {name}.");
            if (response.IsContinuation && continuation is not null)
            {
                await _connection.WriteLineAsync(continuation, ct);
                continuation = null;
                continue;
            }
            if (response.Status(tag) is { } status)
            {
                if (status != "OK")
                {
                    throw new ImapCommandException(name, status, response.Text[(tag.Length + 1)..]);
                }
                return untagged;
            }
            untagged.Add(response);
        }
    }

    private async Task CompleteAsync(string tag, string name, CancellationToken ct)
    {
        while (true)
        {
            var response = await ReadAsync(ct) ?? throw new IOException($"The connection closed during {name}.");
            if (response.Status(tag) is { } status)
            {
                if (status != "OK")
                {
                    throw new ImapCommandException(name, status, response.Text);
                }
                return;
            }
        }
    }

    private Task<ImapResponse?> ReadAsync(CancellationToken ct) => ImapResponse.ReadAsync(_connection, MaxMessageBytes, ct);

    private string NextTag() => "R" + (++_tag).ToString(CultureInfo.InvariantCulture);

    private static string Quote(string value) =>
        "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    public async ValueTask DisposeAsync() => await _connection.DisposeAsync();
}
