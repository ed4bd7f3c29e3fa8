using System.Globalization;
using System.Security.Claims;
using Rapport.Features.Accounts;
using Rapport.Features.Timeline;

namespace Rapport.Web.Auth;

/// <summary>The claims a signed-in caller carries, and how handlers read them.</summary>
public static class RapportClaims
{
    public const string Scope = "rapport:scope";
    public const string TokenId = "rapport:token";

    /// <summary>The user's security stamp when the session began; only session cookies carry it.</summary>
    public const string SecurityStamp = "rapport:stamp";

    public static ClaimsIdentity Identity(long userId, string name, Role role, TokenScope scope, string scheme, string? securityStamp = null)
    {
        var identity = new ClaimsIdentity(
        [
            new Claim(ClaimTypes.NameIdentifier, userId.ToString(CultureInfo.InvariantCulture)),
            new Claim(ClaimTypes.Name, name),
            new Claim(ClaimTypes.Role, role.ToString()),
            new Claim(Scope, scope.ToString()),
        ], scheme, ClaimTypes.Name, ClaimTypes.Role);
        if (securityStamp is not null)
        {
            identity.AddClaim(new Claim(SecurityStamp, securityStamp));
        }
        return identity;
    }

    public static long UserId(this ClaimsPrincipal principal) =>
        long.Parse(principal.FindFirstValue(ClaimTypes.NameIdentifier) ?? throw new InvalidOperationException("Not signed in."), CultureInfo.InvariantCulture);

    public static Role Role(this ClaimsPrincipal principal) =>
        Enum.Parse<Role>(principal.FindFirstValue(ClaimTypes.Role) ?? nameof(Features.Accounts.Role.LightAgent));

    public static TokenScope TokenScope(this ClaimsPrincipal principal) =>
        Enum.Parse<TokenScope>(principal.FindFirstValue(Scope) ?? nameof(Features.Accounts.TokenScope.Read));

    public static bool IsAdmin(this ClaimsPrincipal principal) => principal.Role() == Features.Accounts.Role.Admin;

    /// <summary>
    /// May post what a customer says (raw mail, inbound messages): an ingest token, or an admin token
    /// (which only admins hold; a console session carries it too), and never a light agent, whatever their token.
    /// </summary>
    public static bool MayIngest(this ClaimsPrincipal principal) =>
        principal.Role() is Features.Accounts.Role.Agent or Features.Accounts.Role.Admin
        && principal.TokenScope() is Features.Accounts.TokenScope.Ingest or Features.Accounts.TokenScope.Admin;

    public static Actor Actor(this ClaimsPrincipal principal) => Features.Timeline.Actor.User(principal.UserId());
}
