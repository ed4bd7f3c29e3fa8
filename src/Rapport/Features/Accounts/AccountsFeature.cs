using Microsoft.AspNetCore.Identity;
using Rapport.Cli;

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
}
