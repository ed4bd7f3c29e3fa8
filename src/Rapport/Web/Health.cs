using Rapport.Data;

namespace Rapport.Web;

public static class Health
{
    public static void MapHealth(this IEndpointRouteBuilder app)
    {
        // Alive: the process answers. Nothing else is checked, so a slow database never gets a live node restarted.
        app.MapGet("/healthz", () => TypedResults.Ok(new { status = "alive" })).AllowAnonymous().ExcludeFromDescription();

        // Ready: the database answers and every migration this build knows is applied.
        app.MapGet("/readyz", async Task<IResult> (Migrator migrator, CancellationToken ct) =>
        {
            try
            {
                return await migrator.IsCurrentAsync(ct)
                    ? TypedResults.Ok(new { status = "ready" })
                    : TypedResults.Problem(statusCode: 503, title: "Migrations are pending.", detail: "Run 'rapport migrate' or start with Database:MigrateOnStart=true.");
            }
            catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException or TimeoutException)
            {
                return TypedResults.Problem(statusCode: 503, title: "The database is not reachable.", detail: e.Message);
            }
        }).AllowAnonymous().ExcludeFromDescription();
    }
}
