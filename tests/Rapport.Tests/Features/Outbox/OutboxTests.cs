using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rapport.Features.Accounts;
using Rapport.Features.Mail.Ingest;
using Rapport.Features.Outbox;
using Rapport.Features.Timeline;
using Rapport.Tests.Infrastructure;

namespace Rapport.Tests.Features.Outbox;

/// <summary>Replies leave through the outbox to a real Postfix: refused for good, retried when the server is away, and never sent twice.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class OutboxTests(MailServers servers, MailSqliteApp app) : IClassFixture<MailServers>, IClassFixture<MailSqliteApp>
{
    private async Task<(TestUser Admin, long MailboxId)> MailboxAsync(int smtpPort)
    {
        var admin = await app.CreateAdminAsync();
        var id = await MailApp.CreateMailboxAsync(admin.Client, new
        {
            address = $"out-{Guid.NewGuid():N}"[..16] + "@support.test",
            display_name = "Outbox test",
            smtp = new { host = "127.0.0.1", port = smtpPort, security = "starttls", user = MailServers.SupportAddress, password = MailServers.SupportPassword },
            verify_certificates = false,
        });
        return (admin, id);
    }

    /// <summary>A customer's mail to the mailbox, then an agent's reply to it; returns the conversation and the reply's Message-ID.</summary>
    private async Task<(long Conversation, long Message, string RfcId)> ReplyToCustomerAsync(TestUser admin, long mailboxId, string customer)
    {
        var raw = $"From: {customer}\nTo: x@support.test\nSubject: Help\nMessage-ID: <{Guid.NewGuid():N}@customer.test>\n\nPlease help\n";
        var created = await (await MailApp.PostRawAsync(admin.Client, mailboxId, raw)).ExpectAsync(HttpStatusCode.Created);
        var conversation = created["conversation_id"]!.GetValue<long>();
        var reply = await (await admin.Client.PostJsonAsync($"/api/v1/conversations/{conversation}/reply", new { body_text = "We are on it." })).ExpectAsync(HttpStatusCode.Created);
        var message = reply["id"]!.GetValue<long>();
        var rfcId = await app.WithDbAsync(db => db.MailRecords.Where(r => r.MessageId == message && r.Direction == MailDirection.Outbound).Select(r => r.RfcMessageId).SingleAsync());
        return (conversation, message, rfcId);
    }

    private async Task<OutboxItem> WaitForAsync(long messageId, Func<OutboxItem, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var item = await app.WithDbAsync(db => db.Outbox.AsNoTracking().SingleAsync(o => o.MessageId == messageId));
            if (done(item))
            {
                return item;
            }
            Assert.True(DateTime.UtcNow < deadline, $"Outbox item stuck: {item.Status}, attempts {item.Attempts}, {item.LastError}");
            await Task.Delay(200);
        }
    }

    [Fact]
    public async Task APermanentRefusalIsRecordedOnTheMessageAndNotRetried()
    {
        var (admin, mailbox) = await MailboxAsync(servers.SmtpPort);
        var (conversation, message, _) = await ReplyToCustomerAsync(admin, mailbox, MailServers.RefusedAddress);
        var failed = await WaitForAsync(message, o => o.Status != OutboxStatus.Pending);
        Assert.Equal(OutboxStatus.Failed, failed.Status);
        Assert.Equal(1, failed.Attempts);
        Assert.Contains("550", failed.LastError, StringComparison.Ordinal);

        var deliveries = await (await admin.Client.GetAsync($"/api/v1/conversations/{conversation}/deliveries")).ExpectAsync(HttpStatusCode.OK);
        var shown = Assert.Single(deliveries["items"]!.AsArray())!;
        Assert.Equal("failed", shown["status"]!.GetValue<string>());
        Assert.Equal(message, shown["message_id"]!.GetValue<long>());
        Assert.Contains("No such person", shown["last_error"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains(ActivityKinds.EmailFailed, await app.WithDbAsync(db => db.Activities.Where(a => a.ConversationId == conversation).Select(a => a.Kind).ToListAsync()));

        var reader = await app.CreateUserAsync(Role.Agent, TokenScope.Write);
        await (await reader.Client.PostAsync($"/api/v1/outbox/{failed.Id}/retry", null)).ExpectProblemAsync(HttpStatusCode.Forbidden);
        await (await admin.Client.PostAsync($"/api/v1/outbox/{failed.Id}/retry", null)).ExpectAsync(HttpStatusCode.Accepted);
        var again = await WaitForAsync(message, o => o.Status != OutboxStatus.Pending);
        Assert.Equal(OutboxStatus.Failed, again.Status);
    }

    [Fact]
    public async Task AnUnreachableServerIsRetriedWithBackoffAndTheReplyArrivesOnce()
    {
        using var closed = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        closed.Start();
        var closedPort = ((IPEndPoint)closed.LocalEndpoint).Port;
        closed.Stop();
        var (admin, mailbox) = await MailboxAsync(closedPort);
        var (_, message, rfcId) = await ReplyToCustomerAsync(admin, mailbox, MailServers.CustomerAddress);

        var waiting = await WaitForAsync(message, o => o.Attempts >= 1 && o.LeaseOwner == null);
        Assert.Equal(OutboxStatus.Pending, waiting.Status);
        Assert.Contains("connect", waiting.LastError, StringComparison.OrdinalIgnoreCase);
        var dispatcher = app.Services.GetRequiredService<OutboxDispatcher>();
        Assert.Equal(app.Clock.GetUtcNow().UtcDateTime + dispatcher.Backoff(waiting.Attempts), waiting.NextAttemptAt);
        Assert.True(dispatcher.Backoff(3) == 4 * dispatcher.Backoff(1));

        // Not due yet: nothing is tried however often the dispatcher runs.
        await dispatcher.RunOnceAsync(CancellationToken.None);
        Assert.Equal(waiting.Attempts, (await WaitForAsync(message, _ => true)).Attempts);

        await (await admin.Client.PatchJsonAsync($"/api/v1/mailboxes/{mailbox}", new { smtp = new { port = servers.SmtpPort } })).ExpectAsync(HttpStatusCode.OK);
        app.Clock.Advance(TimeSpan.FromHours(1));
        // Several dispatchers at once (this one three times, and the app's own): one delivery.
        await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => dispatcher.RunOnceAsync(CancellationToken.None)));
        var sent = await WaitForAsync(message, o => o.Status != OutboxStatus.Pending);
        Assert.Equal(OutboxStatus.Sent, sent.Status);

        await servers.WaitForMailAsync(MailServers.CustomerAddress, MailServers.CustomerPassword, raw => raw.Contains(rfcId, StringComparison.Ordinal));
        Assert.Equal(1, await CopiesAsync(rfcId));
    }

    private async Task<int> CopiesAsync(string rfcId)
    {
        await using var client = await Rapport.Features.Mail.Imap.ImapClient.ConnectAsync(servers.Imap(Rapport.Features.Mail.Mailboxes.MailSecurity.StartTls), CancellationToken.None);
        await client.LoginAsync(MailServers.CustomerAddress, MailServers.CustomerPassword, CancellationToken.None);
        await client.SelectAsync("INBOX", CancellationToken.None);
        var copies = 0;
        foreach (var uid in await client.SearchUidsFromAsync(1, CancellationToken.None))
        {
            if (await client.FetchAsync(uid, CancellationToken.None) is { } raw && Encoding.UTF8.GetString(raw).Contains($"Message-ID: <{rfcId}>", StringComparison.Ordinal))
            {
                copies++;
            }
        }
        return copies;
    }
}
