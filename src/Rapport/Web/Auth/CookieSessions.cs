using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Rapport.Data;
using Rapport.Features.Accounts;

namespace Rapport.Web.Auth;

/// <summary>
/// Browser sessions: the cookie carries the user's <see cref="User.SecurityStamp"/> from sign-in, and
/// <see cref="CookieValidation"/> refuses it once the user's stamp has changed. Ending a user's
/// sessions is therefore one write, and reaches every browser and every node at their next request.
/// </summary>
public static class CookieSessions
{
    public static async Task SignInAsync(HttpContext http, User user)
    {
        var identity = RapportClaims.Identity(user.Id, user.DisplayName, user.Role, TokenScope.Admin, AuthSetup.CookieScheme, user.SecurityStamp);
        await http.SignInAsync(AuthSetup.CookieScheme, new ClaimsPrincipal(identity));
    }

    /// <summary>Gives the user a new stamp, so every cookie issued to them so far is refused.</summary>
    public static async Task EndAllAsync(RapportDb db, long userId, CancellationToken ct)
    {
        var stamp = User.NewSecurityStamp();
        using var lease = db.WriteGate is { } gate && db.Database.CurrentTransaction is null ? await gate.EnterAsync(ct) : null;
        await db.Users.Where(u => u.Id == userId).ExecuteUpdateAsync(s => s.SetProperty(u => u.SecurityStamp, stamp), ct);
    }

    /// <summary>Whether the caller came in with the session cookie (not an API token).</summary>
    public static bool IsCookieSession(this ClaimsPrincipal principal) =>
        principal.Identity is { IsAuthenticated: true, AuthenticationType: AuthSetup.CookieScheme };
}
