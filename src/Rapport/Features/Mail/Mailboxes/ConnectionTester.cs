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
/// through DNS, connect, TLS, greeting and AUTH, and says exactly which step failed and what the server said.
/// </summary>
public sealed class ConnectionTester(MailboxSecrets secrets, IOptions<MailOptions> options)
{
    public async Task<MailboxTestReport> TestAsync(Mailbox mailbox, CancellationToken ct)
    {
        var timeout = TimeSpan.FromSeconds(Math.Min(options.Value.TimeoutSeconds, 20));
        var imap = string.IsNullOrWhiteSpace(mailbox.ImapHost) ? null : await TestImapAsync(mailbox, timeout, ct);
        var smtp = string.IsNullOrWhiteSpace(mailbox.SmtpHost) ? null : await TestSmtpAsync(mailbox, timeout, ct);
        return new MailboxTestReport(imap, smtp);
    }

    private async Task<ConnectionReport> TestImapAsync(Mailbox mailbox, TimeSpan timeout, CancellationToken ct)
    {
        var steps = Steps(mailbox.ImapSecurity, MailStep.Auth, MailStep.Select);
        var stage = MailStep.Greeting;
        try
        {
            await using var client = await ImapClient.ConnectAsync(secrets.Imap(mailbox, timeout), ct);
            stage = MailStep.Auth;
            await client.LoginAsync(mailbox.ImapUser ?? mailbox.Address, secrets.Unprotect(mailbox.ImapPasswordProtected) ?? "", ct);
            stage = MailStep.Select;
            await client.SelectAsync(mailbox.ImapFolder, ct);
            await client.LogoutAsync(ct);
            return new ConnectionReport(true, steps.Select(Name).ToList(), null, null);
        }
        catch (Exception e) when (e is MailConnectionException or IOException or TimeoutException or ImapCommandException)
        {
            return Failed(steps, e is MailConnectionException m ? m.Step : stage, e.Message);
        }
    }

    private async Task<ConnectionReport> TestSmtpAsync(Mailbox mailbox, TimeSpan timeout, CancellationToken ct)
    {
        var hasUser = !string.IsNullOrWhiteSpace(mailbox.SmtpUser);
        var steps = hasUser ? Steps(mailbox.SmtpSecurity, MailStep.Auth) : Steps(mailbox.SmtpSecurity);
        var stage = MailStep.Greeting;
        try
        {
            await using var session = await SmtpSession.ConnectAsync(secrets.Smtp(mailbox, timeout), HeloName.For(options.Value, mailbox), ct);
            if (hasUser)
            {
                stage = MailStep.Auth;
                await session.AuthenticateAsync(mailbox.SmtpUser!, secrets.Unprotect(mailbox.SmtpPasswordProtected) ?? "", ct);
            }
            await session.QuitAsync(ct);
            return new ConnectionReport(true, steps.Select(Name).ToList(), null, null);
        }
        catch (Exception e) when (e is MailConnectionException or IOException or TimeoutException or SmtpException)
        {
            return Failed(steps, e is MailConnectionException m ? m.Step : stage, e.Message);
        }
    }

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
