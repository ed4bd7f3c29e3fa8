using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using Rapport.BrowserTests.Infrastructure;
using Rapport.BrowserTests.Pages;
using Rapport.Tests.Features.Mail;

namespace Rapport.BrowserTests;

/// <summary>The e-mail side of the conversation page: HTML mail with remote images held back, the quoted history folded, a refused reply, a bouncing address.</summary>
public sealed class EmailOnTheConversationPageTests(ConsoleServer server) : IClassFixture<ConsoleServer>
{
    private async Task<HttpClient> AdminAsync()
    {
        using var anonymous = new HttpClient { BaseAddress = server.Url };
        var grant = await anonymous.PostAsJsonAsync("/api/v1/auth/token", new { email = ConsoleServer.EnglishAgent, password = ConsoleServer.Password, name = "mail browser tests", scope = "admin" });
        grant.EnsureSuccessStatusCode();
        var admin = new HttpClient { BaseAddress = server.Url };
        admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (await grant.Content.ReadFromJsonAsync<JsonObject>())!["token"]!.GetValue<string>());
        return admin;
    }

    private static async Task<JsonObject> PostRawAsync(HttpClient client, long mailbox, string raw)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(raw.ReplaceLineEndings("\r\n")));
        content.Headers.ContentType = new MediaTypeHeaderValue("message/rfc822");
        var response = await client.PostAsync($"/api/v1/mailboxes/{mailbox}/raw", content);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    [Fact]
    public async Task AnHtmlMailShowsWithItsImagesHeldBackAndItsHistoryFoldedAndARefusedReplySaysSo()
    {
        await using var smtp = new RefusingSmtpServer();
        using var admin = await AdminAsync();
        var marker = Guid.NewGuid().ToString("N")[..8];
        var to = $"support-{marker}@rapport.test";
        var customer = $"lilit-{marker}@customer.test";
        var created = await admin.PostAsJsonAsync("/api/v1/mailboxes", new
        {
            address = to,
            display_name = "Support",
            smtp = new { host = "127.0.0.1", port = smtp.Port, security = "none" },
        });
        created.EnsureSuccessStatusCode();
        var mailbox = (await created.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<long>();
        var inbound = await PostRawAsync(admin, mailbox, $"""
            From: Lilit <{customer}>
            To: {to}
            Subject: Re: Parcel {marker}
            Message-ID: <{marker}@customer.test>
            MIME-Version: 1.0
            Content-Type: text/html; charset=utf-8

            <div dir="ltr">The parcel came today, <b>thank you</b>.<img src="https://tracker.example.test/{marker}.png" alt="pixel"></div><div class="gmail_quote"><div class="gmail_attr">On Mon, 23 Nov 2026, Support wrote:</div><blockquote class="gmail_quote">Your order left our warehouse.</blockquote></div>
            """);
        var conversationId = inbound["conversation_id"]!.GetValue<long>();

        await using var watched = await server.NewPageAsync();
        await new SignInPage(watched.Page).SignInAsync(ConsoleServer.EnglishAgent, ConsoleServer.Password);
        var conversation = new ConversationPage(watched.Page);
        await conversation.OpenAsync(conversationId);

        var customerMail = conversation.Message("The parcel came today");
        await Assertions.Expect(customerMail.Locator("[data-field=email-html] b")).ToHaveTextAsync("thank you");
        await Assertions.Expect(customerMail.Locator("img[src^='https:']")).ToHaveCountAsync(0);
        var history = customerMail.Locator("[data-field=quoted-history]");
        await Assertions.Expect(history).Not.ToHaveAttributeAsync("open", "");
        await Assertions.Expect(history.GetByText("Your order left our warehouse.")).ToBeHiddenAsync();
        await history.GetByText("Quoted history").ClickAsync();
        await Assertions.Expect(history.GetByText("Your order left our warehouse.")).ToBeVisibleAsync();

        await conversation.ReplyAsync($"Glad it arrived {marker}.");
        var reply = conversation.Message($"Glad it arrived {marker}.");
        var delivery = reply.Locator("[data-field=delivery]");
        await Assertions.Expect(delivery).ToHaveAttributeAsync("data-status", "failed", new() { Timeout = 30_000 });
        await Assertions.Expect(delivery).ToContainTextAsync("Not delivered");
        await Assertions.Expect(delivery.Locator("[data-field=smtp-reply]")).ToContainTextAsync("550 5.1.1");
        await watched.ScreenshotAsync("conversation-email-en");

        await PostRawAsync(admin, mailbox, $"""
            From: Mail Delivery System <MAILER-DAEMON@mx.customer.test>
            To: {to}
            Subject: Undelivered Mail Returned to Sender
            Message-ID: <bounce-{marker}@mx.customer.test>
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
            """);
        await conversation.OpenAsync(conversationId);
        await Assertions.Expect(watched.Page.Locator("[data-field=bouncing-address]")).ToContainTextAsync(customer);
        watched.AssertNothingRanOrFailed();

        // Last, because the image cannot load here (no network) and the browser logs that as an error.
        await customerMail.GetByRole(AriaRole.Button, new() { Name = "Load images" }).ClickAsync();
        await Assertions.Expect(customerMail.Locator($"img[src='https://tracker.example.test/{marker}.png']")).ToHaveCountAsync(1);
        Assert.All(watched.Errors, e => Assert.Contains("Failed to load resource", e, StringComparison.Ordinal));
    }
}
