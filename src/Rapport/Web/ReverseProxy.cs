using System.Net;
using IPNetwork = System.Net.IPNetwork;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.HttpOverrides;
using Rapport.Web.Auth;

namespace Rapport.Web;

/// <summary>
/// Running behind nginx or another reverse proxy. <c>X-Forwarded-For</c>, <c>-Proto</c> and <c>-Host</c>
/// are believed only when the connection comes from a proxy listed in <c>Rapport:TrustedProxies</c>
/// (IP addresses or CIDR ranges; loopback when unset, as a proxy on the same machine is the usual
/// deployment; empty or <c>none</c> to trust no one). Then the client's own address is what rate
/// limits and sign-in see, and its scheme is what cookies see; anyone else's forwarded headers are
/// ignored, so a client cannot pick its own address. When <c>Rapport:PublicUrl</c> is https, cookies
/// are always <c>Secure</c> and HTTPS responses carry HSTS.
/// </summary>
public static class ReverseProxy
{
    public const string TrustedProxiesKey = "Rapport:TrustedProxies";

    private static readonly IPNetwork[] Loopback = [IPNetwork.Parse("127.0.0.0/8"), IPNetwork.Parse("::1/128")];

    public static void AddReverseProxy(this IHostApplicationBuilder builder)
    {
        var proxies = TrustedProxies(builder.Configuration);
        builder.Services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost;
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
            foreach (var proxy in proxies)
            {
                o.KnownIPNetworks.Add(proxy);
            }
            // Walk back through a chain of trusted proxies; the first address that is not one is the client.
            o.ForwardLimit = null;
        });
        if (PublicUrlIsHttps(builder.Configuration))
        {
            builder.Services.PostConfigure<CookieAuthenticationOptions>(AuthSetup.CookieScheme, o => o.Cookie.SecurePolicy = CookieSecurePolicy.Always);
            builder.Services.Configure<AntiforgeryOptions>(o => o.Cookie.SecurePolicy = CookieSecurePolicy.Always);
            builder.Services.AddHsts(o =>
            {
                o.MaxAge = TimeSpan.FromDays(365);
                // The public URL says this site is https, whatever its host name: localhost is not exempt.
                o.ExcludedHosts.Clear();
            });
        }
    }

    /// <summary>First in the pipeline: everything after it sees the client's address and scheme.</summary>
    public static void UseReverseProxy(this WebApplication app)
    {
        app.UseForwardedHeaders();
        if (PublicUrlIsHttps(app.Configuration))
        {
            app.UseHsts();
        }
    }

    /// <summary>The configured proxies: a list (<c>Rapport:TrustedProxies:0</c>, …) or one comma-separated value.</summary>
    public static IReadOnlyList<IPNetwork> TrustedProxies(IConfiguration configuration)
    {
        var section = configuration.GetSection(TrustedProxiesKey);
        var children = section.GetChildren().Select(c => c.Value ?? "").ToList();
        if (children.Count == 0 && section.Value is null)
        {
            return Loopback;
        }
        var entries = children.Count > 0 ? children : [section.Value!];
        var parsed = new List<IPNetwork>();
        foreach (var entry in entries.SelectMany(e => e.Split([',', ' ', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
        {
            if (entry.Equals("none", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }
            if (IPNetwork.TryParse(entry, out var network))
            {
                parsed.Add(network);
            }
            else if (IPAddress.TryParse(entry, out var address))
            {
                parsed.Add(new IPNetwork(address, address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128));
            }
            else
            {
                throw new InvalidOperationException($"{TrustedProxiesKey}: '{entry}' is not an IP address or a CIDR range (such as 10.0.0.0/8).");
            }
        }
        return parsed;
    }

    private static bool PublicUrlIsHttps(IConfiguration configuration) =>
        Uri.TryCreate(configuration["Rapport:PublicUrl"], UriKind.Absolute, out var url) && url.Scheme == Uri.UriSchemeHttps;
}
