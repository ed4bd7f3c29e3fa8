using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.EntityFrameworkCore;
using Rapport.Data;

namespace Rapport.Web.Auth;

/// <summary>
/// Runs on every request that comes with the session cookie, against the database (no cache, so a
/// change applies at the very next request on every node): a deactivated user's sessions end, a
/// cookie whose security stamp is no longer the user's (signed out, password changed, deactivated
/// since) is refused, and a role change applies at once.
/// </summary>
internal static class CookieValidation
{
    public static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        if (context.Principal is null)
        {
            return;
        }
        var db = context.HttpContext.RequestServices.GetRequiredService<RapportDb>();
        var id = context.Principal.UserId();
        var user = await db.Users.AsNoTracking().Where(u => u.Id == id)
            .Select(u => new { u.IsActive, u.Role, u.DisplayName, u.SecurityStamp }).SingleOrDefaultAsync(context.HttpContext.RequestAborted);
        var stamp = context.Principal.FindFirstValue(RapportClaims.SecurityStamp);
        // A cookie without a stamp was issued before stamps existed: it is refused like a stale one.
        if (user is null || !user.IsActive || stamp is null
            || !CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(stamp), Encoding.ASCII.GetBytes(user.SecurityStamp)))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(AuthSetup.CookieScheme);
            return;
        }
        if (user.Role != context.Principal.Role())
        {
            context.ReplacePrincipal(new(RapportClaims.Identity(id, user.DisplayName, user.Role, Features.Accounts.TokenScope.Admin, AuthSetup.CookieScheme, stamp)));
            context.ShouldRenew = true;
        }
    }
}
