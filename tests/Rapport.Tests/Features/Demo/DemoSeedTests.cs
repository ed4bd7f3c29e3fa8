using Microsoft.EntityFrameworkCore;
using Rapport.Features.Conversations;
using Rapport.Features.Demo;
using Rapport.Features.Timeline;
using Rapport.Tests.Infrastructure;

namespace Rapport.Tests.Features.Demo;

public abstract class DemoSeedTests(RapportApp app)
{
    [Fact]
    public async Task SeedsABelievableWorkspaceOnceAndRefusesASecondRunWithoutForce()
    {
        var output = new StringWriter();
        var error = new StringWriter();

        var exit = await DemoVerb.RunAsync(app.Services, ["--customers", "30", "--conversations", "60", "--months", "3", "--seed", "42"], output, error);

        Assert.True(exit == 0, output + error.ToString());
        Assert.Contains("60 imported", output.ToString(), StringComparison.Ordinal);
        await app.WithDbAsync(async db =>
        {
            Assert.Equal(60, await db.Conversations.CountAsync(c => c.ExternalId!.StartsWith("demo-")));
            Assert.Equal(30, await db.Customers.CountAsync());
            Assert.True(await db.Teams.CountAsync() >= 3);
            Assert.True(await db.Users.CountAsync(u => u.Email.EndsWith("@rapport-demo.example") && u.PasswordHash == null) >= 10);
            var languages = await db.Customers.Select(c => c.Language).Distinct().ToListAsync();
            Assert.True(languages.Count >= 3, string.Join(",", languages));
            var channels = await db.Conversations.Select(c => c.Channel).Distinct().CountAsync();
            Assert.True(channels >= 3);
            var statuses = await db.Conversations.Select(c => c.Status).Distinct().ToListAsync();
            Assert.Contains(statuses, s => s is ConversationStatus.Solved or ConversationStatus.Closed);
            // Persian and Armenian customers are written to in their own script.
            var persian = await db.Conversations.Where(c => c.Customer!.Language == "fa").Select(c => c.Subject).FirstOrDefaultAsync();
            Assert.True(persian is null || persian.Any(ch => ch is >= '\u0600' and <= '\u06FF'));
            var armenian = await db.Conversations.Where(c => c.Customer!.Language == "hy").Select(c => c.Subject).FirstOrDefaultAsync();
            Assert.True(armenian is null || armenian.Any(ch => ch is >= '\u0530' and <= '\u058F'));
            Assert.True(await db.Messages.CountAsync() >= 60);
            var now = app.Clock.GetUtcNow().UtcDateTime;
            Assert.False(await db.Messages.AnyAsync(m => m.CreatedAt > now));
            Assert.Equal(60, await db.Activities.CountAsync(a => a.Kind == ActivityKinds.ConversationCreated));
        });

        var again = new StringWriter();
        Assert.Equal(1, await DemoVerb.RunAsync(app.Services, ["--customers", "5", "--conversations", "5"], new StringWriter(), again));
        Assert.Contains("--force", again.ToString(), StringComparison.Ordinal);
        Assert.Equal(0, await DemoVerb.RunAsync(app.Services, ["--customers", "5", "--conversations", "5", "--force"], new StringWriter(), again));
        Assert.Equal(65, await app.WithDbAsync(db => db.Conversations.CountAsync()));
    }

    [Fact]
    public async Task BadNumbersAreRefusedBeforeAnythingIsWritten()
    {
        var error = new StringWriter();
        Assert.Equal(2, await DemoVerb.RunAsync(app.Services, ["--customers", "many"], new StringWriter(), error));
        Assert.Contains("--customers", error.ToString(), StringComparison.Ordinal);
    }
}

public sealed class DemoSeedTestsOnSqlite(SqliteApp app) : DemoSeedTests(app), IClassFixture<SqliteApp>;

public sealed class DemoSeedTestsOnPostgres(PostgresApp app) : DemoSeedTests(app), IClassFixture<PostgresApp>;
