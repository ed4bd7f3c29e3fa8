namespace Rapport.Features.Sla;

public static class SlaFeature
{
    public static IHostApplicationBuilder AddSla(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<SlaPolicyCache>();
        builder.Services.AddSingleton<Microsoft.EntityFrameworkCore.Diagnostics.IInterceptor, SlaRecompute>();
        builder.Services.AddOptions<SlaOptions>().BindConfiguration("Sla").ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddHostedService<SlaWorker>();
        return builder;
    }

    public static IEndpointRouteBuilder MapSlaApi(this IEndpointRouteBuilder api)
    {
        api.MapCalendarsApi();
        api.MapPoliciesApi();
        api.MapSlaViewsApi();
        api.MapStandardsApi();
        return api;
    }
}
