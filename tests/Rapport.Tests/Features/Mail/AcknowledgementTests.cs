using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rapport.Features.Mail.Acknowledgements;
using Rapport.Features.Mail.Ingest;
using Rapport.Features.Mail.Parsing;
using Rapport.Features.Mail.Sending;
using Rapport.Tests.Features.Conversations;
using Rapport.Tests.Infrastructure;

namespace Rapport.Tests.Features.Mail;

/// <summary>The acknowledgement a new e-mail conversation gets: once, in the customer's language, with its standard and status link; never to robots or loops.</summary>
public abstract partial class AcknowledgementTests(MailApp app)
{
    private static string Id(string what) => $"{what}-{Guid.NewGuid():N}@customer.test";

    private static string Address(string who) => $"{who}-{Guid.NewGuid():N}"[..20] + "@customer.test";

    private static string Mail(string from, string to, string subject, string messageId, params string[] headers) =>
        $"From: {from}\nTo: {to}\nSubject: {subject}\nMessage-ID: <{messageId}>\nDate: Mon, 23 Nov 2026 10:00:00 +0000\n{string.Concat(headers.Select(h => h + "\n"))}\nHello, I need help.\n";

    /// <summary>A mailbox that can send (its server is away, so nothing leaves) with acknowledgements on unless told otherwise.</summary>
    private async Task<(TestUser Admin, long Mailbox, string Address)> MailboxAsync(bool acknowledge = true, long? teamId = null)
    {
        var admin = await app.CreateAdminAsync();
        var address = $"ack-{Guid.NewGuid():N}"[..20] + "@rapport.test";
        var id = await MailApp.CreateMailboxAsync(admin.Client, new
        {
            address,
            display_name = "Support",
            team_id = teamId,
            send_acknowledgements = acknowledge,
            smtp = new { host = "127.0.0.1", port = 9, security = "none" },
        });
        return (admin, id, address);
    }

    private async Task<long> NewConversationAsync(TestUser admin, long mailbox, string raw)
    {
        var body = await (await MailApp.PostRawAsync(admin.Client, mailbox, raw, acknowledge: true)).ExpectAsync(HttpStatusCode.Created);
        return body["conversation_id"]!.GetValue<long>();
    }

    private Task<int> AcknowledgementsAsync(long conversationId) => app.WithDbAsync(async db =>
        await db.Acknowledgements.CountAsync(a => a.ConversationId == conversationId)
        + await db.Outbox.CountAsync(o => o.Kind == AcknowledgementQueue.OutboxKind && o.Message!.ConversationId == conversationId));

    private async Task<OutgoingMail> ComposeAsync(long conversationId)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<Rapport.Data.RapportDb>();
        var acknowledgement = await db.Acknowledgements.AsNoTracking().SingleAsync(a => a.ConversationId == conversationId);
        var mailbox = await db.Mailboxes.AsNoTracking().SingleAsync(m => m.Id == acknowledgement.MailboxId);
        var delivery = scope.ServiceProvider.GetServices<Rapport.Features.Outbox.IOutboxHandler>().OfType<AcknowledgementDelivery>().Single();
        return await delivery.ComposeAsync(acknowledgement, mailbox, CancellationToken.None);
    }

    [Fact]
    public async Task ASenderWithoutANameIsGreetedWithoutAnEmptyName()
    {
        var (admin, mailbox, to) = await MailboxAsync();
        var conversation = await NewConversationAsync(admin, mailbox, Mail(Address("nameless"), to, "Help", Id("nameless")));

        var body = MailParser.Parse(MimeWriter.Write(await ComposeAsync(conversation))).TextBody!;

        Assert.StartsWith("Hello", body, StringComparison.Ordinal);
        Assert.DoesNotContain("Hello ,", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ANewMailGetsOneAcknowledgementInPersianWithItsStandardAndAStatusLinkThatWorks()
    {
        var team = await ConversationScenarios.CreateTeamAsync(app);
        var (admin, mailbox, to) = await MailboxAsync(teamId: team);
        await (await admin.Client.PostJsonAsync("/api/v1/sla/policies", new
        {
            name = $"Ack {team}",
            conditions = new { team_ids = new[] { team } },
            targets = new object[]
            {
                new { priority = "normal", kind = "first_reply", minutes = 120, business_time = false },
                new { priority = "urgent", kind = "first_reply", minutes = 5, business_time = false },
            },
        })).ExpectAsync(HttpStatusCode.Created);
        var customer = Address("sara");
        await (await admin.Client.PostJsonAsync("/api/v1/customers", new { full_name = "سارا احمدی", language = "fa-IR", emails = new[] { customer } }))
            .ExpectAsync(HttpStatusCode.Created);
        var first = Id("first");

        var conversation = await NewConversationAsync(admin, mailbox, Mail(customer, to, "سفارش من", first));

        Assert.Equal(2, await AcknowledgementsAsync(conversation));
        var mail = await ComposeAsync(conversation);
        var parsed = MailParser.Parse(MimeWriter.Write(mail));
        Assert.Equal($"Re: سفارش من [#{conversation}]", parsed.Subject);
        Assert.Equal([first], parsed.InReplyTo);
        Assert.Equal(to, parsed.From!.Address);
        Assert.Equal(customer, parsed.To.Single().Address);
        // Marked as an automatic answer, which our own parser (like any robot's) recognises.
        Assert.Equal(AutoReplyKind.AutoReply, parsed.AutoReply);
        Assert.Contains("X-Auto-Response-Suppress: All", System.Text.Encoding.ASCII.GetString(MimeWriter.Write(mail)), StringComparison.Ordinal);
        // The standard is the public standards' own line for this policy and priority, in Persian; the urgent line is not this conversation's.
        var published = await (await admin.Client.GetAsync("/api/v1/sla/standards?lang=fa")).ExpectAsync(HttpStatusCode.OK);
        var lines = published["policies"]!.AsArray().Single(p => p!["name"]!.GetValue<string>() == $"Ack {team}")!["lines"]!.AsArray()
            .ToDictionary(l => l!["priority"]!.GetValue<string>(), l => l!["text"]!.GetValue<string>());
        Assert.Contains("سلام سارا احمدی", parsed.TextBody, StringComparison.Ordinal);
        Assert.Contains(lines["normal"], parsed.TextBody, StringComparison.Ordinal);
        Assert.Contains("۲ ساعت", lines["normal"], StringComparison.Ordinal);
        Assert.DoesNotContain(lines["urgent"], parsed.TextBody, StringComparison.Ordinal);
        Assert.Contains("dir=\"rtl\"", parsed.HtmlBody, StringComparison.Ordinal);

        var link = StatusLink().Match(parsed.TextBody!);
        Assert.True(link.Success, parsed.TextBody);
        var page = await app.CreateClient((string?)null).GetAsync(new Uri(link.Value).PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("dir=\"rtl\"", html, StringComparison.Ordinal);
        Assert.Contains("سفارش من", html, StringComparison.Ordinal);
        Assert.Contains(lines["normal"], html, StringComparison.Ordinal);

        // The customer's answer to the acknowledgement threads into the conversation and gets none of its own.
        var answer = await (await MailApp.PostRawAsync(admin.Client, mailbox, Mail(customer, to, "Re: سفارش من", Id("answer"), $"In-Reply-To: <{mail.MessageId}>")))
            .ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(conversation, answer["conversation_id"]!.GetValue<long>());
        Assert.Equal(2, await AcknowledgementsAsync(conversation));
    }

    [Fact]
    public async Task RobotsBouncesAndBouncingAddressesGetNoAcknowledgement()
    {
        var (admin, mailbox, to) = await MailboxAsync();
        var autoReply = await NewConversationAsync(admin, mailbox, Mail(Address("ooo"), to, "Out of office", Id("ooo"), "Auto-Submitted: auto-replied"));
        var list = await NewConversationAsync(admin, mailbox, Mail(Address("list"), to, "Newsletter", Id("list"), "List-Id: <news.customer.test>"));
        var bulk = await NewConversationAsync(admin, mailbox, Mail(Address("bulk"), to, "Offer", Id("bulk"), "Precedence: bulk"));
        var daemon = await NewConversationAsync(admin, mailbox, Mail("MAILER-DAEMON@mx.customer.test", to, "Notice", Id("daemon")));
        var noReply = await NewConversationAsync(admin, mailbox, Mail("no-reply@shop.customer.test", to, "Your receipt", Id("noreply")));
        var bouncing = Address("gone");
        await app.WithDbAsync(db =>
        {
            db.BouncingAddresses.Add(new BouncingAddress { Address = bouncing, FirstBouncedAt = DateTime.UtcNow, LastBouncedAt = DateTime.UtcNow, Bounces = 1, Permanent = true });
            return db.SaveChangesAsync();
        });
        var toBouncing = await NewConversationAsync(admin, mailbox, Mail(bouncing, to, "Hello again", Id("bouncing")));
        var dsn = $"""
            From: Mail Delivery System <MAILER-DAEMON@mx.customer.test>
            To: {to}
            Subject: Undelivered Mail Returned to Sender
            Message-ID: <{Id("bounce")}>
            MIME-Version: 1.0
            Content-Type: multipart/report; report-type=delivery-status; boundary="b"

            --b
            Content-Type: message/delivery-status

            Reporting-MTA: dns; mx.customer.test

            Final-Recipient: rfc822; {Address("lost")}
            Action: failed
            Status: 5.1.1

            --b--
            """;
        var bounce = await (await MailApp.PostRawAsync(admin.Client, mailbox, dsn)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("bounce", bounce["outcome"]!.GetValue<string>());

        foreach (var conversation in new[] { autoReply, list, bulk, daemon, noReply, toBouncing })
        {
            Assert.Equal(0, await AcknowledgementsAsync(conversation));
        }
        Assert.Equal(0, await app.WithDbAsync(db => db.Acknowledgements.CountAsync(a => a.MailboxId == mailbox)));
        // A person's mail to the same mailbox does get one: the mailbox was not simply unable to.
        Assert.Equal(2, await AcknowledgementsAsync(await NewConversationAsync(admin, mailbox, Mail(Address("person"), to, "Question", Id("person")))));
    }

    [Fact]
    public async Task AMailboxSendsNoneUntilAnAdminTurnsItOn()
    {
        var (admin, mailbox, to) = await MailboxAsync(acknowledge: false);
        var created = await (await admin.Client.GetAsync($"/api/v1/mailboxes/{mailbox}")).ExpectAsync(HttpStatusCode.OK);
        Assert.False(created["send_acknowledgements"]!.GetValue<bool>());
        Assert.Equal(0, await AcknowledgementsAsync(await NewConversationAsync(admin, mailbox, Mail(Address("off"), to, "Before", Id("off")))));

        // Without the setting at all, a new mailbox is off too.
        var plain = await MailApp.CreateMailboxAsync(admin.Client, new { address = $"plain-{Guid.NewGuid():N}"[..20] + "@rapport.test" });
        Assert.False((await (await admin.Client.GetAsync($"/api/v1/mailboxes/{plain}")).ExpectAsync(HttpStatusCode.OK))["send_acknowledgements"]!.GetValue<bool>());

        var changed = await (await admin.Client.PatchJsonAsync($"/api/v1/mailboxes/{mailbox}", new { send_acknowledgements = true })).ExpectAsync(HttpStatusCode.OK);
        Assert.True(changed["send_acknowledgements"]!.GetValue<bool>());
        Assert.Equal(2, await AcknowledgementsAsync(await NewConversationAsync(admin, mailbox, Mail(Address("on"), to, "After", Id("on")))));

        var agent = await app.CreateUserAsync();
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.Client.PatchJsonAsync($"/api/v1/mailboxes/{mailbox}", new { send_acknowledgements = false })).StatusCode);
    }

    [Fact]
    public async Task AnAdminTurnsAcknowledgementsOnAndOffInTheConsole()
    {
        var (admin, mailbox, _) = await MailboxAsync(acknowledge: false);
        var (browser, antiforgery) = await Rapport.Tests.Features.Accounts.Forms.SignedInAsync(app, admin.Email);
        var page = await browser.GetStringAsync("/admin/mailboxes");
        Assert.Contains($"data-mailbox-id=\"{mailbox}\" data-acknowledgements=\"off\"", page, StringComparison.Ordinal);

        var turnedOn = await Rapport.Tests.Features.Accounts.Forms.PostConsoleFormAsync(browser, "/admin/mailboxes", $"mailbox-ack-{mailbox}", antiforgery);
        Assert.Equal(HttpStatusCode.Redirect, turnedOn.StatusCode);
        Assert.True((await (await admin.Client.GetAsync($"/api/v1/mailboxes/{mailbox}")).ExpectAsync(HttpStatusCode.OK))["send_acknowledgements"]!.GetValue<bool>());
        Assert.Contains($"data-mailbox-id=\"{mailbox}\" data-acknowledgements=\"on\"", await browser.GetStringAsync("/admin/mailboxes"), StringComparison.Ordinal);

        var agent = await app.CreateUserAsync();
        var (agentBrowser, _) = await Rapport.Tests.Features.Accounts.Forms.SignedInAsync(app, agent.Email);
        Assert.NotEqual(HttpStatusCode.OK, (await agentBrowser.GetAsync("/admin/mailboxes")).StatusCode);
    }

    [Fact]
    public async Task OneSenderGetsAtMostThreeAnHour()
    {
        var (admin, mailbox, to) = await MailboxAsync();
        var sender = Address("loop");
        var conversations = new List<long>();
        for (var i = 0; i < 4; i++)
        {
            conversations.Add(await NewConversationAsync(admin, mailbox, Mail(sender, to, $"Topic {i}", Id($"loop{i}"))));
        }
        var counts = await Task.WhenAll(conversations.Select(AcknowledgementsAsync));
        Assert.Equal(new[] { 2, 2, 2, 0 }, counts);
        Assert.Equal(3, await app.WithDbAsync(db => db.Acknowledgements.CountAsync(a => a.Recipient == sender)));

        app.Clock.Advance(TimeSpan.FromMinutes(61));
        Assert.Equal(2, await AcknowledgementsAsync(await NewConversationAsync(admin, mailbox, Mail(sender, to, "Topic later", Id("later")))));
    }

    [Fact]
    public async Task TheAcknowledgementIsLoggedOnTheConversationWhenSentOrWhenItFails()
    {
        var (admin, mailbox, to) = await MailboxAsync();
        var conversation = await NewConversationAsync(admin, mailbox, Mail(Address("log"), to, "Logged", Id("log")));
        var item = await app.WithDbAsync(db => db.Outbox.AsNoTracking().SingleAsync(o => o.Kind == AcknowledgementQueue.OutboxKind && o.Message!.ConversationId == conversation));
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<Rapport.Data.RapportDb>();
        var delivery = scope.ServiceProvider.GetServices<Rapport.Features.Outbox.IOutboxHandler>().OfType<AcknowledgementDelivery>().Single();
        await delivery.OnDeliveredAsync(db, item, app.Clock.GetUtcNow().UtcDateTime, CancellationToken.None);
        await db.SaveChangesAsync();
        var logged = (await ConversationScenarios.ActivitiesAsync(app, conversation)).Single(a => a.Kind == "conversation.acknowledgement_sent");
        Assert.Contains("\"to\":\"log-", logged.Data, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"https?://\S+/status/\S+")]
    private static partial Regex StatusLink();
}

public sealed class AcknowledgementTestsOnSqlite(MailSqliteApp app) : AcknowledgementTests(app), IClassFixture<MailSqliteApp>;

public sealed class AcknowledgementTestsOnPostgres(MailPostgresApp app) : AcknowledgementTests(app), IClassFixture<MailPostgresApp>;
