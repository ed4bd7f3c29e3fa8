using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Rapport.Features.Accounts;
using Rapport.Tests.Infrastructure;

namespace Rapport.Tests.Features.Conversations;

/// <summary>Arranges conversations through the API, the way a client would.</summary>
public static class ConversationScenarios
{
    public static string NewEmail() => $"c-{Guid.NewGuid():N}@example.test";

    public static async Task<JsonNode> CreateAsync(HttpClient client, string kind = "inbound", string body = "Hello, my order is late.",
        string? email = null, long? customerId = null, long? teamId = null, long? assigneeId = null, string[]? tags = null,
        string channel = "email", string priority = "normal", string subject = "Late order")
    {
        var response = await client.PostJsonAsync("/api/v1/conversations", new
        {
            subject,
            channel,
            priority,
            team_id = teamId,
            assignee_id = assigneeId,
            tags,
            customer_id = customerId,
            customer = customerId is null ? new { email = email ?? NewEmail(), name = "Shirin Ahmadi" } : null,
            message = new { kind, body_text = body },
        });
        return await response.ExpectAsync(HttpStatusCode.Created);
    }

    public static long Id(this JsonNode node, string field = "id") => node[field]!.GetValue<long>();

    public static string Str(this JsonNode node, string field) => node[field]!.GetValue<string>();

    public static async Task<long> CreateTeamAsync(RapportApp app, string? name = null) => await app.WithDbAsync(async db =>
    {
        var team = new Team(name ?? $"Team {Guid.NewGuid():N}", app.Clock.GetUtcNow().UtcDateTime);
        db.Teams.Add(team);
        await db.SaveChangesAsync();
        return team.Id;
    });

    public static async Task<JsonNode> PatchStatusAsync(HttpClient client, long id, string status, HttpStatusCode expected = HttpStatusCode.OK) =>
        await (await client.PatchJsonAsync($"/api/v1/conversations/{id}", new { status })).ExpectAsync(expected);

    /// <summary>The kinds of the conversation's activity rows, oldest first.</summary>
    public static Task<List<string>> ActivityKindsAsync(RapportApp app, long conversationId) => app.WithDbAsync(db =>
        db.Activities.Where(a => a.ConversationId == conversationId).OrderBy(a => a.Id).Select(a => a.Kind).ToListAsync());

    public static Task<List<(string Kind, string Data)>> ActivitiesAsync(RapportApp app, long conversationId) => app.WithDbAsync(async db =>
        (await db.Activities.Where(a => a.ConversationId == conversationId).OrderBy(a => a.Id).Select(a => new { a.Kind, a.Data }).ToListAsync())
            .Select(a => (a.Kind, a.Data)).ToList());

    /// <summary>Follows next_cursor to the end and returns every item's id in the order served.</summary>
    public static async Task<List<long>> ListAllAsync(HttpClient client, string url, int limit)
    {
        var ids = new List<long>();
        string? cursor = null;
        var separator = url.Contains('?', StringComparison.Ordinal) ? '&' : '?';
        for (var page = 0; page < 1000; page++)
        {
            var pageUrl = $"{url}{separator}limit={limit}" + (cursor is null ? "" : $"&cursor={Uri.EscapeDataString(cursor)}");
            var body = await (await client.GetAsync(pageUrl)).ExpectAsync(HttpStatusCode.OK);
            var items = body["items"]!.AsArray();
            Assert.True(items.Count <= limit);
            ids.AddRange(items.Select(i => i!.Id()));
            cursor = body["next_cursor"]?.GetValue<string>();
            if (cursor is null)
            {
                return ids;
            }
        }
        throw new InvalidOperationException("The list never ended.");
    }
}
