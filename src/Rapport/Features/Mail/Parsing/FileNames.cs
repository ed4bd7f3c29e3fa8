using System.Text;

namespace Rapport.Features.Mail.Parsing;

/// <summary>Attachment names safe to show and store: no paths, no control characters, never empty.</summary>
internal static class FileNames
{
    private const int MaxLength = 180;

    public static string? Clean(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return null;
        }
        var slash = name.LastIndexOfAny(['/', '\\']);
        if (slash >= 0)
        {
            name = name[(slash + 1)..];
        }
        var sb = new StringBuilder(name.Length);
        foreach (var c in name)
        {
            if (!char.IsControl(c) && c is not ('<' or '>' or ':' or '"' or '|' or '?' or '*') && !(c is '\u202A' or '\u202B' or '\u202C' or '\u202D' or '\u202E' or '\u2066' or '\u2067' or '\u2068' or '\u2069'))
            {
                sb.Append(c);
            }
        }
        var clean = sb.ToString().Trim().Trim('.').Trim();
        if (clean.Length == 0)
        {
            return null;
        }
        if (clean.Length > MaxLength)
        {
            var dot = clean.LastIndexOf('.');
            var extension = dot > 0 && clean.Length - dot <= 10 ? clean[dot..] : "";
            clean = clean[..(MaxLength - extension.Length)] + extension;
        }
        return clean;
    }

    public static string Synthesise(string contentType, int number, string? subject)
    {
        switch (contentType)
        {
            case "message/rfc822" or "message/global":
                return (Clean(subject) is { } s ? (s.Length > 80 ? s[..80] : s) : "message") + ".eml";
            case "application/ms-tnef" or "application/vnd.ms-tnef":
                return "winmail.dat";
            case "text/calendar":
                return "invite.ics";
            case "message/delivery-status" or "message/global-delivery-status":
                return "delivery-status.txt";
            case "text/rfc822-headers" or "message/global-headers":
                return "original-headers.txt";
            case "message/disposition-notification":
                return "disposition-notification.txt";
        }
        var extension = contentType switch
        {
            "image/png" => ".png",
            "image/jpeg" or "image/jpg" or "image/pjpeg" => ".jpg",
            "image/gif" => ".gif",
            "image/webp" => ".webp",
            "image/svg+xml" => ".svg",
            "application/pdf" => ".pdf",
            "application/zip" => ".zip",
            "text/plain" => ".txt",
            "text/html" => ".html",
            "text/csv" => ".csv",
            "text/vcard" or "text/x-vcard" => ".vcf",
            "audio/mpeg" => ".mp3",
            "video/mp4" => ".mp4",
            _ => ".bin",
        };
        return $"attachment-{number}{extension}";
    }
}
