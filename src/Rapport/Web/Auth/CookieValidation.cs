using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.EntityFrameworkCore;
using Rapport.Data;

namespace Rapport.Web.Auth;

/// <summary>A deactivated user's open sessions end at their next request; a role change applies at once.</summary>
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
            .Select(u => new { u.IsActive, u.Role, u.DisplayName }).SingleOrDefaultAsync(context.HttpContext.RequestAborted);
        if (user is null || !user.IsActive)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(AuthSetup.CookieScheme);
            return;
        }
        if (user.Role != context.Principal.Role())
        {
            context.ReplacePrincipal(new(RapportClaims.Identity(id, user.DisplayName, user.Role, Features.Accounts.TokenScope.Admin, AuthSetup.CookieScheme)));
            context.ShouldRenew = true;
        }
    }
}
