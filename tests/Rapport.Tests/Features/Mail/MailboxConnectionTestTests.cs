using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.Hosting;
using Rapport.Data;
using Rapport.Features.Accounts;
using Rapport.Tests.Features.Accounts;
using Rapport.Tests.Infrastructure;

namespace Rapport.Tests.Features.Mail;

/// <summary>
/// "Test connection" reaches any host and port an admin names, so it must not become a probe that
/// reads other services' banners, nor hang: it is bounded in time and echoes only real mail greetings.
/// </summary>
public abstract class MailboxConnectionTestTests(MailboxTestApp app)
{
    [Fact]
    public async Task ANonMailBannerIsNotEchoed()
    {
        await using var server = FakeServer.Start("SSH-2.0-OpenSSH_9.6 build-secret-7731\r\n");
        var (admin, id) = await MailboxAsync(server.Port, server.Port);

        var response = await admin.Client.PostAsync($"/api/v1/mailboxes/{id}/test", null);
        var text = await response.Content.ReadAsStringAsync();

        var report = await response.ExpectAsync(HttpStatusCode.OK);
        Assert.DoesNotContain("build-secret-7731", text, StringComparison.Ordinal);
        Assert.DoesNotContain("SSH", text, StringComparison.Ordinal);
        Assert.Equal("greeting", report["imap"]!["failed_step"]!.GetValue<string>());
        Assert.Equal("greeting", report["smtp"]!["failed_step"]!.GetValue<string>());
        Assert.Contains("IMAP", report["imap"]!["error"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("SMTP", report["smtp"]!["error"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AServerThatNeverAnswersEndsTheTestWithinTheTimeout()
    {
        await using var server = FakeServer.Start(greeting: null);
        var (admin, id) = await MailboxAsync(server.Port, server.Port);

        var clock = Stopwatch.StartNew();
        var report = await (await admin.Client.PostAsync($"/api/v1/mailboxes/{id}/test", null)).ExpectAsync(HttpStatusCode.OK);
        clock.Stop();

        // IMAP and SMTP together, within the one total limit (plus the machine's slowness).
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(MailboxTestApp.TimeoutSeconds + 3), $"took {clock.Elapsed}");
        foreach (var side in new[] { "imap", "smtp" })
        {
            Assert.False(report[side]!["ok"]!.GetValue<bool>());
            Assert.Equal("greeting", report[side]!["failed_step"]!.GetValue<string>());
            Assert.Contains("did not answer within", report[side]!["error"]!.GetValue<string>(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task OnlyAdminsMayTestAMailbox()
    {
        var (admin, id) = await MailboxAsync(1, 1);
        var url = $"/api/v1/mailboxes/{id}/test";

        foreach (var (role, scope) in new[] { (Role.Agent, TokenScope.Admin), (Role.Agent, TokenScope.Ingest), (Role.Agent, TokenScope.Write), (Role.LightAgent, TokenScope.Write), (Role.Admin, TokenScope.Write), (Role.Admin, TokenScope.Ingest) })
        {
            var user = await app.CreateUserAsync(role, scope);
            await (await user.Client.PostAsync(url, null)).ExpectProblemAsync(HttpStatusCode.Forbidden);
        }
        var agent = await app.CreateUserAsync(Role.Agent);
        var (browser, _) = await Forms.SignedInAsync(app, agent.Email);
        browser.DefaultRequestHeaders.Add("X-Rapport-Csrf", "1");
        await (await browser.PostAsync(url, null)).ExpectProblemAsync(HttpStatusCode.Forbidden);
        await (await app.CreateClient(null).PostAsync(url, null)).ExpectProblemAsync(HttpStatusCode.Unauthorized);
        Assert.NotNull(admin);
    }

    private async Task<(TestUser Admin, long Id)> MailboxAsync(int imapPort, int smtpPort)
    {
        var admin = await app.CreateAdminAsync();
        var id = await MailApp.CreateMailboxAsync(admin.Client, new
        {
            address = $"t-{Guid.NewGuid():N}"[..20] + "@rapport.test",
            imap = new { host = "127.0.0.1", port = imapPort, security = "none", user = "u", password = "p" },
            smtp = new { host = "127.0.0.1", port = smtpPort, security = "none" },
        });
        return (admin, id);
    }

    /// <summary>A TCP listener on loopback that sends <c>greeting</c> to every connection (or nothing) and then holds it open.</summary>
    private sealed class FakeServer : IAsyncDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly CancellationTokenSource _stop = new();
        private readonly List<TcpClient> _clients = [];
        private Task _loop = Task.CompletedTask;

        public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

        public static FakeServer Start(string? greeting)
        {
            var server = new FakeServer();
            server._listener.Start();
            server._loop = server.AcceptAsync(greeting);
            return server;
        }

        private async Task AcceptAsync(string? greeting)
        {
            try
            {
                while (true)
                {
                    var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                    lock (_clients)
                    {
                        _clients.Add(client);
                    }
                    if (greeting is not null)
                    {
                        await client.GetStream().WriteAsync(Encoding.ASCII.GetBytes(greeting), _stop.Token);
                    }
                }
            }
            catch (OperationCanceledException)
            {
                // Stopped.
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            _listener.Stop();
            await _loop;
            lock (_clients)
            {
                _clients.ForEach(c => c.Dispose());
            }
            _stop.Dispose();
        }
    }
}

/// <summary>Rapport with a short limit on the connection test, so the never-answering case ends fast.</summary>
public abstract class MailboxTestApp(DatabaseProvider provider) : RapportApp(provider)
{
    public const int TimeoutSeconds = 2;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Mail:TestTimeoutSeconds", TimeoutSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}

public sealed class MailboxTestSqliteApp() : MailboxTestApp(DatabaseProvider.Sqlite);

public sealed class MailboxTestPostgresApp() : MailboxTestApp(DatabaseProvider.Postgres);

public sealed class MailboxConnectionTestTestsOnSqlite(MailboxTestSqliteApp app) : MailboxConnectionTestTests(app), IClassFixture<MailboxTestSqliteApp>;

public sealed class MailboxConnectionTestTestsOnPostgres(MailboxTestPostgresApp app) : MailboxConnectionTestTests(app), IClassFixture<MailboxTestPostgresApp>;
