using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using Rapport.Features.Accounts;

namespace Rapport.Web.Auth;

/// <summary>
/// Two ways in: API tokens (Bearer) for integrations and curl, a cookie for people in the browser.
/// The policies below are what endpoints name; scopes limit what a token may do, roles what its owner may.
/// </summary>
public static class AuthSetup
{
    public const string Read = "read";
    public const string Write = "write";
    public const string Admin = "admin";
    /// <summary>Speaking as a customer (raw mail, inbound messages): see <see cref="RapportClaims.MayIngest"/>.</summary>
    public const string Ingest = "ingest";
    public const string CookieScheme = CookieAuthenticationDefaults.AuthenticationScheme;
    private const string Either = "TokenOrCookie";

    public static void AddRapportAuth(this IHostApplicationBuilder builder)
    {
        builder.Services.AddAuthentication(Either)
            .AddPolicyScheme(Either, Either, o => o.ForwardDefaultSelector = context =>
                context.Request.Headers.Authorization.Count > 0 || ApiTokenAuthenticationHandler.HubQueryToken(context.Request) is not null
                    ? ApiTokenAuthenticationHandler.SchemeName : CookieScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiTokenAuthenticationHandler>(ApiTokenAuthenticationHandler.SchemeName, null)
            .AddCookie(CookieScheme, o =>
            {
                o.Cookie.Name = "rapport.session";
                o.Cookie.HttpOnly = true;
                // Strict: a cross-site page can never make a signed-in browser call the API.
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.LoginPath = "/signin";
                o.LogoutPath = "/signout";
                o.SlidingExpiration = true;
                o.ExpireTimeSpan = TimeSpan.FromHours(12);
                o.Events.OnRedirectToLogin = c => Challenge(c, StatusCodes.Status401Unauthorized);
                o.Events.OnRedirectToAccessDenied = c => Challenge(c, StatusCodes.Status403Forbidden);
                o.Events.OnValidatePrincipal = CookieValidation.ValidateAsync;
            });

        // Hub connections (Blazor circuits, the realtime hub) outlive the request that authenticated them.
        builder.Services.AddSingleton<LiveConnections>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<LiveConnections>());
        builder.Services.AddOptions<HubOptions>().Configure<LiveConnections>((o, live) => o.AddFilter(live));

        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(Read, p => p.RequireAuthenticatedUser())
            .AddPolicy(Write, p => p.RequireAuthenticatedUser().RequireAssertion(c =>
                c.User.TokenScope() is TokenScope.Write or TokenScope.Ingest or TokenScope.Admin))
            .AddPolicy(Ingest, p => p.RequireAuthenticatedUser().RequireAssertion(c => c.User.MayIngest()))
            .AddPolicy(Admin, p => p.RequireAuthenticatedUser().RequireAssertion(c =>
                c.User.TokenScope() == TokenScope.Admin && c.User.IsAdmin()));
    }

    /// <summary>API calls get a status code; page requests are sent to the sign-in page.</summary>
    private static Task Challenge(RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        if (context.Request.Path.StartsWithSegments("/api") || context.Request.Path.StartsWithSegments("/hubs"))
        {
            context.Response.StatusCode = status;
            return Task.CompletedTask;
        }
        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }
}
