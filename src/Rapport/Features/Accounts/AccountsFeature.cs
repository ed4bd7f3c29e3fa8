namespace Rapport.Features.Accounts;

public static class AccountsFeature
{
    public static void AddAccounts(this IHostApplicationBuilder builder)
    {
    }

    public static void MapAccountsApi(this IEndpointRouteBuilder api)
    {
    }

    public static void MapAccountsPages(this IEndpointRouteBuilder app)
    {
    }
}
