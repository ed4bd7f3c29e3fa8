using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Rapport.Cli;
using Rapport.Web.Auth;

namespace Rapport.Features.Accounts;

public static class AccountsFeature
{
    public static void AddAccounts(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<AccountsOptions>().BindConfiguration("Accounts").ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<IPasswordHasher<User>, PasswordHasher<User>>();
        builder.Services.AddScoped<PasswordSignIn>();
        builder.Services.AddScoped<SetupToken>();
        builder.Services.AddHostedService<SetupTokenAnnouncer>();
        builder.Services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "rapport.antiforgery";
            o.Cookie.SameSite = SameSiteMode.Strict;
        });
        // A page the signed-in person's role does not allow answers 403 with a page in their language.
        builder.Services.PostConfigure<CookieAuthenticationOptions>(AuthSetup.CookieScheme, o =>
        {
            var other = o.Events.OnRedirectToAccessDenied;
            o.Events.OnRedirectToAccessDenied = c => IsPage(c.Request) ? ForbiddenAsync(c.HttpContext) : other(c);
        });
        Verbs.ExtraVerbs["admin"] = AdminCommand.RunAsync;
    }

    public static void MapAccountsApi(this IEndpointRouteBuilder api)
    {
        api.MapMeApi();
        api.MapAgentsApi();
        api.MapTeamsApi();
        api.MapSettingsApi();
    }

    public static void MapAccountsPages(this IEndpointRouteBuilder app) => AccountsPages.Map(app);

    private static bool IsPage(HttpRequest request) =>
        !request.Path.StartsWithSegments("/api") && !request.Path.StartsWithSegments("/hubs");

    private static Task ForbiddenAsync(HttpContext http)
    {
        http.Response.StatusCode = StatusCodes.Status403Forbidden;
        return AccountsPages.WriteForbiddenAsync(http);
    }
}
