using Microsoft.AspNetCore.Localization;
using Rapport.Web.Auth;

namespace Rapport.Features.AgentConsole;

/// <summary>
/// The agent console: Blazor pages rendered on the server, in the signed-in agent's language.
/// (The namespace is not "Console" so that <see cref="System.Console"/> keeps its short name elsewhere.)
/// </summary>
public static class ConsoleFeature
{
    public static void AddConsole(this WebApplicationBuilder builder)
    {
        // A build's output folder has no wwwroot of its own: its static-assets manifest points at
        // the project's files, in any environment. A published app has no such manifest, so this does nothing there.
        builder.WebHost.UseStaticWebAssets();
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddCascadingAuthenticationState();
        builder.Services.AddLocalization();
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddScoped<ConsoleUser>();
        builder.Services.Configure<RequestLocalizationOptions>(o =>
        {
            var cultures = ConsoleCultures.All.Select(ConsoleCultures.For).ToList();
            o.DefaultRequestCulture = new RequestCulture(ConsoleCultures.For(ConsoleCultures.Default));
            o.SupportedCultures = cultures;
            o.SupportedUICultures = cultures;
            o.RequestCultureProviders = [new UserLanguageCultureProvider()];
        });
    }

    public static void MapConsole(this WebApplication app)
    {
        // Runs after authentication, so the provider knows who is asking.
        app.UseRequestLocalization();
        app.MapStaticAssets();
        app.MapPost("/console/language", LanguageEndpoint.ChangeAsync)
            .RequireAuthorization(AuthSetup.Write)
            .ExcludeFromDescription();
        // Security headers already forbid every framing ('none'); Blazor's own, looser header is not needed.
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode(o => o.ContentSecurityFrameAncestorsPolicy = null);
    }
}
