namespace Rapport.Web.Auth;

/// <summary>
/// The session cookie is SameSite=Strict, but "site" ignores the port: a page served from another
/// port of the same host is same-site, and can make a signed-in browser send a form, or a body-less
/// or text/plain fetch, none of which needs a CORS preflight. So a change to the API authenticated by
/// the cookie must carry <c>X-Rapport-Csrf</c>: a custom header, which no form can set and no
/// cross-origin script can send without a preflight we never grant. Bearer-token calls carry no
/// ambient credential and need nothing. The console's own pages call the API's handlers in-process
/// (Blazor), so no browser request of ours needs the header today; a script of ours that calls the
/// API with the cookie must send it.
/// Realtime connections (the console hub, Blazor's circuit) cannot carry a header from a browser's
/// WebSocket, and a WebSocket is not subject to CORS: so a cookie-authenticated one must come from a
/// page of our own origin (browsers always send <c>Origin</c> there and no page can forge it).
/// </summary>
public static class CsrfGuard
{
    public const string HeaderName = "X-Rapport-Csrf";

    private static readonly PathString[] RealtimePaths = ["/hubs", "/_blazor"];

    public static void UseCsrfGuard(this WebApplication app) => app.Use(async (context, next) =>
    {
        if (IsCookieAuthenticated(context) && IsRealtime(context.Request.Path) && !IsOwnOrigin(context))
        {
            await TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden,
                title: "A realtime connection signed in by cookie must come from Rapport's own origin.",
                detail: "Open the console from Rapport's own address, or connect with an API token.")
                .ExecuteAsync(context);
            return;
        }
        if (NeedsHeader(context) && string.IsNullOrEmpty(context.Request.Headers[HeaderName]))
        {
            await TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden,
                title: "A signed-in browser's change to the API must carry the X-Rapport-Csrf header.",
                detail: $"Send the header {HeaderName}: 1 with the request (Rapport's own pages do), or use an API token.")
                .ExecuteAsync(context);
            return;
        }
        await next(context);
    });

    private static bool NeedsHeader(HttpContext context)
    {
        var method = context.Request.Method;
        return context.Request.Path.StartsWithSegments("/api")
            && !(HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method) || HttpMethods.IsTrace(method))
            && IsCookieAuthenticated(context);
    }

    private static bool IsCookieAuthenticated(HttpContext context) =>
        context.User.Identity is { IsAuthenticated: true, AuthenticationType: AuthSetup.CookieScheme };

    private static bool IsRealtime(PathString path) => RealtimePaths.Any(p => path.StartsWithSegments(p));

    /// <summary>
    /// No Origin (not a browser), this request's own scheme, host and port, or the public URL's
    /// (a proxy that forwards neither the host nor the scheme still serves the address people use).
    /// </summary>
    private static bool IsOwnOrigin(HttpContext context)
    {
        var origin = context.Request.Headers.Origin.ToString();
        if (origin.Length == 0)
        {
            return true;
        }
        var own = $"{context.Request.Scheme}://{context.Request.Host.Value}";
        return string.Equals(origin, own, StringComparison.OrdinalIgnoreCase)
            || (Uri.TryCreate(context.RequestServices.PublicUrl(), UriKind.Absolute, out var publicUrl)
                && string.Equals(origin, publicUrl.GetLeftPart(UriPartial.Authority), StringComparison.OrdinalIgnoreCase));
    }
}
