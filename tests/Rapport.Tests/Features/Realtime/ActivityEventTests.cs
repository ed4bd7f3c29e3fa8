using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rapport.Features.Accounts;
using Rapport.Features.Conversations;
using Rapport.Features.Realtime;
using Rapport.Features.Timeline;
using Rapport.Tests.Features.Conversations;
using Rapport.Tests.Infrastructure;

namespace Rapport.Tests.Features.Realtime;

/// <summary>
/// Events leave only after commit: a plain save publishes when it returns, an explicit transaction
/// at its commit, and a rollback (or a transaction abandoned without commit) publishes nothing.
/// On PostgreSQL the bus hears them back through LISTEN, so these also test NOTIFY.
/// </summary>
public abstract class ActivityEventTests : IDisposable
{
    private static readonly TimeSpan Soon = TimeSpan.FromSeconds(2);
    private readonly RapportApp app;
    private readonly CancellationTokenSource _subscription = new();
    private readonly ChannelReader<RealtimeEvent> _events;

    protected ActivityEventTests(RapportApp app)
    {
        this.app = app;
        _events = app.Services.GetRequiredService<IRealtimeBus>().Subscribe(_subscription.Token);
    }

    public void Dispose()
    {
        _subscription.Cancel();
        _subscription.Dispose();
        GC.SuppressFinalize(this);
    }

    [Fact]
    public async Task APlainSavePublishesEachActivityItWrote()
    {
        var agent = await app.CreateUserAsync(Role.Agent);
        var id = (await ConversationScenarios.CreateAsync(agent.Client)).Id();

        var created = await NextForAsync(id);
        Assert.Equal(ActivityKinds.ConversationCreated, created.Kind);
        var message = await NextForAsync(id);
        Assert.Equal(ActivityKinds.MessageAdded, message.Kind);
        Assert.Equal("inbound", message.MessageKind);
        Assert.Equal("new", message.Status);
        Assert.True(message.ActivityId > created.ActivityId);
        var stored = await app.WithDbAsync(db => db.Activities.Where(a => a.ConversationId == id).OrderBy(a => a.Id).Select(a => a.Id).ToListAsync());
        Assert.Equal(stored, [created.ActivityId, message.ActivityId]);
    }

    [Fact]
    public async Task AnExplicitTransactionPublishesAtCommitNotAtSave()
    {
        var agent = await app.CreateUserAsync(Role.Agent);
        var id = (await ConversationScenarios.CreateAsync(agent.Client)).Id();
        await DrainAsync();

        await app.WithDbAsync(async db =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            var conversation = await db.Conversations.SingleAsync(c => c.Id == id);
            conversation.SetPriority(Priority.High, Actor.User(agent.Id), DateTime.UtcNow);
            await db.SaveChangesAsync();
            conversation.SetSubject("Moved on", Actor.User(agent.Id), DateTime.UtcNow);
            await db.SaveChangesAsync();
            Assert.Null(await TryNextForAsync(id, TimeSpan.FromMilliseconds(500)));
            await transaction.CommitAsync();
        });

        Assert.Equal(ActivityKinds.PriorityChanged, (await NextForAsync(id)).Kind);
        Assert.Equal(ActivityKinds.SubjectChanged, (await NextForAsync(id)).Kind);
    }

    [Fact]
    public async Task ARolledBackOrAbandonedTransactionPublishesNothing()
    {
        var agent = await app.CreateUserAsync(Role.Agent);
        var id = (await ConversationScenarios.CreateAsync(agent.Client)).Id();
        await DrainAsync();

        await app.WithDbAsync(async db =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            var conversation = await db.Conversations.SingleAsync(c => c.Id == id);
            conversation.SetPriority(Priority.Urgent, Actor.User(agent.Id), DateTime.UtcNow);
            await db.SaveChangesAsync();
            await transaction.RollbackAsync();
        });
        await app.WithDbAsync(async db =>
        {
            // Disposed without commit: rolled back by the database, and the pooled context keeps nothing for later.
            await using var transaction = await db.Database.BeginTransactionAsync();
            var conversation = await db.Conversations.SingleAsync(c => c.Id == id);
            conversation.SetPriority(Priority.Low, Actor.User(agent.Id), DateTime.UtcNow);
            await db.SaveChangesAsync();
        });
        // A committed change after both: it alone arrives.
        await app.WithDbAsync(async db =>
        {
            var conversation = await db.Conversations.SingleAsync(c => c.Id == id);
            conversation.SetSubject("Only this", Actor.User(agent.Id), DateTime.UtcNow);
            await db.SaveChangesAsync();
        });

        var only = await NextForAsync(id);
        Assert.Equal(ActivityKinds.SubjectChanged, only.Kind);
        Assert.Null(await TryNextForAsync(id, TimeSpan.FromMilliseconds(500)));
        Assert.DoesNotContain(await ConversationScenarios.ActivityKindsAsync(app, id), k => k == ActivityKinds.PriorityChanged);
    }

    [Fact]
    public async Task ABulkCommitBecomesOneRefreshEvent()
    {
        var agent = await app.CreateUserAsync(Role.Agent);
        var id = (await ConversationScenarios.CreateAsync(agent.Client)).Id();
        await DrainAsync();

        var last = await app.WithDbAsync(async db =>
        {
            var conversation = await db.Conversations.SingleAsync(c => c.Id == id);
            for (var i = 0; i <= ActivityEventInterceptor.MaxEventsPerCommit; i++)
            {
                conversation.SetPriority(i % 2 == 0 ? Priority.High : Priority.Low, Actor.User(agent.Id), DateTime.UtcNow);
            }
            await db.SaveChangesAsync();
            return await db.Activities.MaxAsync(a => a.Id);
        });

        using var cts = new CancellationTokenSource(Soon);
        var refresh = await _events.ReadAsync(cts.Token);
        Assert.Equal(RealtimeEvent.RefreshKind, refresh.Kind);
        Assert.Equal(last, refresh.ActivityId);
        Assert.Null(await TryNextForAsync(id, TimeSpan.FromMilliseconds(500)));
    }

    [Fact]
    public void APayloadTooLargeForNotifyDropsTheMentions()
    {
        var e = new RealtimeEvent(1, ActivityKinds.NoteAdded, 2, 3, null, null, "open", "note", 4,
            [.. Enumerable.Range(0, 2000).Select(i => (long)i + 1_000_000)], DateTime.UtcNow);
        var payload = e.ToPayload();
        Assert.True(System.Text.Encoding.UTF8.GetByteCount(payload) <= RealtimeEvent.MaxPayloadBytes);
        var back = RealtimeEvent.FromPayload(payload)!;
        Assert.Null(back.Mentions);
        Assert.Equal(e.ActivityId, back.ActivityId);
        Assert.Equal(e with { Mentions = null }, back);
    }

    private async Task<RealtimeEvent> NextForAsync(long conversationId) =>
        await TryNextForAsync(conversationId, Soon) ?? throw new TimeoutException($"No event for conversation {conversationId}.");

    private async Task<RealtimeEvent?> TryNextForAsync(long conversationId, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            while (true)
            {
                var e = await _events.ReadAsync(cts.Token);
                if (e.ConversationId == conversationId)
                {
                    return e;
                }
            }
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    private async Task DrainAsync()
    {
        await Task.Delay(300);
        while (_events.TryRead(out _))
        {
        }
    }
}

public sealed class ActivityEventTestsOnSqlite(SqliteApp app) : ActivityEventTests(app), IClassFixture<SqliteApp>;

public sealed class ActivityEventTestsOnPostgres(PostgresApp app) : ActivityEventTests(app), IClassFixture<PostgresApp>;
