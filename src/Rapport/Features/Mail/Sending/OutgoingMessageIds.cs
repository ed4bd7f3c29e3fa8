namespace Rapport.Features.Mail.Sending;

/// <summary>The Message-IDs of mail we send: unique, in our own domain (Mail:MessageIdDomain, else the host of Rapport:PublicUrl).</summary>
public static class OutgoingMessageIds
{
    public static string New(MailOptions mail, Data.RapportOptions rapport)
    {
        var domain = mail.MessageIdDomain
            ?? (Uri.TryCreate(rapport.PublicUrl, UriKind.Absolute, out var url) ? url.Host : null)
            ?? "rapport.invalid";
        return $"rapport.{Guid.NewGuid():N}@{domain}";
    }
}
