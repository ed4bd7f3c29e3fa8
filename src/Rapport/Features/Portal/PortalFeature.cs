namespace Rapport.Features.Portal;

/// <summary>
/// The customer-facing pages that exist so far: a conversation's status page and the published
/// service standards. The customer portal (PRODUCT.md, C2) links to these rather than redoing them.
/// </summary>
public static class PortalFeature
{
    public static void AddPortal(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<PortalOptions>().BindConfiguration("Portal").ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<StatusLinks>();
    }

    public static void MapPortalApi(this IEndpointRouteBuilder api) => api.MapStatusLinksApi();
}
