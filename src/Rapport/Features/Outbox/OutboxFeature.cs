namespace Rapport.Features.Outbox;

/// <summary>Side effects delivered after commit (e-mail replies now; webhooks and notifications later).</summary>
public static class OutboxFeature
{
    public static void AddOutbox(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<OutboxOptions>().BindConfiguration("Outbox").ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<OutboxSignal>();
        builder.Services.AddSingleton<OutboxDispatcher>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<OutboxDispatcher>());
    }

    public static void MapOutboxApi(this IEndpointRouteBuilder api) => api.MapOutboxRoutes();
}
