using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using Rapport.BrowserTests.Infrastructure;
using Rapport.BrowserTests.Pages;

namespace Rapport.BrowserTests;

/// <summary>The conversation page in Chromium: replying, live updates, presence, transfers, light agents and hostile text.</summary>
public sealed class ConversationPageTests(ConsoleServer server) : IClassFixture<ConsoleServer>
{
    [Fact]
    public async Task OpeningAConversationFromTheInboxAndReplyingShowsTheReplyAndTheNewStatus()
    {
        var marker = Guid.NewGuid().ToString("N")[..8];
        var subject = $"Invoice in the wrong currency {marker}";
        await server.CreateConversationAsync(subject, "Ani Ōtsuka-Hakobyan", $"ani-{marker}@example.com");
        await using var watched = await server.NewPageAsync();
        var inbox = await new SignInPage(watched.Page).SignInAsync(ConsoleServer.EnglishAgent, ConsoleServer.Password);
        await inbox.OpenViewAsync("All open");

        await inbox.Row(subject).GetByRole(AriaRole.Link, new() { Name = subject }).ClickAsync();
        var conversation = new ConversationPage(watched.Page);
        await conversation.WaitUntilLiveAsync();
        await Assertions.Expect(conversation.Heading).ToHaveTextAsync(subject);
        await Assertions.Expect(conversation.CustomerName).ToHaveTextAsync("Ani Ōtsuka-Hakobyan");
        await Assertions.Expect(conversation.Message("Hello").Locator(".author")).ToHaveTextAsync("Ani Ōtsuka-Hakobyan");
        await Assertions.Expect(conversation.Status).ToHaveTextAsync("New");

        await conversation.ReplyAsync($"We have corrected the invoice {marker}.", thenStatus: "Pending");

        var reply = conversation.Message($"We have corrected the invoice {marker}.");
        await Assertions.Expect(reply).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("message-outbound"));
        await Assertions.Expect(reply.Locator(".author")).ToHaveTextAsync("Ani Hakobyan");
        await Assertions.Expect(conversation.Status).ToHaveTextAsync("Pending");
        await Assertions.Expect(conversation.ComposerText).ToHaveValueAsync("");
        await Assertions.Expect(watched.Page.Locator(".timeline")).ToContainTextAsync("Status changed");

        await conversation.NoteAsync($"Checked with billing {marker}");
        await Assertions.Expect(conversation.Message($"Checked with billing {marker}")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("message-note"));
        await watched.ScreenshotAsync("conversation-en");
        await watched.Page.SetViewportSizeAsync(390, 844);
        await watched.ScreenshotAsync("conversation-en-phone");
        watched.AssertNothingRanOrFailed();
    }

    [Fact]
    public async Task AnEmptyReplyIsRefusedAtTheField()
    {
        var id = await server.CreateConversationAsync($"Empty reply {Guid.NewGuid():N}", "Tigran", $"t-{Guid.NewGuid():N}@example.com");
        await using var watched = await server.NewPageAsync();
        await new SignInPage(watched.Page).SignInAsync(ConsoleServer.EnglishAgent, ConsoleServer.Password);
        var conversation = new ConversationPage(watched.Page);
        await conversation.OpenAsync(id);

        await conversation.SendReplyButton.ClickAsync();

        await Assertions.Expect(watched.Page.Locator("#composer-error")).ToHaveTextAsync("Write something first.");
        await Assertions.Expect(conversation.ComposerText).ToHaveAttributeAsync("aria-invalid", "true");
        watched.AssertNothingRanOrFailed();
    }

    [Fact]
    public async Task AMessagePostedThroughTheApiAppearsWithinTwoSecondsAndWarnsTheAgentWhoIsWriting()
    {
        var id = await server.CreateConversationAsync($"Where is my parcel {Guid.NewGuid():N}", "Sara Ahmadi", $"sara-{Guid.NewGuid():N}@example.com");
        await using var watched = await server.NewPageAsync();
        await new SignInPage(watched.Page).SignInAsync(ConsoleServer.EnglishAgent, ConsoleServer.Password);
        var conversation = new ConversationPage(watched.Page);
        await conversation.OpenAsync(id);
        var loads = 0;
        watched.Page.Load += (_, _) => loads++;
        await conversation.ComposerText.FillAsync("Let me check the tracking number");

        var text = $"It is still not here {Guid.NewGuid():N}";
        var posted = await server.Api.PostAsJsonAsync($"/api/v1/conversations/{id}/inbound", new { body_text = text });
        posted.EnsureSuccessStatusCode();

        await Assertions.Expect(conversation.Message(text)).ToBeVisibleAsync(new() { Timeout = 2000 });
        await Assertions.Expect(conversation.InboundWarning).ToBeVisibleAsync();
        await Assertions.Expect(conversation.ComposerText).ToHaveValueAsync("Let me check the tracking number");
        Assert.Equal(0, loads);
        watched.AssertNothingRanOrFailed();
    }

    [Fact]
    public async Task TwoAgentsSeeEachOthersPresenceAndTyping()
    {
        var id = await server.CreateConversationAsync($"Presence {Guid.NewGuid():N}", "Hasmik", $"h-{Guid.NewGuid():N}@example.com");
        await using var first = await server.NewPageAsync();
        await using var second = await server.NewPageAsync();
        await new SignInPage(first.Page).SignInAsync(ConsoleServer.EnglishAgent, ConsoleServer.Password);
        await new SignInPage(second.Page).SignInAsync(ConsoleServer.PersianAgent, ConsoleServer.Password);
        var ani = new ConversationPage(first.Page);
        var dara = new ConversationPage(second.Page);

        await ani.OpenAsync(id);
        await Assertions.Expect(ani.Viewers).ToHaveCountAsync(0);
        await dara.OpenAsync(id);

        await Assertions.Expect(ani.Viewers).ToContainTextAsync("Dara Rostami");
        await Assertions.Expect(dara.Viewers).ToContainTextAsync("Ani Hakobyan");
        await dara.ComposerText.PressSequentiallyAsync("On it");
        await Assertions.Expect(ani.Typing).ToContainTextAsync("Dara Rostami");

        await second.Page.GotoAsync("/");
        await Assertions.Expect(ani.Viewers).ToHaveCountAsync(0);
        await Assertions.Expect(ani.Typing).ToHaveCountAsync(0);
        first.AssertNothingRanOrFailed();
        second.AssertNothingRanOrFailed();
    }

    [Fact]
    public async Task TransferWithAReasonShowsTheCountAndWarnsBeforeTheThird()
    {
        var admin = await AdminApiAsync();
        var billing = await CreateTeamAsync(admin, $"Billing {Guid.NewGuid():N}"[..16]);
        var shipping = await CreateTeamAsync(admin, $"Shipping {Guid.NewGuid():N}"[..17]);
        var id = await server.CreateConversationAsync($"Transfer me {Guid.NewGuid():N}", "Karen", $"k-{Guid.NewGuid():N}@example.com");
        await using var watched = await server.NewPageAsync();
        await new SignInPage(watched.Page).SignInAsync(ConsoleServer.EnglishAgent, ConsoleServer.Password);
        var conversation = new ConversationPage(watched.Page);
        await conversation.OpenAsync(id);
        await Assertions.Expect(conversation.Transfers).ToHaveTextAsync("Transfers: 0");

        await conversation.TransferAsync(billing, "");
        await Assertions.Expect(conversation.TransferFieldError).ToHaveTextAsync("Say why the conversation is transferred.");
        await Assertions.Expect(conversation.Transfers).ToHaveTextAsync("Transfers: 0");

        await conversation.TransferAsync(billing, "A refund question");
        await Assertions.Expect(conversation.Transfers).ToHaveTextAsync("Transfers: 1");
        await Assertions.Expect(conversation.TransferWarning).ToHaveCountAsync(0);
        await conversation.TransferAsync(shipping, "The parcel is lost, not the money");
        await Assertions.Expect(conversation.Transfers).ToHaveTextAsync("Transfers: 2");
        await Assertions.Expect(conversation.TransferWarning).ToContainTextAsync("transfer number 3");
        await Assertions.Expect(watched.Page.Locator(".timeline")).ToContainTextAsync("Transferred");
        watched.AssertNothingRanOrFailed();
    }

    [Fact]
    public async Task ALightAgentSeesNoPublicReplyButMayAddANote()
    {
        var admin = await AdminApiAsync();
        var id = await server.CreateConversationAsync($"Light agent {Guid.NewGuid():N}", "Narek", $"n-{Guid.NewGuid():N}@example.com");
        await using var watched = await server.NewPageAsync();
        await SignInThroughInviteAsync(admin, watched.Page, "light_agent", "Lilit Light");
        var conversation = new ConversationPage(watched.Page);
        await conversation.OpenAsync(id);

        await Assertions.Expect(conversation.PublicReplyOption).ToHaveCountAsync(0);
        await Assertions.Expect(conversation.SendReplyButton).ToHaveCountAsync(0);
        await conversation.NoteAsync("Customer called, asked for a callback");
        await Assertions.Expect(conversation.Message("Customer called, asked for a callback")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("message-note"));
        watched.AssertNothingRanOrFailed();
    }

    [Fact]
    public async Task ScriptsImagesAndJavascriptLinksInAMessageRunNothing()
    {
        var marker = Guid.NewGuid().ToString("N");
        var id = await server.CreateConversationAsync($"Hostile {marker}", "<b>Mallory</b>", $"m-{marker}@example.com");
        const string html = "<p>Hi <script>alert('script')</script><img src=x onerror=\"alert('img')\"> " +
            "<a href=\"javascript:alert('link')\">click</a></p>";
        const string text = "<script>alert('text')</script><img src=x onerror=alert('text-img')> <a href=\"javascript:alert(1)\">here</a>";
        (await server.Api.PostAsJsonAsync($"/api/v1/conversations/{id}/inbound", new { body_html = html })).EnsureSuccessStatusCode();
        (await server.Api.PostAsJsonAsync($"/api/v1/conversations/{id}/inbound", new { body_text = text })).EnsureSuccessStatusCode();
        await using var watched = await server.NewPageAsync();
        await new SignInPage(watched.Page).SignInAsync(ConsoleServer.EnglishAgent, ConsoleServer.Password);
        var conversation = new ConversationPage(watched.Page);

        await conversation.OpenAsync(id);

        await Assertions.Expect(conversation.Message("alert('text')")).ToContainTextAsync(text);
        await Assertions.Expect(conversation.CustomerName).ToHaveTextAsync("<b>Mallory</b>");
        await Assertions.Expect(watched.Page.Locator("main script, main img, main iframe, a[href^='javascript']")).ToHaveCountAsync(0);
        foreach (var link in await conversation.Messages.Locator("a").AllAsync())
        {
            await link.ClickAsync(new() { Force = true, Timeout = 2000 });
        }
        await watched.Page.WaitForTimeoutAsync(500);
        watched.AssertNothingRanOrFailed();
    }

    [Fact]
    public async Task InPersianThePageIsRightToLeftWithJalaliTimesAfterItGoesLive()
    {
        var admin = await AdminApiAsync();
        var id = await server.CreateConversationAsync($"سفارش {Guid.NewGuid():N}", "سارا احمدی", $"s-{Guid.NewGuid():N}@example.com");
        await using var watched = await server.NewPageAsync();
        var inbox = await SignInThroughInviteAsync(admin, watched.Page, "agent", "Parisa Persian");
        await inbox.SwitchLanguageAsync("فارسی");
        var conversation = new ConversationPage(watched.Page);
        await conversation.OpenAsync(id);
        (await server.Api.PostAsJsonAsync($"/api/v1/conversations/{id}/inbound", new { body_text = "Samsung Galaxy S24 رسید؟" })).EnsureSuccessStatusCode();
        await Assertions.Expect(conversation.Message("Samsung Galaxy S24")).ToBeVisibleAsync();

        Assert.Equal("rtl", await watched.Page.Locator("html").GetAttributeAsync("dir"));
        var time = conversation.Message("Samsung Galaxy S24").Locator("time");
        var shown = await time.InnerTextAsync();
        var instant = DateTime.Parse(await time.GetAttributeAsync("datetime") ?? "", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal);
        var jalaliYear = new PersianCalendar().GetYear(instant).ToString(CultureInfo.InvariantCulture);
        Assert.Contains(string.Concat(jalaliYear.Select(c => (char)('۰' + (c - '0')))), shown, StringComparison.Ordinal);
        Assert.DoesNotMatch("[0-9]", shown);
        await Assertions.Expect(conversation.Message("Samsung Galaxy S24").Locator(".body")).ToHaveAttributeAsync("dir", "auto");
        await Assertions.Expect(watched.Page.GetByRole(AriaRole.Button, new() { Name = "فرستادن پاسخ" })).ToBeVisibleAsync();
        await watched.ScreenshotAsync("conversation-fa");
        await watched.Page.SetViewportSizeAsync(390, 844);
        await watched.ScreenshotAsync("conversation-fa-phone");
        watched.AssertNothingRanOrFailed();
    }

    /// <summary>An admin-scoped API client (agents and teams are admin work).</summary>
    private async Task<HttpClient> AdminApiAsync()
    {
        using var anonymous = new HttpClient { BaseAddress = server.Url };
        var grant = await anonymous.PostAsJsonAsync("/api/v1/auth/token",
            new { email = ConsoleServer.EnglishAgent, password = ConsoleServer.Password, name = "conversation page tests", scope = "admin" });
        grant.EnsureSuccessStatusCode();
        var token = (await grant.Content.ReadFromJsonAsync<JsonObject>())!["token"]!.GetValue<string>();
        var client = new HttpClient { BaseAddress = server.Url };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private static async Task<string> CreateTeamAsync(HttpClient admin, string name)
    {
        (await admin.PostAsJsonAsync("/api/v1/teams", new { name })).EnsureSuccessStatusCode();
        return name;
    }

    /// <summary>Invites a new agent and accepts the invite in <paramref name="page"/>, which signs them in.</summary>
    private static async Task<InboxPage> SignInThroughInviteAsync(HttpClient admin, IPage page, string role, string name)
    {
        var created = await admin.PostAsJsonAsync("/api/v1/agents",
            new { email = $"{Guid.NewGuid():N}@example.com", display_name = name, role });
        created.EnsureSuccessStatusCode();
        var inviteUrl = (await created.Content.ReadFromJsonAsync<JsonObject>())!["invite_url"]!.GetValue<string>();
        await page.GotoAsync(inviteUrl);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(ConsoleServer.Password);
        await page.GetByLabel("Password again").FillAsync(ConsoleServer.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Set password" }).ClickAsync();
        var inbox = new InboxPage(page);
        await inbox.WaitUntilShownAsync();
        return inbox;
    }
}
