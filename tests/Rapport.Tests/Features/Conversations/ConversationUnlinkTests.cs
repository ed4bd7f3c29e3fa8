using System.Net;
using System.Text.Json.Nodes;
using Rapport.Features.Accounts;
using Rapport.Tests.Infrastructure;
using static Rapport.Tests.Features.Conversations.ConversationScenarios;

namespace Rapport.Tests.Features.Conversations;

public abstract class ConversationUnlinkTests(RapportApp app)
{
    [Fact]
    public async Task AnUnlinkFromEitherSideRemovesTheLinkAndRecordsItOnBoth()
    {
        var agent = await app.CreateUserAsync();
        var a = (await CreateAsync(agent.Client)).Id();
        var b = (await CreateAsync(agent.Client)).Id();
        await (await agent.Client.PostJsonAsync($"/api/v1/conversations/{a}/links", new { conversation_id = b })).ExpectAsync(HttpStatusCode.Created);

        // Linked from a, unlinked from b: a link has no direction.
        var response = await agent.Client.DeleteAsync($"/api/v1/conversations/{b}/links/{a}");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Empty((await (await agent.Client.GetAsync($"/api/v1/conversations/{a}/links")).ExpectAsync(HttpStatusCode.OK))["items"]!.AsArray());
        var data = JsonNode.Parse((await ActivitiesAsync(app, a)).Single(x => x.Kind == "conversation.unlinked").Data)!;
        Assert.Equal(b, data.Id("linked_conversation_id"));
        Assert.Single(await ActivityKindsAsync(app, b), k => k == "conversation.unlinked");
        await (await agent.Client.DeleteAsync($"/api/v1/conversations/{b}/links/{a}")).ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task UnlinkingNeedsAWriteTokenAndALinkThatExists()
    {
        var agent = await app.CreateUserAsync();
        var reader = await app.CreateUserAsync(scope: TokenScope.Read);
        var a = (await CreateAsync(agent.Client)).Id();
        var b = (await CreateAsync(agent.Client)).Id();
        var c = (await CreateAsync(agent.Client)).Id();
        await (await agent.Client.PostJsonAsync($"/api/v1/conversations/{a}/links", new { conversation_id = b })).ExpectAsync(HttpStatusCode.Created);

        Assert.Equal(HttpStatusCode.Forbidden, (await reader.Client.DeleteAsync($"/api/v1/conversations/{a}/links/{b}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.CreateClient((string?)null).DeleteAsync($"/api/v1/conversations/{a}/links/{b}")).StatusCode);
        await (await agent.Client.DeleteAsync($"/api/v1/conversations/{a}/links/{c}")).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await agent.Client.DeleteAsync($"/api/v1/conversations/999999/links/{a}")).ExpectProblemAsync(HttpStatusCode.NotFound);

        Assert.Single((await (await agent.Client.GetAsync($"/api/v1/conversations/{a}/links")).ExpectAsync(HttpStatusCode.OK))["items"]!.AsArray());
        Assert.DoesNotContain("conversation.unlinked", await ActivityKindsAsync(app, a));
    }
}

public sealed class ConversationUnlinkTestsOnSqlite(ConversationsSqliteApp app) : ConversationUnlinkTests(app), IClassFixture<ConversationsSqliteApp>;

public sealed class ConversationUnlinkTestsOnPostgres(ConversationsPostgresApp app) : ConversationUnlinkTests(app), IClassFixture<ConversationsPostgresApp>;
