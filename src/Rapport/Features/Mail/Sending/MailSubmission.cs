using Rapport.Features.Mail.Mailboxes;
using Rapport.Features.Mail.Smtp;
using Rapport.Features.Outbox;

namespace Rapport.Features.Mail.Sending;

/// <summary>Hands one composed mail to the mailbox's SMTP server: what every kind of outgoing mail shares.</summary>
public static class MailSubmission
{
    public static async Task<DeliveryResult> SendAsync(Mailbox mailbox, OutgoingMail mail, MailboxSecrets secrets, MailOptions options, CancellationToken ct)
    {
        var bytes = MimeWriter.Write(mail);
        var timeout = TimeSpan.FromSeconds(options.TimeoutSeconds);
        try
        {
            await using var session = await SmtpSession.ConnectAsync(secrets.Smtp(mailbox, timeout), HeloName.For(options, mailbox), ct);
            if (!string.IsNullOrWhiteSpace(mailbox.SmtpUser))
            {
                await session.AuthenticateAsync(mailbox.SmtpUser, secrets.Unprotect(mailbox.SmtpPasswordProtected) ?? "", ct);
            }
            await session.SendAsync(mailbox.Address, [.. mail.To.Select(a => a.Address), .. mail.Cc.Select(a => a.Address)], bytes, ct);
            await session.QuitAsync(ct);
            return DeliveryResult.Delivered;
        }
        catch (SmtpException e)
        {
            return e.Transient ? DeliveryResult.Transient(e.Message) : DeliveryResult.Permanent(e.Message);
        }
        catch (Exception e) when (e is MailConnectionException or IOException or TimeoutException)
        {
            // Unreachable, refused TLS, wrong password: all fixable on the server or in the mailbox's
            // settings, so retried with backoff until the attempts run out.
            return DeliveryResult.Transient(e.Message);
        }
    }
}
