namespace Rapport.Features.Sla;

public static class SlaFeature
{
    public static WebApplicationBuilder AddSla(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<SlaPolicyCache>();
        return builder;
    }

    public static IEndpointRouteBuilder MapSlaApi(this IEndpointRouteBuilder api)
    {
        api.MapCalendarsApi();
        api.MapPoliciesApi();
        api.MapSlaViewsApi();
        return api;
    }
}
