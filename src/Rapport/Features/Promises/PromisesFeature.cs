namespace Rapport.Features.Promises;

/// <summary>Promises agents make to customers, and the sweeper that reminds before they are due and flags them when missed.</summary>
public static class PromisesFeature
{
    public static void AddPromises(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<PromiseOptions>().BindConfiguration("Promises").ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<PromiseSweeper>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<PromiseSweeper>());
    }

    public static void MapPromisesApi(this IEndpointRouteBuilder api) => api.MapPromisesRoutes();
}
