namespace Rapport.Features.Timeline;

public static class TimelineFeature
{
    public static void MapTimelineApi(this IEndpointRouteBuilder api) => api.MapTimelineRoutes();
}
