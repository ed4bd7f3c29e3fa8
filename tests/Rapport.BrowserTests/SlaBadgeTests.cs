using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Rapport.BrowserTests.Infrastructure;
using Rapport.BrowserTests.Pages;

namespace Rapport.BrowserTests;

/// <summary>The SLA badge counts down in Chromium, from a static script the CSP allows.</summary>
public sealed partial class SlaBadgeTests(ConsoleServer server) : IClassFixture<ConsoleServer>
{
    [Fact]
    public async Task TheInboxBadgeCountsDownEverySecond()
    {
        using var anonymous = new HttpClient { BaseAddress = server.Url };
        var grant = await anonymous.PostAsJsonAsync("/api/v1/auth/token",
            new { email = ConsoleServer.EnglishAgent, password = ConsoleServer.Password, name = "sla browser test", scope = "admin" });
        grant.EnsureSuccessStatusCode();
        using var admin = new HttpClient { BaseAddress = server.Url };
        admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (await grant.Content.ReadFromJsonAsync<JsonObject>())!["token"]!.GetValue<string>());
        (await admin.PostAsJsonAsync("/api/v1/sla/policies", new
        {
            name = "Everyone",
            targets = new object[] { new { priority = "normal", kind = "first_reply", minutes = 30, business_time = false } },
        })).EnsureSuccessStatusCode();
        var subject = $"Counting down {Guid.NewGuid():N}";
        await server.CreateConversationAsync(subject, "Ani's customer", $"count-{Guid.NewGuid():N}@example.com");

        await using var watched = await server.NewPageAsync();
        var inbox = await new SignInPage(watched.Page).SignInAsync(ConsoleServer.EnglishAgent, ConsoleServer.Password);
        await inbox.OpenViewAsync("All open");
        var time = inbox.Row(subject).Locator(".sla-badge .sla-time");
        await Assertions.Expect(time).ToHaveTextAsync(Left());
        var first = await time.InnerTextAsync();
        await Assertions.Expect(time).Not.ToHaveTextAsync(first, new() { Timeout = 5_000 });
        await Assertions.Expect(time).ToHaveTextAsync(Left());
        watched.AssertNothingRanOrFailed();
    }

    [Fact]
    public async Task ALiveInboxBadgeFollowsItsConversation()
    {
        using var anonymous = new HttpClient { BaseAddress = server.Url };
        var grant = await anonymous.PostAsJsonAsync("/api/v1/auth/token",
            new { email = ConsoleServer.EnglishAgent, password = ConsoleServer.Password, name = "sla live test", scope = "admin" });
        grant.EnsureSuccessStatusCode();
        using var admin = new HttpClient { BaseAddress = server.Url };
        admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (await grant.Content.ReadFromJsonAsync<JsonObject>())!["token"]!.GetValue<string>());
        var tag = $"live-{Guid.NewGuid():N}"[..20];
        // Position 0: tried before any catch-all policy another test left behind.
        (await admin.PostAsJsonAsync("/api/v1/sla/policies", new
        {
            name = "Live badge",
            position = 0,
            conditions = new { tags = new[] { tag } },
            targets = new object[]
            {
                new { priority = "normal", kind = "first_reply", minutes = 30, business_time = false },
                new { priority = "urgent", kind = "first_reply", minutes = 5, business_time = false },
            },
        })).EnsureSuccessStatusCode();
        var subject = $"Live badge {Guid.NewGuid():N}";
        var created = await admin.PostAsJsonAsync("/api/v1/conversations", new
        {
            subject,
            channel = "email",
            priority = "normal",
            tags = new[] { tag },
            customer = new { email = $"live-{Guid.NewGuid():N}@example.com", name = "Live customer" },
            message = new { kind = "inbound", body_text = "Hello" },
        });
        created.EnsureSuccessStatusCode();
        var id = (await created.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<long>();

        await using var watched = await server.NewPageAsync();
        var inbox = await new SignInPage(watched.Page).SignInAsync(ConsoleServer.EnglishAgent, ConsoleServer.Password);
        await inbox.OpenViewAsync("All open");
        await watched.Page.Locator("h1[data-live=yes]").WaitForAsync();
        var time = inbox.Row(subject).Locator(".sla-badge .sla-time");
        await Assertions.Expect(time).ToHaveTextAsync(Left());

        // Urgent now: the inbox reloads live, and the badge counts down to the urgent due time.
        (await admin.PatchAsJsonAsync($"/api/v1/conversations/{id}", new { priority = "urgent" })).EnsureSuccessStatusCode();
        await Assertions.Expect(time).ToHaveTextAsync(UrgentLeft());
        watched.AssertNothingRanOrFailed();
    }

    [GeneratedRegex("^[45]:[0-5][0-9] left$")]
    private static partial Regex UrgentLeft();

    [GeneratedRegex("^(29|30):[0-5][0-9] left$")]
    private static partial Regex Left();
}
