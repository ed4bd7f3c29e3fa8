using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Rapport.Data;
using Rapport.Tests.Features.Accounts;
using Rapport.Tests.Infrastructure;

namespace Rapport.Tests.Web;

/// <summary>
/// Rapport behind Debian's nginx, as an operator deploys it: TLS at nginx, Rapport on another
/// loopback port trusting only nginx's address. Clients connect from loopback addresses of their
/// own, so each is a different client to whoever reads the address honestly.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public abstract class ReverseProxyTests(ProxiedRapport proxied)
{
    private static int _clients = 10;

    [Fact]
    public async Task TheRateLimitPartitionsByTheForwardedClient()
    {
        using var first = Client(proxied.Nginx.Url);
        using var second = Client(proxied.Nginx.Url);

        for (var i = 0; i < ProxiedRapport.PublicPerMinute; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await first.GetAsync("/standards")).StatusCode);
        }
        await (await first.GetAsync("/standards")).ExpectProblemAsync(HttpStatusCode.TooManyRequests);

        // Through the same nginx, so from the same connecting address: only X-Forwarded-For tells them apart.
        Assert.Equal(HttpStatusCode.OK, (await second.GetAsync("/standards")).StatusCode);
    }

    [Fact]
    public async Task AForwardedForAClientMakesUpIsIgnored()
    {
        using var viaNginx = Client(proxied.Nginx.Url);
        using var direct = Client(proxied.Server.Url);

        // Through nginx, a made-up X-Forwarded-For is kept by nginx but comes before the address nginx
        // saw, from a client Rapport does not trust: the client is still counted as itself.
        for (var i = 0; i < ProxiedRapport.PublicPerMinute; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await Spoofed(viaNginx, i)).StatusCode);
        }
        await (await Spoofed(viaNginx, 100)).ExpectProblemAsync(HttpStatusCode.TooManyRequests);

        // Straight to Rapport, from an address that is not a trusted proxy: the header is not read at all.
        for (var i = 0; i < ProxiedRapport.PublicPerMinute; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await Spoofed(direct, 200 + i)).StatusCode);
        }
        await (await Spoofed(direct, 300)).ExpectProblemAsync(HttpStatusCode.TooManyRequests);
    }

    [Fact]
    public async Task CookiesAreSecureAndHstsIsSentWhenThePublicUrlIsHttps()
    {
        using var browser = Client(proxied.Nginx.Url);

        var page = await browser.GetAsync("/signin");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("max-age=31536000", page.Headers.GetValues("Strict-Transport-Security").Single(), StringComparison.Ordinal);
        Assert.All(page.Headers.GetValues("Set-Cookie"), c => Assert.Contains("secure", c, StringComparison.OrdinalIgnoreCase));

        var (_, token) = await Forms.GetFormAsync(browser, "/signin");
        var signedIn = await Forms.PostAsync(browser, "/signin", token, ("email", ProxiedRapport.AdminEmail), ("password", RapportApp.Password), ("returnUrl", ""));
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        var session = signedIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("rapport.session=", StringComparison.Ordinal));
        Assert.Contains("secure", session, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", session, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/api/v1/me")).StatusCode);
    }

    private static Task<HttpResponseMessage> Spoofed(HttpClient client, int n)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/standards");
        request.Headers.Add("X-Forwarded-For", $"203.0.113.{(n % 250 + 1).ToString(CultureInfo.InvariantCulture)}");
        return client.SendAsync(request);
    }

    /// <summary>A client connecting from a loopback address no other test uses (127.0.0.10, .11, …).</summary>
    private static HttpClient Client(Uri baseAddress)
    {
        var local = IPAddress.Parse($"127.0.0.{Interlocked.Increment(ref _clients).ToString(CultureInfo.InvariantCulture)}");
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = true,
            SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true },
            ConnectCallback = async (context, ct) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    socket.Bind(new IPEndPoint(local, 0));
                    await socket.ConnectAsync(IPAddress.Loopback, context.DnsEndPoint.Port, ct);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        return new HttpClient(handler) { BaseAddress = baseAddress };
    }
}

/// <summary>One Rapport process and one nginx in front of it, for a test class.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public abstract class ProxiedRapport(DatabaseProvider provider) : IAsyncLifetime
{
    public const int PublicPerMinute = 5;
    public const string AdminEmail = "proxy-admin@example.test";

    public RapportServerProcess Server { get; private set; } = null!;
    public NginxProxy Nginx { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var (serverPort, nginxPort) = (RapportServerProcess.FreePort(), RapportServerProcess.FreePort());
        Server = await RapportServerProcess.StartAsync(provider, serverPort,
            "--Rapport:PublicUrl", $"https://localhost:{nginxPort.ToString(CultureInfo.InvariantCulture)}",
            "--Rapport:TrustedProxies", NginxProxy.Address,
            "--RateLimits:PublicPerMinute", PublicPerMinute.ToString(CultureInfo.InvariantCulture));
        var created = await Server.RunVerbAsync(["admin", "create", "--email", AdminEmail, "--name", "Proxy Admin"], RapportApp.Password);
        Assert.True(created.ExitCode == 0, created.Output + created.Error);
        Nginx = await NginxProxy.StartAsync(nginxPort, serverPort);
    }

    public async Task DisposeAsync()
    {
        if (Nginx is not null)
        {
            await Nginx.DisposeAsync();
        }
        if (Server is not null)
        {
            await Server.DisposeAsync();
        }
    }
}

[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class ProxiedRapportOnSqlite() : ProxiedRapport(DatabaseProvider.Sqlite);

[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class ProxiedRapportOnPostgres() : ProxiedRapport(DatabaseProvider.Postgres);

[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class ReverseProxyTestsOnSqlite(ProxiedRapportOnSqlite proxied) : ReverseProxyTests(proxied), IClassFixture<ProxiedRapportOnSqlite>;

[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class ReverseProxyTestsOnPostgres(ProxiedRapportOnPostgres proxied) : ReverseProxyTests(proxied), IClassFixture<ProxiedRapportOnPostgres>;
