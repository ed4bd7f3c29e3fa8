using Rapport.Features.Accounts;
using Rapport.Features.AgentConsole.Pages;
using Rapport.Tests.Features.Conversations;
using Rapport.Tests.Infrastructure;
using Rapport.Web;
using static Rapport.Tests.Features.Conversations.ConversationScenarios;

namespace Rapport.Tests.Features.AgentConsole;

/// <summary>The inbox's views and their counts, straight from the queries the page runs.</summary>
public abstract class InboxViewsTests(RapportApp app)
{
    [Fact]
    public async Task MyTeamsHoldsTheUnsolvedWorkOfMyTeamsAndMineWhatIsAssignedToMe()
    {
        var agent = await app.CreateUserAsync();
        var mineTeam = await CreateTeamAsync(app);
        var otherTeam = await CreateTeamAsync(app);
        await app.WithDbAsync(async db =>
        {
            db.TeamMemberships.Add(new TeamMembership { TeamId = mineTeam, UserId = agent.Id });
            await db.SaveChangesAsync();
        });
        var teamWork = await CreateAsync(agent.Client, teamId: mineTeam);
        await CreateAsync(agent.Client, teamId: otherTeam);
        var solved = await CreateAsync(agent.Client, teamId: mineTeam);
        await PatchStatusAsync(agent.Client, solved.Id(), "solved");
        var assigned = await CreateAsync(agent.Client, assigneeId: agent.Id);
        await PatchStatusAsync(agent.Client, assigned.Id(), "pending");

        async Task<List<long>> View(string view, InboxFilter? filter = null) => await app.WithDbAsync(async db =>
            (await InboxViews.QueryAsync(db, view, agent.Id, new Validation(), CancellationToken.None, filter)).Select(c => c.Id).Order().ToList());

        Assert.Equal([teamWork.Id()], await View(InboxViews.Teams));
        Assert.Equal([assigned.Id()], await View(InboxViews.Mine));
        Assert.Contains(solved.Id(), await View(InboxViews.Solved));
        Assert.DoesNotContain(solved.Id(), await View(InboxViews.Open));
        Assert.Contains(assigned.Id(), await View(InboxViews.Pending));
        // A filter narrows the view.
        Assert.Equal([solved.Id()], await View(InboxViews.Solved, new InboxFilter(InboxViews.Solved, TeamId: mineTeam)));
        Assert.Empty(await View(InboxViews.Teams, new InboxFilter(InboxViews.Teams, Priority: "urgent")));

        var counts = await app.WithDbAsync(db => InboxViews.CountsAsync(db, agent.Id, CancellationToken.None));
        Assert.Equal(InboxViews.All, counts.Keys);
        Assert.Equal(1, counts[InboxViews.Teams]);
        Assert.Equal(1, counts[InboxViews.Mine]);
        Assert.True(counts[InboxViews.Solved] >= 1);
    }
}

public sealed class InboxViewsTestsOnSqlite(SqliteApp app) : InboxViewsTests(app), IClassFixture<SqliteApp>;

public sealed class InboxViewsTestsOnPostgres(PostgresApp app) : InboxViewsTests(app), IClassFixture<PostgresApp>;
