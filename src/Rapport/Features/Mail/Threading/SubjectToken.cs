using System.Globalization;
using System.Text.RegularExpressions;

namespace Rapport.Features.Mail.Threading;

/// <summary>
/// The conversation token in a subject, <c>[#1234]</c>: written on every reply we send, read back
/// when a customer's mail client dropped In-Reply-To and References (or they wrote a new mail and kept the subject).
/// </summary>
public static partial class SubjectToken
{
    public static string For(long conversationId) => string.Create(CultureInfo.InvariantCulture, $"[#{conversationId}]");

    public static long? Read(string? subject)
    {
        if (subject is null)
        {
            return null;
        }
        var match = TokenPattern().Match(subject);
        return match.Success && long.TryParse(match.Groups[1].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;
    }

    /// <summary>The subject of our reply: "Re: " once, the conversation's subject, the token once.</summary>
    public static string ReplySubject(string subject, long conversationId)
    {
        var core = TokenPattern().Replace(StripPrefixes(subject), "").Trim();
        return $"Re: {(core.Length == 0 ? "" : core + " ")}{For(conversationId)}";
    }

    /// <summary>For matching a sender's mails by subject: no reply/forward prefixes, no token, single spaces, lower case.</summary>
    public static string Normalise(string? subject)
    {
        var core = TokenPattern().Replace(StripPrefixes(subject ?? ""), " ");
        return Spaces().Replace(core, " ").Trim().ToLowerInvariant();
    }

    private static string StripPrefixes(string subject)
    {
        var text = subject.Trim();
        while (Prefix().Match(text) is { Success: true } prefix)
        {
            text = text[prefix.Length..].TrimStart();
        }
        return text;
    }

    [GeneratedRegex(@"\[#(\d{1,18})\]", RegexOptions.CultureInvariant)]
    private static partial Regex TokenPattern();

    // English, German, Nordic, Dutch, Persian and Armenian clients' reply and forward prefixes, with Outlook's "RE[2]:".
    [GeneratedRegex(@"^(re|fw|fwd|aw|wg|sv|vs|antw|rif|tr|r|پاسخ|رد|ج|پ|հտ|պատ\.)\s*(\[\d+\]|\(\d+\))?\s*[:：]", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Prefix();

    [GeneratedRegex(@"\s+", RegexOptions.CultureInvariant)]
    private static partial Regex Spaces();
}
