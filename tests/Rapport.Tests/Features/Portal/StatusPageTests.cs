using System.Globalization;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Rapport.Features.Portal;
using Rapport.Features.Promises;
using Rapport.Tests.Infrastructure;
using static Rapport.Tests.Features.Conversations.ConversationScenarios;

namespace Rapport.Tests.Features.Portal;

/// <summary>The customer's status page behind its signed link, and the public standards page.</summary>
public abstract class StatusPageTests(RapportApp app)
{
    private static readonly string[] JalaliMonths = ["فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور", "مهر", "آبان", "آذر", "دی", "بهمن", "اسفند"];

    private DateTime Now => app.Clock.GetUtcNow().UtcDateTime;

    private static string Iso(DateTime t) => t.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    private static string PersianDigits(string text) => string.Concat(text.Select(c => c is >= '0' and <= '9' ? (char)('۰' + (c - '0')) : c));

    private string Link(long conversationId) => StatusLinks.PathPrefix + app.Services.GetRequiredService<StatusLinks>().Token(conversationId);

    private async Task<(long Conversation, TestUser Agent)> PersianConversationAsync(string subject)
    {
        var agent = await app.CreateUserAsync();
        var customer = await (await agent.Client.PostJsonAsync("/api/v1/customers", new
        {
            full_name = "سارا احمدی",
            language = "fa",
            time_zone = "Asia/Tehran",
            emails = new[] { $"sara-{Guid.NewGuid():N}@customer.test" },
        })).ExpectAsync(HttpStatusCode.Created);
        return ((await CreateAsync(agent.Client, customerId: customer.Id(), subject: subject)).Id(), agent);
    }

    [Fact]
    public async Task TheStatusPageShowsThePromisesInPersianWithJalaliDatesAndNoInternalNote()
    {
        var (id, agent) = await PersianConversationAsync("بازپرداخت سفارش");
        await (await agent.Client.PostJsonAsync($"/api/v1/conversations/{id}/notes", new { body_text = "SECRET-NOTE the customer must never read" }))
            .ExpectAsync(HttpStatusCode.Created);
        var due = Now.AddDays(3);
        await (await agent.Client.PostJsonAsync($"/api/v1/conversations/{id}/promises", new { what = "بازپرداخت وجه", due_at = Iso(due) })).ExpectAsync(HttpStatusCode.Created);
        var kept = await (await agent.Client.PostJsonAsync($"/api/v1/conversations/{id}/promises", new { what = "Call back", due_at = Iso(Now.AddDays(1)) })).ExpectAsync(HttpStatusCode.Created);
        await (await agent.Client.PostAsync($"/api/v1/promises/{kept.Id()}/keep", null)).ExpectAsync(HttpStatusCode.OK);
        var cancelled = await (await agent.Client.PostJsonAsync($"/api/v1/conversations/{id}/promises", new { what = "WITHDRAWN-PROMISE", due_at = Iso(Now.AddDays(2)) })).ExpectAsync(HttpStatusCode.Created);
        await (await agent.Client.PostAsync($"/api/v1/promises/{cancelled.Id()}/cancel", null)).ExpectAsync(HttpStatusCode.OK);

        var response = await app.CreateClient((string?)null).GetAsync(Link(id));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        Assert.Contains("script-src 'self'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("<html lang=\"fa\" dir=\"rtl\">", html, StringComparison.Ordinal);
        Assert.Contains("بازپرداخت سفارش", html, StringComparison.Ordinal);
        Assert.Contains("data-status=\"new\">دریافت شد", html, StringComparison.Ordinal);
        Assert.Contains("بازپرداخت وجه", html, StringComparison.Ordinal);
        Assert.Contains("Call back", html, StringComparison.Ordinal);
        Assert.Contains("data-state=\"kept\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("WITHDRAWN-PROMISE", html, StringComparison.Ordinal);
        Assert.DoesNotContain("SECRET-NOTE", html, StringComparison.Ordinal);
        Assert.DoesNotContain(agent.Email, html, StringComparison.Ordinal);

        var tehran = TimeZoneInfo.ConvertTimeFromUtc(due, TimeZoneInfo.FindSystemTimeZoneById("Asia/Tehran"));
        var calendar = new PersianCalendar();
        var jalali = PersianDigits($"{calendar.GetDayOfMonth(tehran)} ") + JalaliMonths[calendar.GetMonth(tehran) - 1] + PersianDigits($" {calendar.GetYear(tehran)}");
        Assert.Contains(jalali, html, StringComparison.Ordinal);

        // The visitor may switch language; the page follows.
        await PatchStatusAsync(agent.Client, id, "pending");
        var english = await app.CreateClient((string?)null).GetStringAsync(Link(id) + "?lang=en");
        Assert.Contains("We are waiting for your answer.", english, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AChangedForgedOrExpiredLinkIsAPlainNotFound()
    {
        var (id, _) = await PersianConversationAsync("Expiring");
        var link = Link(id);
        var anonymous = app.CreateClient((string?)null);
        var tampered = link[..^3] + (link[^3] == 'A' ? "B" : "A") + link[^2..];
        foreach (var bad in new[] { tampered, StatusLinks.PathPrefix + id, StatusLinks.PathPrefix + "not-a-token" })
        {
            var response = await anonymous.GetAsync(bad);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.DoesNotContain("Expiring", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync(link)).StatusCode);

        app.Clock.Advance(TimeSpan.FromDays(366));
        var expired = await anonymous.GetAsync(link);
        Assert.Equal(HttpStatusCode.NotFound, expired.StatusCode);
        Assert.Contains("<h1>", await expired.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnAgentGetsALinkToGiveTheCustomerAndStrangersDoNot()
    {
        var (id, agent) = await PersianConversationAsync("Shared link");
        var link = await (await agent.Client.GetAsync($"/api/v1/conversations/{id}/status-link")).ExpectAsync(HttpStatusCode.OK);
        var url = new Uri(link.Str("url"));
        Assert.StartsWith(StatusLinks.PathPrefix, url.AbsolutePath, StringComparison.Ordinal);
        // An encrypted token, not the conversation's number.
        Assert.True(url.AbsolutePath.Length - StatusLinks.PathPrefix.Length > 40, url.AbsolutePath);
        Assert.Contains("Shared link", await app.CreateClient((string?)null).GetStringAsync(url.PathAndQuery), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.Unauthorized, (await app.CreateClient((string?)null).GetAsync($"/api/v1/conversations/{id}/status-link")).StatusCode);
        await (await agent.Client.GetAsync("/api/v1/conversations/999999999/status-link")).ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task TheStandardsPageShowsThePublishedStandardsInEachLanguage()
    {
        var admin = await app.CreateAdminAsync();
        var name = $"Published {Guid.NewGuid():N}";
        await (await admin.Client.PostJsonAsync("/api/v1/sla/policies", new
        {
            name,
            conditions = new { tags = new[] { $"pub-{Guid.NewGuid():N}"[..16] } },
            targets = new object[] { new { priority = "urgent", kind = "first_reply", minutes = 5, business_time = true } },
        })).ExpectAsync(HttpStatusCode.Created);
        var anonymous = app.CreateClient((string?)null);

        var english = await anonymous.GetStringAsync("/standards?lang=en");
        Assert.Contains(name, english, StringComparison.Ordinal);
        Assert.Contains("Urgent requests get a first reply within 5 business minutes.", english, StringComparison.Ordinal);
        var persian = await anonymous.GetStringAsync("/standards?lang=fa");
        Assert.Contains("dir=\"rtl\"", persian, StringComparison.Ordinal);
        Assert.Contains("درخواست‌های فوری ظرف ۵ دقیقهٔ کاری نخستین پاسخ را دریافت می‌کنند.", persian, StringComparison.Ordinal);
        Assert.Contains("5 աշխատանքային րոպեի", await anonymous.GetStringAsync("/standards?lang=hy"), StringComparison.Ordinal);
    }
}

public sealed class StatusPageTestsOnSqlite(SqliteApp app) : StatusPageTests(app), IClassFixture<SqliteApp>;

public sealed class StatusPageTestsOnPostgres(PostgresApp app) : StatusPageTests(app), IClassFixture<PostgresApp>;
