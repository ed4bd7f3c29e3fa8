using Rapport.Features.Accounts;
using Rapport.Web.Auth;

namespace Rapport.Features.Customers;

public static class CustomersFeature
{
    /// <summary>
    /// Changing customer records: a write-scoped token held by an agent or admin. Light agents see
    /// customers and may add notes, but do not edit the record itself.
    /// </summary>
    public const string EditPolicy = "customers:edit";

    public static void AddCustomers(this IHostApplicationBuilder builder)
    {
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(EditPolicy, p => p.RequireAuthenticatedUser().RequireAssertion(c =>
                c.User.TokenScope() is TokenScope.Write or TokenScope.Ingest or TokenScope.Admin && c.User.Role() is Role.Agent or Role.Admin));
    }

    public static void MapCustomersApi(this IEndpointRouteBuilder api)
    {
        api.MapCustomerRecordsApi();
        api.MapCustomerDetailsApi();
        api.MapCustomerMergeApi();
        api.MapCompaniesApi();
        api.MapCustomFieldsApi();
        api.MapTagsApi();
    }
}
