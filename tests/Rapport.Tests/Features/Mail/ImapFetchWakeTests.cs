using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Rapport.Data;
using Rapport.Tests.Infrastructure;

namespace Rapport.Tests.Features.Mail;

/// <summary>
/// The IMAP fetch worker polls for new mailboxes only once an hour here: a mailbox created, or one
/// whose IMAP settings change, must still be fetched at once, because the mailboxes API wakes it.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public abstract class ImapFetchWakeTests(MailServers servers, MailApp app)
{
    protected MailServers Servers => servers;

    protected MailApp App => app;

    [Fact]
    public async Task AMailboxCreatedAndThenCorrectedThroughTheApiIsFetchedLongBeforeThePoll()
    {
        var messageId = $"waiting-{Guid.NewGuid():N}@customer.test";
        await servers.SwaksAsync(MailServers.SupportAddress, MailServers.CustomerAddress, "Already waiting", "Sent before the mailbox existed.", $"Message-Id: <{messageId}>");
        await servers.WaitForMailAsync(MailServers.SupportAddress, MailServers.SupportPassword, raw => raw.Contains(messageId, StringComparison.Ordinal));

        var admin = await app.CreateAdminAsync();
        var clock = Stopwatch.StartNew();
        var imap = new { host = "127.0.0.1", port = servers.ImapsPort, security = "tls", user = MailServers.SupportAddress, password = "not the password" };
        var mailboxId = await MailApp.CreateMailboxAsync(admin.Client, new { address = MailServers.SupportAddress, imap, verify_certificates = false });

        // Created: the worker tries it at once, and the server refuses the password.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        string? error = null;
        while (error is null && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
            error = await app.WithDbAsync(db => db.MailboxSyncs.Where(s => s.MailboxId == mailboxId).Select(s => s.LastError).SingleOrDefaultAsync());
        }
        Assert.NotNull(error);

        // Corrected: fetched at once, not in an hour.
        await (await admin.Client.PatchJsonAsync($"/api/v1/mailboxes/{mailboxId}", new { imap = imap with { password = MailServers.SupportPassword } }))
            .ExpectAsync(HttpStatusCode.OK);
        await app.WaitForMessageAsync(messageId, TimeSpan.FromSeconds(30));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"took {clock.Elapsed}");
    }
}

public abstract class HourlyPollMailApp(DatabaseProvider provider) : MailApp(provider)
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Mail:PollSeconds", "3600");
    }
}

public sealed class HourlyPollMailSqliteApp() : HourlyPollMailApp(DatabaseProvider.Sqlite);

public sealed class HourlyPollMailPostgresApp() : HourlyPollMailApp(DatabaseProvider.Postgres);

[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class ImapFetchWakeTestsOnSqlite(MailServers servers, HourlyPollMailSqliteApp app)
    : ImapFetchWakeTests(servers, app), IClassFixture<MailServers>, IClassFixture<HourlyPollMailSqliteApp>;

[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class ImapFetchWakeTestsOnPostgres(MailServers servers, HourlyPollMailPostgresApp app)
    : ImapFetchWakeTests(servers, app), IClassFixture<MailServers>, IClassFixture<HourlyPollMailPostgresApp>
{
    [Fact]
    public async Task AMailboxCreatedOnAnotherNodeIsFetchedHereAtOnce()
    {
        var messageId = $"other-node-{Guid.NewGuid():N}@customer.test";
        await Servers.SwaksAsync(MailServers.SharedAddress, MailServers.CustomerAddress, "Waiting", "For the other node.", $"Message-Id: <{messageId}>");
        await Servers.WaitForMailAsync(MailServers.SharedAddress, MailServers.SharedPassword, raw => raw.Contains(messageId, StringComparison.Ordinal));
        // A node that serves the API but fetches nothing: only this app's worker can fetch, and it hears of the mailbox by NOTIFY.
        await using var apiNode = App.WithWebHostBuilder(b => b.UseSetting("Mail:FetchEnabled", "false"));
        var admin = await App.CreateAdminAsync();
        using var client = apiNode.CreateClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", admin.Token);

        await MailApp.CreateMailboxAsync(client, new
        {
            address = MailServers.SharedAddress,
            imap = new { host = "127.0.0.1", port = Servers.ImapPort, security = "starttls", user = MailServers.SharedAddress, password = MailServers.SharedPassword },
            verify_certificates = false,
        });
        await App.WaitForMessageAsync(messageId, TimeSpan.FromSeconds(30));
    }
}
