using System.Net;
using Rapport.Tests.Infrastructure;
using Xunit.Abstractions;
using static Rapport.Tests.Features.Conversations.ConversationScenarios;

namespace Rapport.Tests.Data;

/// <summary>
/// Holds the hot write paths to the round trips they need, so a stray query or an extra save on
/// every request shows up as a failing test rather than as a slower benchmark months later.
/// </summary>
public abstract class RoundTripTests(CountingApp app, ITestOutputHelper output)
{
    [Fact]
    public async Task InboundMessageTakesTheTokenTheConversationAndOneSave()
    {
        var agent = await app.CreateUserAsync();
        var conversation = await CreateAsync(agent.Client);
        // Warm: the token's last use is recorded once a minute, not on every request.
        await (await agent.Client.PostJsonAsync($"/api/v1/conversations/{conversation.Id()}/inbound", new { body_text = "first" }))
            .ExpectAsync(HttpStatusCode.Created);

        var (commands, commits) = await app.Counter.MeasureAsync(async () =>
            await (await agent.Client.PostJsonAsync($"/api/v1/conversations/{conversation.Id()}/inbound", new { body_text = "again" }))
                .ExpectAsync(HttpStatusCode.Created));

        Show(commands, commits);
        // Token, conversation, then message + activity + conversation update in one save.
        Assert.True(commands.Count <= 5, $"{commands.Count} commands");
    }

    [Fact]
    public async Task CreatingAConversationForAKnownCustomerStaysWithinItsRoundTrips()
    {
        var agent = await app.CreateUserAsync();
        var email = NewEmail();
        await CreateAsync(agent.Client, email: email);

        var (commands, commits) = await app.Counter.MeasureAsync(async () => await CreateAsync(agent.Client, email: email));

        Show(commands, commits);
        // Token, identity, customer; conversation, two activities, message; then the four reads of the response.
        Assert.True(commands.Count <= 11, $"{commands.Count} commands");
        Assert.Equal(1, commits);
    }

    [Fact]
    public async Task WithAnSlaPolicyAnInboundMessageAddsTwoReads()
    {
        var admin = await app.CreateAdminAsync();
        var agent = await app.CreateUserAsync();
        var policy = await (await admin.Client.PostJsonAsync("/api/v1/sla/policies", new
        {
            name = "Round trips",
            targets = new object[] { new { priority = "normal", kind = "next_reply", minutes = 60, business_time = false } },
        })).ExpectAsync(HttpStatusCode.Created);
        try
        {
            var conversation = await CreateAsync(agent.Client);
            await (await agent.Client.PostJsonAsync($"/api/v1/conversations/{conversation.Id()}/inbound", new { body_text = "first" }))
                .ExpectAsync(HttpStatusCode.Created);

            var (commands, commits) = await app.Counter.MeasureAsync(async () =>
                await (await agent.Client.PostJsonAsync($"/api/v1/conversations/{conversation.Id()}/inbound", new { body_text = "again" }))
                    .ExpectAsync(HttpStatusCode.Created));

            Show(commands, commits);
            // The five of a workspace without policies, plus the conversation's clock-moving log rows and its SLA row;
            // the row's update rides in the same save.
            Assert.True(commands.Count <= 7, $"{commands.Count} commands");
        }
        finally
        {
            await admin.Client.DeleteAsync($"/api/v1/sla/policies/{policy.Id()}");
        }
    }

    [Fact]
    public async Task TheInboxReadsItsPagesSlaBadgesInOneQueryWhateverItsLength()
    {
        var admin = await app.CreateAdminAsync();
        var agent = await app.CreateUserAsync();
        var tag = $"badges-{Guid.NewGuid():N}"[..20];
        var policy = await (await admin.Client.PostJsonAsync("/api/v1/sla/policies", new
        {
            name = "Badges",
            conditions = new { tags = new[] { tag } },
            targets = new object[] { new { priority = "normal", kind = "first_reply", minutes = 60, business_time = false } },
        })).ExpectAsync(HttpStatusCode.Created);
        try
        {
            var (browser, _) = await Rapport.Tests.Features.Accounts.Forms.SignedInAsync(app, agent.Email);
            var url = $"/?view=unassigned&tag={tag}";
            await CreateAsync(agent.Client, tags: [tag]);
            await browser.GetStringAsync(url);
            var (one, _) = await app.Counter.MeasureAsync(async () => Assert.Equal(1, Badges(await browser.GetStringAsync(url))));
            for (var i = 0; i < 4; i++)
            {
                await CreateAsync(agent.Client, tags: [tag]);
            }
            var (five, _) = await app.Counter.MeasureAsync(async () => Assert.Equal(5, Badges(await browser.GetStringAsync(url))));

            Show(five, 0);
            Assert.Equal(one.Count, five.Count);
            Assert.Single(five, c => c.Contains("conversation_sla", StringComparison.Ordinal));
        }
        finally
        {
            await admin.Client.DeleteAsync($"/api/v1/sla/policies/{policy.Id()}");
        }

        static int Badges(string html) => System.Text.RegularExpressions.Regex.Count(html, "class=\"sla-badge");
    }

    private void Show(IReadOnlyList<string> commands, int commits)
    {
        output.WriteLine($"{commands.Count} commands, {commits} explicit commits");
        foreach (var command in commands)
        {
            output.WriteLine("---");
            output.WriteLine(command);
        }
    }
}

public sealed class RoundTripTestsOnSqlite(CountingSqliteApp app, ITestOutputHelper output) : RoundTripTests(app, output), IClassFixture<CountingSqliteApp>;

public sealed class RoundTripTestsOnPostgres(CountingPostgresApp app, ITestOutputHelper output) : RoundTripTests(app, output), IClassFixture<CountingPostgresApp>;
