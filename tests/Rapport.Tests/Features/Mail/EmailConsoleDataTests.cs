using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rapport.Features.AgentConsole.Pages.Conversations;
using Rapport.Features.Mail.Ingest;
using Rapport.Features.Outbox;
using Rapport.Tests.Infrastructure;

namespace Rapport.Tests.Features.Mail;

/// <summary>What the conversation page reads of a conversation's e-mail: deliveries (queued, failed with the server's answer), HTML, history, bounces.</summary>
public abstract class EmailConsoleDataTests(MailApp app)
{
    private static string Unique(string what) => $"{what}-{Guid.NewGuid():N}"[..24];

    private async Task<(TestUser Admin, long Conversation, long Inbound, string Customer, string To)> ConversationAsync(int smtpPort)
    {
        var admin = await app.CreateAdminAsync();
        var to = Unique("support") + "@rapport.test";
        var mailbox = await MailApp.CreateMailboxAsync(admin.Client, new
        {
            address = to,
            display_name = "Support",
            smtp = new { host = "127.0.0.1", port = smtpPort, security = "none" },
        });
        var customer = Unique("cust") + "@customer.test";
        var mail = $"From: {customer}\nTo: {to}\nSubject: Help\nMessage-ID: <{Unique("m")}@customer.test>\nMIME-Version: 1.0\nContent-Type: text/html; charset=utf-8\n\n<p>Hello <img src=\"https://tracker.example.test/p.png\"></p>\n";
        var created = await (await MailApp.PostRawAsync(admin.Client, mailbox, mail)).ExpectAsync(HttpStatusCode.Created);
        return (admin, created["conversation_id"]!.GetValue<long>(), created["message_id"]!.GetValue<long>(), customer, to);
    }

    private async Task<long> ReplyAsync(TestUser agent, long conversation) =>
        (await (await agent.Client.PostJsonAsync($"/api/v1/conversations/{conversation}/reply", new { body_text = "We are on it." }))
            .ExpectAsync(HttpStatusCode.Created))["id"]!.GetValue<long>();

    private async Task<EmailFacts?> FactsAsync(long conversation, long message)
    {
        using var scope = app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<EmailFactsLoader>().GetAsync(conversation, message, fresh: true);
    }

    private async Task<OutboxItem> WaitForDeliveryAsync(long message, Func<OutboxItem, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var item = await app.WithDbAsync(db => db.Outbox.AsNoTracking().SingleAsync(o => o.MessageId == message));
            if (done(item))
            {
                return item;
            }
            Assert.True(DateTime.UtcNow < deadline, $"delivery still {item.Status} after {item.Attempts} attempts: {item.LastError}");
            await Task.Delay(200);
        }
    }

    [Fact]
    public async Task AReplyTheServerRefusesShowsAsFailedWithTheServersAnswer()
    {
        await using var smtp = new RefusingSmtpServer();
        var (admin, conversation, inbound, _, _) = await ConversationAsync(smtp.Port);
        var reply = await ReplyAsync(admin, conversation);
        await WaitForDeliveryAsync(reply, o => o.Status == OutboxStatus.Failed);

        var facts = await FactsAsync(conversation, reply);
        Assert.Equal(OutboxStatus.Failed, facts?.Delivery?.Status);
        Assert.Contains("550 5.1.1", facts!.Delivery!.LastError, StringComparison.Ordinal);

        var customerMail = await FactsAsync(conversation, inbound);
        Assert.Null(customerMail?.Delivery);
        Assert.True(customerMail?.Mail?.BlockedImages);
        Assert.DoesNotContain("tracker.example.test", customerMail!.Mail!.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AReplyWhoseServerCannotBeReachedShowsAsQueued()
    {
        var closedPort = FreePort();
        var (admin, conversation, _, _, _) = await ConversationAsync(closedPort);
        var reply = await ReplyAsync(admin, conversation);
        var item = await WaitForDeliveryAsync(reply, o => o.Attempts >= 1);

        Assert.Equal(OutboxStatus.Pending, item.Status);
        var facts = await FactsAsync(conversation, reply);
        Assert.Equal(OutboxStatus.Pending, facts?.Delivery?.Status);
        Assert.True(facts!.Delivery!.Attempts >= 1);
    }

    [Fact]
    public async Task AnAddressNamedInABounceIsListedForItsCustomerOnly()
    {
        var (admin, conversation, _, customer, to) = await ConversationAsync(FreePort());
        var mailbox = await app.WithDbAsync(db => db.Mailboxes.Where(m => m.Address == to).Select(m => m.Id).SingleAsync());
        var dsn = $"""
            From: Mail Delivery System <MAILER-DAEMON@mx.customer.test>
            To: {to}
            Subject: Undelivered Mail Returned to Sender
            Message-ID: <{Unique("bounce")}@mx.customer.test>
            MIME-Version: 1.0
            Content-Type: multipart/report; report-type=delivery-status; boundary="b"

            --b
            Content-Type: text/plain

            Your message could not be delivered.

            --b
            Content-Type: message/delivery-status

            Reporting-MTA: dns; mx.customer.test

            Final-Recipient: rfc822; {customer}
            Action: failed
            Status: 5.1.1
            Diagnostic-Code: smtp; 550 5.1.1 User unknown

            --b--
            """;
        await (await MailApp.PostRawAsync(admin.Client, mailbox, dsn)).ExpectAsync(HttpStatusCode.OK);

        var customerId = (await (await admin.Client.GetAsync($"/api/v1/conversations/{conversation}")).ExpectAsync(HttpStatusCode.OK))["customer_id"]!.GetValue<long>();
        var bounces = await app.WithDbAsync(db => CustomerBounces.OfAsync(db, customerId));
        var bounce = Assert.Single(bounces);
        Assert.Equal(customer, bounce.Address);
        Assert.True(bounce.Permanent);
        Assert.Contains("User unknown", bounce.Diagnostic, StringComparison.Ordinal);

        var (_, _, _, _, _) = await ConversationAsync(FreePort());
        var other = await app.WithDbAsync(db => db.Customers.OrderByDescending(c => c.Id).Select(c => c.Id).FirstAsync());
        Assert.Empty(await app.WithDbAsync(db => CustomerBounces.OfAsync(db, other)));
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

public sealed class EmailConsoleDataTestsOnSqlite(MailSqliteApp app) : EmailConsoleDataTests(app), IClassFixture<MailSqliteApp>;

public sealed class EmailConsoleDataTestsOnPostgres(MailPostgresApp app) : EmailConsoleDataTests(app), IClassFixture<MailPostgresApp>;
