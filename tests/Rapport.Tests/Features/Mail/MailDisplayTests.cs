using System.Net;
using Rapport.Features.Mail.Ingest;
using Rapport.Tests.Infrastructure;

namespace Rapport.Tests.Features.Mail;

/// <summary>What ingest prepares for showing a mail: inline images linked to their stored files, the quoted history kept apart.</summary>
public abstract class MailDisplayTests(MailApp app)
{
    private static string Unique(string what) => $"{what}-{Guid.NewGuid():N}"[..24];

    private async Task<(TestUser Admin, long Mailbox, string To)> MailboxAsync()
    {
        var admin = await app.CreateAdminAsync();
        var address = Unique("support") + "@rapport.test";
        return (admin, await MailApp.CreateMailboxAsync(admin.Client, new { address, display_name = "Support" }), address);
    }

    // A 1×1 PNG.
    private const string Png = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=";

    [Fact]
    public async Task InlineImagesPointAtTheAttachmentsTheyWereStoredAs()
    {
        var (admin, mailbox, to) = await MailboxAsync();
        var mail = $"""
            From: {Unique("pic")}@customer.test
            To: {to}
            Subject: Screenshot
            Message-ID: <{Unique("cid")}@customer.test>
            MIME-Version: 1.0
            Content-Type: multipart/related; boundary="rel"

            --rel
            Content-Type: text/html; charset=utf-8

            <p>See the error:</p><img src="cid:shot%40phone" alt="screenshot"><img src="cid:missing@phone" alt="gone">
            --rel
            Content-Type: image/png; name="shot.png"
            Content-Transfer-Encoding: base64
            Content-ID: <shot@phone>
            Content-Disposition: inline; filename="shot.png"

            {Png}
            --rel--
            """;
        var created = await (await MailApp.PostRawAsync(admin.Client, mailbox, mail)).ExpectAsync(HttpStatusCode.Created);
        var message = (await MailApp.MessagesAsync(admin.Client, created["conversation_id"]!.GetValue<long>()))[0]!;
        var attachment = message["attachments"]!.AsArray().Single()!;
        var url = attachment["url"]!.GetValue<string>();
        Assert.Equal(InlineImages.Url(attachment["id"]!.GetValue<long>()), url);

        var html = message["body_html"]!.GetValue<string>();
        Assert.Contains($"src=\"{url}\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("cid:shot", html, StringComparison.Ordinal);
        var facts = await (await admin.Client.GetAsync($"/api/v1/mail/messages/{message["id"]}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Contains($"src=\"{url}\"", facts["html"]!.GetValue<string>(), StringComparison.Ordinal);

        var image = await admin.Client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, image.StatusCode);
        Assert.Equal(Convert.FromBase64String(Png), await image.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task TheQuotedHistoryIsKeptApartFromTheNewText()
    {
        var (admin, mailbox, to) = await MailboxAsync();
        var mail = $"""
            From: {Unique("reply")}@customer.test
            To: {to}
            Subject: Re: Order 1234
            Message-ID: <{Unique("quoted")}@customer.test>
            MIME-Version: 1.0
            Content-Type: multipart/alternative; boundary="alt"

            --alt
            Content-Type: text/plain; charset=utf-8

            The parcel came today, thank you.

            On Mon, 23 Nov 2026 at 10:00, Support <{to}> wrote:
            > Your order left our warehouse.
            --alt
            Content-Type: text/html; charset=utf-8

            <div dir="ltr">The parcel came today, thank you.</div><div class="gmail_quote"><div class="gmail_attr">On Mon, 23 Nov 2026 at 10:00, Support wrote:</div><blockquote class="gmail_quote">Your order left our warehouse.<img src="https://tracker.example.test/p.png"></blockquote></div>
            --alt--
            """;
        var created = await (await MailApp.PostRawAsync(admin.Client, mailbox, mail)).ExpectAsync(HttpStatusCode.Created);
        var message = (await MailApp.MessagesAsync(admin.Client, created["conversation_id"]!.GetValue<long>()))[0]!;
        Assert.Equal("The parcel came today, thank you.", message["body_text"]!.GetValue<string>());
        Assert.DoesNotContain("warehouse", message["body_html"]!.GetValue<string>(), StringComparison.Ordinal);

        var facts = await (await admin.Client.GetAsync($"/api/v1/mail/messages/{message["id"]}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Contains("> Your order left our warehouse.", facts["history_text"]!.GetValue<string>(), StringComparison.Ordinal);
        var history = facts["history_html"]!.GetValue<string>();
        Assert.Contains("Your order left our warehouse.", history, StringComparison.Ordinal);
        Assert.DoesNotContain("tracker.example.test", history, StringComparison.Ordinal);
        Assert.True(facts["blocked_images"]!.GetValue<bool>());

        var loaded = await (await admin.Client.GetAsync($"/api/v1/mail/messages/{message["id"]}?remote_images=true")).ExpectAsync(HttpStatusCode.OK);
        Assert.Contains("https://tracker.example.test/p.png", loaded["history_html"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.False(loaded["blocked_images"]!.GetValue<bool>());
    }

    [Fact]
    public async Task AMailWithoutQuotedHistoryHasNone()
    {
        var (admin, mailbox, to) = await MailboxAsync();
        var mail = $"From: {Unique("plain")}@customer.test\nTo: {to}\nSubject: Hello\nMessage-ID: <{Unique("plain")}@customer.test>\n\nJust a question.\n> not a quote: more text follows\nThe end.\n";
        var created = await (await MailApp.PostRawAsync(admin.Client, mailbox, mail)).ExpectAsync(HttpStatusCode.Created);
        var facts = await (await admin.Client.GetAsync($"/api/v1/mail/messages/{created["message_id"]}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Null(facts["history_text"]);
        Assert.Null(facts["history_html"]);
        Assert.False(facts["blocked_images"]!.GetValue<bool>());
        var message = (await MailApp.MessagesAsync(admin.Client, created["conversation_id"]!.GetValue<long>()))[0]!;
        Assert.Contains("The end.", message["body_text"]!.GetValue<string>(), StringComparison.Ordinal);
    }
}

public sealed class MailDisplayTestsOnSqlite(MailSqliteApp app) : MailDisplayTests(app), IClassFixture<MailSqliteApp>;

public sealed class MailDisplayTestsOnPostgres(MailPostgresApp app) : MailDisplayTests(app), IClassFixture<MailPostgresApp>;
