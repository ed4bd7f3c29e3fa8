using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rapport.Data;
using Rapport.Features.Conversations;
using Rapport.Features.Sla;
using Rapport.Tests.Infrastructure;
using static Rapport.Tests.Features.Conversations.ConversationScenarios;

namespace Rapport.Tests.Features.Conversations;

/// <summary>
/// Many writers appending to one conversation at once: none of them fails because another appended,
/// and the conversation's counters, its activity log and its SLA row come out as if they had queued.
/// </summary>
public abstract class ConcurrentAppendTests(RapportApp app)
{
    private const int Writers = 32;

    [Fact]
    public async Task ThirtyTwoWritersAppendingToOneConversationAllLandOnce()
    {
        var admin = await app.CreateAdminAsync();
        var tag = $"burst-{Guid.NewGuid():N}"[..20];
        await (await admin.Client.PostJsonAsync("/api/v1/sla/policies", new
        {
            name = $"Burst {tag}",
            conditions = new { tags = new[] { tag } },
            targets = new object[]
            {
                new { priority = "normal", kind = "first_reply", minutes = 30, business_time = false },
                new { priority = "normal", kind = "next_reply", minutes = 60, business_time = false },
                new { priority = "normal", kind = "resolution", minutes = 600, business_time = false },
            },
        })).ExpectAsync(HttpStatusCode.Created);
        var agents = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => app.CreateUserAsync()));
        var id = (await CreateAsync(agents[0].Client, tags: [tag])).Id();
        var kinds = Enumerable.Range(0, Writers).Select(i => (i % 3) switch { 0 => "inbound", 1 => "reply", _ => "notes" }).ToArray();

        var responses = await Task.WhenAll(kinds.Select((kind, i) => agents[i % agents.Length].Client.PostJsonAsync(
            $"/api/v1/conversations/{id}/{kind}",
            new { body_text = $"writer {i}", external_id = kind == "inbound" ? $"burst-{id}-{i}" : null })));

        var statuses = responses.Select(r => (int)r.StatusCode).ToList();
        Assert.True(statuses.All(s => s == 201), $"statuses: {string.Join(",", statuses.GroupBy(s => s).Select(g => $"{g.Key}×{g.Count()}"))}");
        var conversation = await (await agents[0].Client.GetAsync($"/api/v1/conversations/{id}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(Writers + 1, conversation["message_count"]!.GetValue<int>());
        // The databases keep microseconds, the clock ticks.
        Assert.Equal(app.Clock.GetUtcNow().UtcDateTime, conversation["last_message_at"]!.GetValue<DateTime>(), TimeSpan.FromMilliseconds(1));
        Assert.Equal("open", conversation.Str("status"));
        var bodies = await app.WithDbAsync(db => db.Messages.Where(m => m.ConversationId == id).Select(m => m.BodyText).ToListAsync());
        Assert.Equal(Enumerable.Range(0, Writers).Select(i => $"writer {i}").Order(), bodies.Where(b => b.StartsWith("writer ", StringComparison.Ordinal)).Order());
        var logged = await ActivityKindsAsync(app, id);
        Assert.Equal(1 + kinds.Count(k => k != "notes"), logged.Count(k => k == "conversation.message_added"));
        Assert.Equal(kinds.Count(k => k == "notes"), logged.Count(k => k == "conversation.note_added"));

        // The SLA row the last writer left is the one the whole log gives.
        await app.WithDbAsync(async db =>
        {
            var stored = await db.ConversationSlas.AsNoTracking().SingleAsync(s => s.ConversationId == id);
            var tracked = await db.Conversations.SingleAsync(c => c.Id == id);
            var policies = await app.Services.GetRequiredService<SlaPolicyCache>().GetAsync(db, CancellationToken.None);
            var (_, _, fresh) = await SlaUpdater.UpdateAsync(db, tracked, policies, [], app.Clock.GetUtcNow().UtcDateTime, CancellationToken.None);
            Assert.Equal((fresh!.PolicyId, fresh.NextDueAt, fresh.BreachAt), (stored.PolicyId, stored.NextDueAt, stored.BreachAt));
        });
    }

    [Fact]
    public async Task AStaleEditOfTheConversationsOwnFieldsIsStillRefused()
    {
        var agent = await app.CreateUserAsync();
        var id = (await CreateAsync(agent.Client)).Id();
        var now = app.Clock.GetUtcNow().UtcDateTime;

        await app.WithDbAsync(async stale =>
        {
            var seen = await stale.Conversations.SingleAsync(c => c.Id == id);
            await (await agent.Client.PatchJsonAsync($"/api/v1/conversations/{id}", new { priority = "high" })).ExpectAsync(HttpStatusCode.OK);

            seen.SetPriority(Priority.Low, Rapport.Features.Timeline.Actor.System, now);
            await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => stale.SaveChangesAsync());
        });
        var conversation = await (await agent.Client.GetAsync($"/api/v1/conversations/{id}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("high", conversation.Str("priority"));
    }
}

public sealed class ConcurrentAppendTestsOnSqlite(SqliteApp app) : ConcurrentAppendTests(app), IClassFixture<SqliteApp>;

public sealed class ConcurrentAppendTestsOnPostgres(PostgresApp app) : ConcurrentAppendTests(app), IClassFixture<PostgresApp>;
