namespace Rapport.Features.Customers;

public static class CustomersFeature
{
    public static void AddCustomers(this IHostApplicationBuilder builder)
    {
    }

    public static void MapCustomersApi(this IEndpointRouteBuilder api)
    {
    }
}
