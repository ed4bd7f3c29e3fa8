using System.Globalization;
using Rapport.Data;
using Rapport.Features.AgentConsole;

namespace Rapport.Features.Accounts;

/// <summary>
/// The language of the pages a person sees before the console knows them (sign-in, setup, invite):
/// a <c>?lang=</c> they just picked (remembered in a cookie), the signed-in person's own language,
/// the remembered choice, the browser's Accept-Language, and last the workspace's default.
/// </summary>
public static class AccountLanguage
{
    public const string QueryKey = "lang";
    public const string CookieName = "rapport.lang";

    /// <summary>
    /// The language for this request. The caller passes it to <see cref="Use"/> itself: a culture set
    /// inside an async method does not outlive that method.
    /// </summary>
    public static async Task<string> PickAsync(HttpContext http)
    {
        var language = Pick(http)
            ?? await http.RequestServices.GetRequiredService<RapportDb>().GetAsync(WorkspaceSettings.DefaultLanguageKey, http.RequestAborted);
        return WorkspaceSettings.IsLanguage(language) ? language! : ConsoleCultures.Default;
    }

    /// <summary>Makes <paramref name="language"/> the current culture for the rest of the calling method.</summary>
    public static string Use(string language)
    {
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = ConsoleCultures.For(language);
        return language;
    }

    /// <summary>Remembers <paramref name="language"/> for the next signed-out visit (after signing out, say).</summary>
    public static void Remember(HttpContext http, string language) =>
        http.Response.Cookies.Append(CookieName, language, new CookieOptions
        {
            MaxAge = TimeSpan.FromDays(365),
            HttpOnly = true,
            IsEssential = true,
            SameSite = SameSiteMode.Lax,
            Secure = http.Request.IsHttps,
        });

    private static string? Pick(HttpContext http)
    {
        var asked = http.Request.Query[QueryKey].ToString();
        if (WorkspaceSettings.IsLanguage(asked))
        {
            Remember(http, asked);
            return asked;
        }
        // The console's culture provider has already set a signed-in person's own language.
        if (http.User.Identity?.IsAuthenticated == true)
        {
            return ConsoleCultures.LanguageOf(CultureInfo.CurrentUICulture);
        }
        if (http.Request.Cookies.TryGetValue(CookieName, out var remembered) && WorkspaceSettings.IsLanguage(remembered))
        {
            return remembered;
        }
        return FromAcceptLanguage(http.Request);
    }

    /// <summary>The first supported language the browser asks for, by quality ("fa-IR;q=0.9" counts as "fa").</summary>
    public static string? FromAcceptLanguage(HttpRequest request) =>
        request.GetTypedHeaders().AcceptLanguage
            .Where(l => l.Quality is null or > 0)
            .OrderByDescending(l => l.Quality ?? 1)
            .Select(l => l.Value.Value?.Split('-')[0].ToLowerInvariant())
            .FirstOrDefault(WorkspaceSettings.IsLanguage);
}
