using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Rapport.Data;
using Rapport.Features.Accounts;
using Rapport.Web.Auth;

namespace Rapport.Features.AgentConsole;

/// <summary>The language switcher's form post: stores the caller's language and goes back to the page they were on.</summary>
public static class LanguageEndpoint
{
    public static async Task<IResult> ChangeAsync(
        ClaimsPrincipal caller, RapportDb db, CancellationToken ct,
        [FromForm] string? language, [FromForm] string? returnUrl)
    {
        if (!WorkspaceSettings.IsLanguage(language))
        {
            return TypedResults.BadRequest();
        }
        var id = caller.UserId();
        var user = await db.Users.SingleOrDefaultAsync(u => u.Id == id, ct);
        if (user is null)
        {
            return TypedResults.NotFound();
        }
        user.Language = language!;
        await db.SaveChangesAsync(ct);
        return TypedResults.Redirect(AccountsPages.IsLocalUrl(returnUrl) ? returnUrl! : AccountsPages.ConsoleHome);
    }
}
