using Microsoft.AspNetCore.DataProtection;

namespace Rapport.Features.Mail.Mailboxes;

/// <summary>
/// Mailbox passwords, encrypted with ASP.NET data protection (its key ring lives in the database,
/// so every node can read what another stored). They are decrypted only to log in, never returned by the API.
/// </summary>
public sealed class MailboxSecrets(IDataProtectionProvider provider)
{
    private readonly IDataProtector _protector = provider.CreateProtector("Rapport.Mail.MailboxPassword.v1");

    public string Protect(string password) => _protector.Protect(password);

    public string? Unprotect(string? protectedPassword) =>
        string.IsNullOrEmpty(protectedPassword) ? null : _protector.Unprotect(protectedPassword);

    public MailEndpoint Imap(Mailbox mailbox, TimeSpan timeout) =>
        new(mailbox.ImapHost ?? "", mailbox.ImapPort, mailbox.ImapSecurity, mailbox.VerifyCertificates, timeout);

    public MailEndpoint Smtp(Mailbox mailbox, TimeSpan timeout) =>
        new(mailbox.SmtpHost ?? "", mailbox.SmtpPort, mailbox.SmtpSecurity, mailbox.VerifyCertificates, timeout);
}
