using Rapport.Web.Auth;

namespace Rapport.Web;

public static class ApiV1
{
    /// <summary>
    /// Every endpoint under <c>/api/v1</c> requires a signed-in caller unless it says otherwise, and
    /// is rate-limited per caller. Features add their routes to this group.
    /// </summary>
    public static RouteGroupBuilder MapApiV1(this IEndpointRouteBuilder app) =>
        app.MapGroup("/api/v1")
            .RequireAuthorization(AuthSetup.Read)
            .RequireRateLimiting(RateLimits.Api)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
}
