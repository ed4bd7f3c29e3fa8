using Microsoft.Extensions.Options;
using Rapport.Features.Mail.Imap;
using Rapport.Features.Mail.Smtp;
using Rapport.Web;

namespace Rapport.Features.Mail.Mailboxes;

/// <summary>The outcome of trying one server: the steps that passed and, when it failed, the step and why.</summary>
public sealed record ConnectionReport(bool Ok, IReadOnlyList<string> Passed, string? FailedStep, string? Error);

public sealed record MailboxTestReport(ConnectionReport? Imap, ConnectionReport? Smtp);

/// <summary>
/// "Test connection": walks IMAP through DNS, connect, TLS, greeting, login and SELECT, and SMTP
/// through DNS, connect, TLS, greeting and AUTH, and says exactly which step failed and why. It is an
/// admin's tool that connects wherever the settings point, so it is bounded (both protocols, side by
/// side, within <see cref="MailOptions.TestTimeoutSeconds"/>) and repeats nothing a server said before
/// it greeted as a mail server: it cannot be used to read other services' banners.
/// </summary>
public sealed class ConnectionTester(MailboxSecrets secrets, IOptions<MailOptions> options)
{
    public async Task<MailboxTestReport> TestAsync(Mailbox mailbox, CancellationToken ct)
    {
        var limit = TimeSpan.FromSeconds(options.Value.TestTimeoutSeconds);
        // One exchange gives up a little before the whole test does, so a server that stays silent is
        // reported at the step where it stopped; the deadline catches a slow walk through many steps.
        var exchange = limit > TimeSpan.FromSeconds(2) ? limit - TimeSpan.FromSeconds(1) : limit / 2;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(limit);
        var imap = string.IsNullOrWhiteSpace(mailbox.ImapHost) ? null : TestImapAsync(mailbox, exchange, limit, deadline.Token, ct);
        var smtp = string.IsNullOrWhiteSpace(mailbox.SmtpHost) ? null : TestSmtpAsync(mailbox, exchange, limit, deadline.Token, ct);
        return new MailboxTestReport(imap is null ? null : await imap, smtp is null ? null : await smtp);
    }

    private async Task<ConnectionReport> TestImapAsync(Mailbox mailbox, TimeSpan exchange, TimeSpan limit, CancellationToken deadline, CancellationToken ct)
    {
        var steps = Steps(mailbox.ImapSecurity, MailStep.Auth, MailStep.Select);
        var stage = MailStep.Greeting;
        try
        {
            await using var client = await ImapClient.ConnectAsync(secrets.Imap(mailbox, exchange), deadline);
            stage = MailStep.Auth;
            await client.LoginAsync(mailbox.ImapUser ?? mailbox.Address, secrets.Unprotect(mailbox.ImapPasswordProtected) ?? "", deadline);
            stage = MailStep.Select;
            await client.SelectAsync(mailbox.ImapFolder, deadline);
            await client.LogoutAsync(deadline);
            return new ConnectionReport(true, steps.Select(Name).ToList(), null, null);
        }
        catch (Exception e) when (e is MailConnectionException or IOException or TimeoutException or ImapCommandException
            || e is OperationCanceledException && !ct.IsCancellationRequested)
        {
            return Failed(steps, e is MailConnectionException m ? m.Step : stage, Error(e, stage, limit, "IMAP (\"* OK\")"));
        }
    }

    private async Task<ConnectionReport> TestSmtpAsync(Mailbox mailbox, TimeSpan exchange, TimeSpan limit, CancellationToken deadline, CancellationToken ct)
    {
        var hasUser = !string.IsNullOrWhiteSpace(mailbox.SmtpUser);
        var steps = hasUser ? Steps(mailbox.SmtpSecurity, MailStep.Auth) : Steps(mailbox.SmtpSecurity);
        var stage = MailStep.Greeting;
        try
        {
            await using var session = await SmtpSession.ConnectAsync(secrets.Smtp(mailbox, exchange), HeloName.For(options.Value, mailbox), deadline);
            if (hasUser)
            {
                stage = MailStep.Auth;
                await session.AuthenticateAsync(mailbox.SmtpUser!, secrets.Unprotect(mailbox.SmtpPasswordProtected) ?? "", deadline);
            }
            await session.QuitAsync(deadline);
            return new ConnectionReport(true, steps.Select(Name).ToList(), null, null);
        }
        catch (Exception e) when (e is MailConnectionException or IOException or TimeoutException or SmtpException
            || e is OperationCanceledException && !ct.IsCancellationRequested)
        {
            return Failed(steps, e is MailConnectionException m ? m.Step : stage, Error(e, stage, limit, "SMTP (\"220\")"));
        }
    }

    /// <summary>
    /// What the report says. Our own messages pass (they quote a server only after it greeted as a mail
    /// server); anything else that failed before the greeting was accepted may carry what some other
    /// service sent, so it is replaced by a plain sentence.
    /// </summary>
    private static string Error(Exception e, MailStep stage, TimeSpan limit, string greeting) => e switch
    {
        OperationCanceledException => $"The server did not answer within {limit.TotalSeconds:0} s (the test's time limit).",
        MailConnectionException or TimeoutException => e.Message,
        _ when stage == MailStep.Greeting => $"The server did not greet as {greeting}: it may not be a mail server, or the port or security setting is wrong.",
        _ => e.Message,
    };

    private static List<MailStep> Steps(MailSecurity security, params MailStep[] after)
    {
        var steps = new List<MailStep> { MailStep.Dns, MailStep.Connect };
        if (security == MailSecurity.Tls)
        {
            steps.Add(MailStep.Tls);
        }
        steps.Add(MailStep.Greeting);
        if (security == MailSecurity.StartTls)
        {
            steps.Add(MailStep.Tls);
        }
        steps.AddRange(after);
        return steps;
    }

    private static ConnectionReport Failed(List<MailStep> steps, MailStep failed, string error)
    {
        var index = steps.IndexOf(failed);
        var passed = index < 0 ? [] : steps.Take(index).Select(Name).ToList();
        return new ConnectionReport(false, passed, Name(failed), error);
    }

    private static string Name(MailStep step) => EnumNames.Of(step);
}

/// <summary>The name we give in EHLO and in our Message-IDs' right-hand side.</summary>
public static class HeloName
{
    public static string For(MailOptions options, Mailbox mailbox) =>
        options.HeloName ?? options.MessageIdDomain ?? DomainOf(mailbox.Address) ?? "localhost";

    public static string? DomainOf(string address) =>
        address.LastIndexOf('@') is var at and >= 0 && at < address.Length - 1 ? address[(at + 1)..] : null;
}
