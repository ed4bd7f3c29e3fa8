using System.Net;
using Microsoft.EntityFrameworkCore;
using Rapport.Features.Accounts;
using Rapport.Features.Timeline;
using Rapport.Tests.Infrastructure;

namespace Rapport.Tests.Features.Mail;

/// <summary>Mail taken in through the raw API: threading, de-duplication, people, loops and noise, the quarantine.</summary>
public abstract class MailIngestTests(MailApp app)
{
    private static string Id(string what) => $"{what}-{Guid.NewGuid():N}@customer.test";

    private static string Address(string who) => $"{who}-{Guid.NewGuid():N}"[..20] + "@customer.test";

    private static string Mail(string from, string to, string subject, string messageId, string body = "Hello", params string[] headers) =>
        $"From: {from}\nTo: {to}\nSubject: {subject}\nMessage-ID: <{messageId}>\nDate: Mon, 23 Nov 2026 10:00:00 +0000\n{string.Concat(headers.Select(h => h + "\n"))}\n{body}\n";

    private async Task<(TestUser Admin, long MailboxId, string Address)> MailboxAsync(object? extra = null)
    {
        var admin = await app.CreateAdminAsync();
        var address = $"support-{Guid.NewGuid():N}"[..20] + "@rapport.test";
        var id = await MailApp.CreateMailboxAsync(admin.Client, extra ?? new { address, display_name = "Support" });
        return (admin, id, address);
    }

    private static async Task<long> ConversationOfAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.ExpectAsync(expected);
        return body["conversation_id"]!.GetValue<long>();
    }

    [Fact]
    public async Task NewMailOpensAConversationAndTheReplyThreadsByInReplyTo()
    {
        var (admin, mailbox, to) = await MailboxAsync();
        var customer = Address("sara");
        var cc = Address("colleague");
        var first = Id("first");
        var created = await MailApp.PostRawAsync(admin.Client, mailbox,
            Mail($"=?UTF-8?B?2LPYp9ix2Kcg2KfYrdmF2K/bjA==?= <{customer}>", to, "=?UTF-8?B?2LPZgdin2LHYtCDZhdmG?=", first, "سلام", $"Cc: Colleague <{cc}>"));
        var conversation = await ConversationOfAsync(created, HttpStatusCode.Created);

        var detail = await (await admin.Client.GetAsync($"/api/v1/conversations/{conversation}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("سفارش من", detail["subject"]!.GetValue<string>());
        Assert.Equal("email", detail["channel"]!.GetValue<string>());
        Assert.Equal("سارا احمدی", detail["customer_name"]!.GetValue<string>());
        var participants = await app.WithDbAsync(db => db.MailParticipants.Where(p => p.ConversationId == conversation).Select(p => p.Address).ToListAsync());
        Assert.Equal([cc], participants);

        var answer = await MailApp.PostRawAsync(admin.Client, mailbox, Mail(customer, to, "Re: something else entirely", Id("second"), "More", $"In-Reply-To: <{first}>"));
        Assert.Equal(conversation, await ConversationOfAsync(answer, HttpStatusCode.OK));
        Assert.Equal(2, (await MailApp.MessagesAsync(admin.Client, conversation)).Count);
    }

    [Fact]
    public async Task AMessageIdAlreadyStoredNeverMakesASecondMessage()
    {
        var (admin, mailbox, to) = await MailboxAsync();
        var mail = Mail(Address("dup"), to, "Twice", Id("dup"));
        var conversation = await ConversationOfAsync(await MailApp.PostRawAsync(admin.Client, mailbox, mail), HttpStatusCode.Created);
        var again = await (await MailApp.PostRawAsync(admin.Client, mailbox, mail)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("duplicate", again["outcome"]!.GetValue<string>());
        Assert.Equal(conversation, again["conversation_id"]!.GetValue<long>());
        Assert.Single(await MailApp.MessagesAsync(admin.Client, conversation));

        // Without a Message-ID the bytes themselves identify the message.
        var bare = $"From: {Address("bare")}\nTo: {to}\nSubject: No id\n\nSame bytes\n";
        await (await MailApp.PostRawAsync(admin.Client, mailbox, bare)).ExpectAsync(HttpStatusCode.Created);
        Assert.Equal("duplicate", (await (await MailApp.PostRawAsync(admin.Client, mailbox, bare)).ExpectAsync(HttpStatusCode.OK))["outcome"]!.GetValue<string>());
    }

    [Fact]
    public async Task TheSubjectTokenThreadsAMailWithoutReferences()
    {
        var (admin, mailbox, to) = await MailboxAsync();
        var customer = Address("token");
        var conversation = await ConversationOfAsync(await MailApp.PostRawAsync(admin.Client, mailbox, Mail(customer, to, "Broken screen", Id("t1"))), HttpStatusCode.Created);
        var later = await MailApp.PostRawAsync(admin.Client, mailbox, Mail(customer, to, $"RE: Broken screen [#{conversation}]", Id("t2")));
        Assert.Equal(conversation, await ConversationOfAsync(later, HttpStatusCode.OK));
    }

    [Fact]
    public async Task AReplyThatArrivesBeforeTheMailItAnswersTakesThatMailIntoItsConversation()
    {
        var (admin, mailbox, to) = await MailboxAsync();
        var original = Id("original");
        var reply = await MailApp.PostRawAsync(admin.Client, mailbox,
            Mail(Address("b"), to, "Re: Meeting", Id("reply"), "Yes", $"In-Reply-To: <{original}>", $"References: <{original}>"));
        var conversation = await ConversationOfAsync(reply, HttpStatusCode.Created);
        var late = await MailApp.PostRawAsync(admin.Client, mailbox, Mail(Address("a"), to, "Meeting", original, "Shall we meet?"));
        Assert.Equal(conversation, await ConversationOfAsync(late, HttpStatusCode.OK));
    }

    [Fact]
    public async Task SenderAndSubjectThreadOnlyWhenTheMailboxAsksForIt()
    {
        var admin = await app.CreateAdminAsync();
        var address = $"subj-{Guid.NewGuid():N}"[..20] + "@rapport.test";
        var mailbox = await MailApp.CreateMailboxAsync(admin.Client, new { address, thread_by_subject_days = 7 });
        var customer = Address("subj");
        var conversation = await ConversationOfAsync(await MailApp.PostRawAsync(admin.Client, mailbox, Mail(customer, address, "Refund please", Id("s1"))), HttpStatusCode.Created);
        Assert.Equal(conversation, await ConversationOfAsync(await MailApp.PostRawAsync(admin.Client, mailbox, Mail(customer, address, "Fwd: refund  PLEASE", Id("s2"))), HttpStatusCode.OK));

        var (otherAdmin, plain, plainAddress) = await MailboxAsync();
        var first = await ConversationOfAsync(await MailApp.PostRawAsync(otherAdmin.Client, plain, Mail(customer, plainAddress, "Other thing", Id("p1"))), HttpStatusCode.Created);
        Assert.NotEqual(first, await ConversationOfAsync(await MailApp.PostRawAsync(otherAdmin.Client, plain, Mail(customer, plainAddress, "Other thing", Id("p2"))), HttpStatusCode.Created));
    }

    [Fact]
    public async Task AnAutoReplyIsNotedWithoutReopeningTheConversation()
    {
        var (admin, mailbox, to) = await MailboxAsync();
        var customer = Address("ooo");
        var first = Id("ask");
        var conversation = await ConversationOfAsync(await MailApp.PostRawAsync(admin.Client, mailbox, Mail(customer, to, "Question", first)), HttpStatusCode.Created);
        await (await admin.Client.PatchJsonAsync($"/api/v1/conversations/{conversation}", new { status = "solved" })).ExpectAsync(HttpStatusCode.OK);

        var auto = await (await MailApp.PostRawAsync(admin.Client, mailbox,
            Mail(customer, to, "Out of office", Id("ooo"), "I am away", "Auto-Submitted: auto-replied", $"In-Reply-To: <{first}>"))).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("auto_reply", auto["outcome"]!.GetValue<string>());
        var detail = await (await admin.Client.GetAsync($"/api/v1/conversations/{conversation}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("solved", detail["status"]!.GetValue<string>());
        Assert.Single(await MailApp.MessagesAsync(admin.Client, conversation));
        Assert.Contains(ActivityKinds.EmailAutoReply, await app.WithDbAsync(db => db.Activities.Where(a => a.ConversationId == conversation).Select(a => a.Kind).ToListAsync()));
        // Nothing answered it.
        Assert.Equal(0, await app.WithDbAsync(db => db.Outbox.CountAsync(o => o.Message!.ConversationId == conversation)));
    }

    [Fact]
    public async Task ABounceIsAttachedToTheBouncedReplysConversationAndMarksTheAddress()
    {
        var bounceAddress = $"bounce-{Guid.NewGuid():N}"[..20] + "@rapport.test";
        // A mailbox that can send, so the reply gets its Message-ID (its server is away: it never leaves).
        var (admin, mailbox, to) = await MailboxAsync(new { address = bounceAddress, smtp = new { host = "127.0.0.1", port = 9, security = "none" } });
        to = bounceAddress;
        var customer = Address("gone");
        var conversation = await ConversationOfAsync(await MailApp.PostRawAsync(admin.Client, mailbox, Mail(customer, to, "Help", Id("help"))), HttpStatusCode.Created);
        var reply = await (await admin.Client.PostJsonAsync($"/api/v1/conversations/{conversation}/reply", new { body_text = "On it" })).ExpectAsync(HttpStatusCode.Created);
        var ourId = await app.WithDbAsync(db => db.MailRecords.Where(r => r.MessageId == reply["id"]!.GetValue<long>()).Select(r => r.RfcMessageId).SingleAsync());

        var boundary = "dsn-boundary";
        var dsn = $"""
            From: Mail Delivery System <MAILER-DAEMON@mx.customer.test>
            To: {to}
            Subject: Undelivered Mail Returned to Sender
            Message-ID: <{Id("bounce")}>
            Auto-Submitted: auto-replied
            MIME-Version: 1.0
            Content-Type: multipart/report; report-type=delivery-status; boundary="{boundary}"

            --{boundary}
            Content-Type: text/plain

            I'm sorry to have to inform you that your message could not be delivered.

            --{boundary}
            Content-Type: message/delivery-status

            Reporting-MTA: dns; mx.customer.test

            Final-Recipient: rfc822; {customer}
            Action: failed
            Status: 5.1.1
            Diagnostic-Code: smtp; 550 5.1.1 User unknown

            --{boundary}
            Content-Type: text/rfc822-headers

            From: Support <{to}>
            To: {customer}
            Subject: Re: Help [#{conversation}]
            Message-ID: <{ourId}>

            --{boundary}--
            """;
        var bounced = await (await MailApp.PostRawAsync(admin.Client, mailbox, dsn)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("bounce", bounced["outcome"]!.GetValue<string>());
        Assert.Equal(conversation, bounced["conversation_id"]!.GetValue<long>());
        var address = await app.WithDbAsync(db => db.BouncingAddresses.AsNoTracking().SingleAsync(b => b.Address == customer));
        Assert.True(address.Permanent);
        Assert.Contains(ActivityKinds.EmailBounced, await app.WithDbAsync(db => db.Activities.Where(a => a.ConversationId == conversation).Select(a => a.Kind).ToListAsync()));
        Assert.Equal(2, (await MailApp.MessagesAsync(admin.Client, conversation)).Count);
    }

    [Fact]
    public async Task ASenderOverTheRateCapIsQuarantinedAndAnAdminCanRetryOrDelete()
    {
        var (admin, mailbox, to) = await MailboxAsync();
        var flood = Address("flood");
        for (var i = 0; i < MailRateCap; i++)
        {
            await (await MailApp.PostRawAsync(admin.Client, mailbox, Mail(flood, to, $"Loop {i}", Id("loop")))).ExpectAsync(HttpStatusCode.Created);
        }
        var held = await (await MailApp.PostRawAsync(admin.Client, mailbox, Mail(flood, to, "Loop again", Id("loop")))).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("quarantined", held["outcome"]!.GetValue<string>());
        var quarantineId = held["quarantine_id"]!.GetValue<long>();

        var list = await (await admin.Client.GetAsync("/api/v1/mail/quarantine")).ExpectAsync(HttpStatusCode.OK);
        Assert.Contains(list["items"]!.AsArray(), i => i!["id"]!.GetValue<long>() == quarantineId && i["reason"]!.GetValue<string>().Contains("rate cap", StringComparison.Ordinal));
        var raw = await admin.Client.GetAsync($"/api/v1/mail/quarantine/{quarantineId}/raw");
        Assert.Equal("message/rfc822", raw.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Loop again", await raw.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var retried = await (await admin.Client.PostAsync($"/api/v1/mail/quarantine/{quarantineId}/retry", null)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("created", retried["outcome"]!.GetValue<string>());
        await (await admin.Client.GetAsync($"/api/v1/mail/quarantine/{quarantineId}/raw")).ExpectProblemAsync(HttpStatusCode.NotFound);

        var junk = await (await MailApp.PostRawAsync(admin.Client, mailbox, "\u0001\u0002\u0003\u0004 \u0005\u0006\u0007\u0008")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("quarantined", junk["outcome"]!.GetValue<string>());
        var junkId = junk["quarantine_id"]!.GetValue<long>();
        await (await admin.Client.PostAsync($"/api/v1/mail/quarantine/{junkId}/retry", null)).ExpectProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.Client.DeleteAsync($"/api/v1/mail/quarantine/{junkId}")).StatusCode);
        var agent = await app.CreateUserAsync(Role.Agent, TokenScope.Write);
        await (await agent.Client.GetAsync("/api/v1/mail/quarantine")).ExpectProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task ASenderOnAHostWithoutADotIsTakenInAndTrulyInvalidSendersAreQuarantined()
    {
        // Cron and monitoring mail from a server's own MTA comes from root@localhost or nagios@monitor.
        var (admin, mailbox, to) = await MailboxAsync();
        var local = $"root-{Guid.NewGuid():N}"[..17] + "@localhost";
        var created = await MailApp.PostRawAsync(admin.Client, mailbox, Mail(local, to, "Cron <root@localhost> backup", Id("cron"), "backup finished"));
        var conversation = await ConversationOfAsync(created, HttpStatusCode.Created);
        var record = await app.WithDbAsync(db => db.MailRecords.AsNoTracking().SingleAsync(r => r.Message!.ConversationId == conversation));
        Assert.Equal(local, record.FromAddress);
        Assert.Equal(1, await app.WithDbAsync(db => db.CustomerIdentities.CountAsync(i => i.Value == local)));

        foreach (var invalid in new[] { "root@", "@localhost", "root@local_host", "root@-localhost", "root@localhost.", "root@.localhost", "root@@localhost" })
        {
            var held = await (await MailApp.PostRawAsync(admin.Client, mailbox, Mail(invalid, to, "Not a sender", Id("invalid")))).ExpectAsync(HttpStatusCode.OK);
            Assert.True(held["outcome"]!.GetValue<string>() == "quarantined", $"{invalid} was {held["outcome"]}");
            Assert.Contains("no usable sender", held["detail"]?.GetValue<string>() ?? held.ToJsonString(), StringComparison.Ordinal);
        }
    }

    public const int MailRateCap = 5;

    [Fact]
    public async Task MailboxesAreForAdminsAndTheirPasswordsNeverComeBack()
    {
        var admin = await app.CreateAdminAsync();
        var address = $"pw-{Guid.NewGuid():N}"[..20] + "@rapport.test";
        var id = await MailApp.CreateMailboxAsync(admin.Client, new
        {
            address,
            imap = new { host = "imap.example.test", port = 993, security = "tls", user = "u", password = "imap-secret-1" },
            smtp = new { host = "smtp.example.test", port = 587, security = "starttls", user = "u", password = "smtp-secret-2" },
        });
        var response = await admin.Client.GetAsync($"/api/v1/mailboxes/{id}");
        var text = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("secret", text, StringComparison.Ordinal);
        var read = await response.ExpectAsync(HttpStatusCode.OK);
        Assert.True(read["imap"]!["password_set"]!.GetValue<bool>());
        Assert.Equal("starttls", read["smtp"]!["security"]!.GetValue<string>());
        var stored = await app.WithDbAsync(db => db.Mailboxes.AsNoTracking().SingleAsync(m => m.Id == id));
        Assert.DoesNotContain("imap-secret-1", stored.ImapPasswordProtected, StringComparison.Ordinal);

        var agent = await app.CreateUserAsync(Role.Agent, TokenScope.Write);
        await (await agent.Client.GetAsync("/api/v1/mailboxes")).ExpectProblemAsync(HttpStatusCode.Forbidden);
        await (await agent.Client.PostJsonAsync("/api/v1/mailboxes", new { address = "x@rapport.test" })).ExpectProblemAsync(HttpStatusCode.Forbidden);
        await (await agent.Client.PostAsync($"/api/v1/mailboxes/{id}/test", null)).ExpectProblemAsync(HttpStatusCode.Forbidden);
        await (await app.CreateClient(null).GetAsync("/api/v1/mailboxes")).ExpectProblemAsync(HttpStatusCode.Unauthorized);
        var reader = await app.CreateUserAsync(Role.Agent, TokenScope.Read);
        await (await MailApp.PostRawAsync(reader.Client, id, Mail(Address("r"), address, "x", Id("r")))).ExpectProblemAsync(HttpStatusCode.Forbidden);
        await (await MailApp.PostRawAsync(app.CreateClient(null), id, Mail(Address("r"), address, "x", Id("r")))).ExpectProblemAsync(HttpStatusCode.Unauthorized);

        var invalid = await (await admin.Client.PostJsonAsync("/api/v1/mailboxes", new { address = "not an address", imap = new { port = 0 } })).ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.NotNull(invalid["errors"]!["address"]);
        Assert.NotNull(invalid["errors"]!["imap.port"]);
    }

    [Fact]
    public async Task TheConnectionTestNamesTheStepThatFailed()
    {
        var admin = await app.CreateAdminAsync();
        var closedPort = FreePort();
        var id = await MailApp.CreateMailboxAsync(admin.Client, new
        {
            address = $"t-{Guid.NewGuid():N}"[..20] + "@rapport.test",
            imap = new { host = "no-such-host.invalid", port = 993, security = "tls", user = "u", password = "p" },
            smtp = new { host = "127.0.0.1", port = closedPort, security = "starttls" },
        });
        var report = await (await admin.Client.PostAsync($"/api/v1/mailboxes/{id}/test", null)).ExpectAsync(HttpStatusCode.OK);
        Assert.False(report["imap"]!["ok"]!.GetValue<bool>());
        Assert.Equal("dns", report["imap"]!["failed_step"]!.GetValue<string>());
        Assert.Empty(report["imap"]!["passed"]!.AsArray());
        Assert.Equal("connect", report["smtp"]!["failed_step"]!.GetValue<string>());
        Assert.Equal(["dns"], report["smtp"]!["passed"]!.AsArray().Select(s => s!.GetValue<string>()));
    }

    [Fact]
    public async Task RemoteImagesAreBlockedUnlessTheAgentAsksForThem()
    {
        var (admin, mailbox, to) = await MailboxAsync();
        var html = """<p>Look</p><img src="https://tracker.example.test/pixel.png" alt="x"><script>alert(1)</script><a href="javascript:alert(1)" onclick="x()">link</a>""";
        var mail = $"From: {Address("img")}\nTo: {to}\nSubject: Pictures\nMessage-ID: <{Id("img")}>\nMIME-Version: 1.0\nContent-Type: text/html; charset=utf-8\n\n{html}\n";
        var created = await (await MailApp.PostRawAsync(admin.Client, mailbox, mail)).ExpectAsync(HttpStatusCode.Created);
        var messageId = created["message_id"]!.GetValue<long>();
        var stored = (await MailApp.MessagesAsync(admin.Client, created["conversation_id"]!.GetValue<long>()))[0]!["body_html"]!.GetValue<string>();
        Assert.DoesNotContain("tracker.example.test", stored, StringComparison.Ordinal);
        Assert.DoesNotContain("script", stored, StringComparison.Ordinal);

        var blocked = await (await admin.Client.GetAsync($"/api/v1/mail/messages/{messageId}")).ExpectAsync(HttpStatusCode.OK);
        Assert.DoesNotContain("tracker.example.test", blocked["html"]!.GetValue<string>(), StringComparison.Ordinal);
        var loaded = await (await admin.Client.GetAsync($"/api/v1/mail/messages/{messageId}?remote_images=true")).ExpectAsync(HttpStatusCode.OK);
        var shown = loaded["html"]!.GetValue<string>();
        Assert.Contains("https://tracker.example.test/pixel.png", shown, StringComparison.Ordinal);
        Assert.DoesNotContain("script", shown, StringComparison.Ordinal);
        Assert.DoesNotContain("javascript:", shown, StringComparison.Ordinal);
        Assert.DoesNotContain("onclick", shown, StringComparison.Ordinal);
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

public sealed class MailIngestTestsOnSqlite(MailSqliteApp app) : MailIngestTests(app), IClassFixture<MailSqliteApp>;

public sealed class MailIngestTestsOnPostgres(MailPostgresApp app) : MailIngestTests(app), IClassFixture<MailPostgresApp>;
