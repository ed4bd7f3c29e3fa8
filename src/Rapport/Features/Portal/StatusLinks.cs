using System.Globalization;
using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;
using Rapport.Web;

namespace Rapport.Features.Portal;

/// <summary>
/// The customer's link to one conversation's status page: the conversation id and an expiry,
/// encrypted and signed with data protection (its key ring is in the database, so every node reads
/// what another wrote). Nothing in it can be guessed or counted up; a changed or expired token
/// reads as nothing. The expiry is checked against the injected clock, not the protector's own.
/// </summary>
public sealed class StatusLinks(IDataProtectionProvider provider, TimeProvider time, IOptions<PortalOptions> options, IServiceProvider services)
{
    public const string PathPrefix = "/status/";

    private readonly IDataProtector _protector = provider.CreateProtector("Rapport.Portal.StatusLink.v1");

    public string Token(long conversationId)
    {
        var expires = time.GetUtcNow().AddDays(options.Value.StatusLinkDays).ToUnixTimeSeconds();
        return _protector.Protect(string.Create(CultureInfo.InvariantCulture, $"{conversationId}:{expires}"));
    }

    /// <summary>The whole address, for a mail: Rapport:PublicUrl and the path.</summary>
    public string Url(long conversationId) => services.PublicUrl() + PathPrefix + Token(conversationId);

    /// <summary>The conversation a token names, or null when it was forged, changed or has expired.</summary>
    public long? Read(string? token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 1000)
        {
            return null;
        }
        string payload;
        try
        {
            payload = _protector.Unprotect(token);
        }
        catch (CryptographicException)
        {
            return null;
        }
        var parts = payload.Split(':');
        return parts.Length == 2
            && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var expires)
            && time.GetUtcNow().ToUnixTimeSeconds() < expires
            ? id : null;
    }
}
