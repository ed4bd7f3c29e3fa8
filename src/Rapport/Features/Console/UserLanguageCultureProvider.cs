using Microsoft.AspNetCore.Localization;

namespace Rapport.Features.AgentConsole;

/// <summary>
/// Picks the culture from the signed-in person's own language setting (read from the database,
/// so a change applies on the next page without signing in again). The API and anonymous
/// pages keep the default.
/// </summary>
public sealed class UserLanguageCultureProvider : RequestCultureProvider
{
    public override async Task<ProviderCultureResult?> DetermineProviderCultureResult(HttpContext httpContext)
    {
        if (httpContext.User.Identity?.IsAuthenticated != true || httpContext.Request.Path.StartsWithSegments("/api"))
        {
            return null;
        }
        var user = await httpContext.RequestServices.GetRequiredService<ConsoleUser>().GetAsync(httpContext.RequestAborted);
        return user is null ? null : new ProviderCultureResult(ConsoleCultures.For(user.Language).Name);
    }
}
