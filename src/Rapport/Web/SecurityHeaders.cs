namespace Rapport.Web;

/// <summary>
/// Headers on every response: no inline script may run (so nothing from a message or a name can
/// execute even if it slipped into a page), no framing by other sites, no MIME sniffing. A
/// &lt;base&gt; may name this site only: the console's Blazor pages resolve their links against one.
/// Images may come from https sites: only so that an agent's "load images" on one mail works; the
/// sanitiser removes remote images from all stored HTML, so nothing else shows one.
/// </summary>
public static class SecurityHeaders
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: https:; font-src 'self'; " +
        "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    public static void UseSecurityHeaders(this WebApplication app) => app.Use(async (context, next) =>
    {
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        await next(context);
    });
}
