namespace Rapport.Web;

public static class Urls
{
    /// <summary>Listen on <paramref name="url"/> unless <c>--urls</c>, <c>ASPNETCORE_URLS</c> or Kestrel endpoints say otherwise.</summary>
    public static void UseDefaultUrl(this WebApplicationBuilder builder, string url)
    {
        if (string.IsNullOrEmpty(builder.Configuration["urls"]) && !builder.Configuration.GetSection("Kestrel:Endpoints").Exists())
        {
            builder.WebHost.UseUrls(url);
        }
    }

    /// <summary>Prints where the server listens once Kestrel has bound its addresses.</summary>
    public static void AnnounceOnStart(this WebApplication app) =>
        app.Lifetime.ApplicationStarted.Register(() => Console.WriteLine($"Rapport is running at {app.PublicUrl()}  (Ctrl+C to stop)"));
}
