using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Rapport.Features.Accounts;
using Rapport.Tests.Features.Accounts;
using Rapport.Tests.Infrastructure;
using static Rapport.Tests.Features.Conversations.ConversationScenarios;

namespace Rapport.Tests.Web;

/// <summary>
/// The session cookie is SameSite, but a page on another port of the same host is same-site: it
/// could make a signed-in browser post a form, or a body-less or text/plain fetch (which needs no
/// preflight). A cookie-authenticated change to the API must carry a header only our own scripts send.
/// </summary>
public abstract class CsrfTests(RapportApp app)
{
    private const string Header = "X-Rapport-Csrf";

    [Fact]
    public async Task ACookieAuthenticatedImportWithoutTheHeaderIs403AndImportsNothing()
    {
        var admin = await app.CreateAdminAsync();
        var (browser, _) = await Forms.SignedInAsync(app, admin.Email);
        var before = await app.WithDbAsync(db => db.Conversations.CountAsync());
        var line = $$"""{"external_id":"csrf-{{Guid.NewGuid():N}}","customer":{"email":"{{NewEmail()}}"},"subject":"x","messages":[{"kind":"inbound","body_text":"x","created_at":"2025-03-01T09:30:00Z"}]}""";

        var forged = await browser.PostAsync("/api/v1/import/conversations", new StringContent(line + "\n", Encoding.UTF8, "text/plain"));

        var problem = await forged.ExpectProblemAsync(HttpStatusCode.Forbidden);
        Assert.Contains(Header, problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(before, await app.WithDbAsync(db => db.Conversations.CountAsync()));
    }

    [Fact]
    public async Task EveryUnsafeMethodNeedsTheHeaderWithACookieButNotToRead()
    {
        var agent = await app.CreateUserAsync();
        var id = (await CreateAsync(agent.Client)).Id();
        var (browser, _) = await Forms.SignedInAsync(app, agent.Email);

        await (await browser.PostAsync("/api/v1/notifications/read-all", null)).ExpectProblemAsync(HttpStatusCode.Forbidden);
        await (await browser.PostJsonAsync($"/api/v1/conversations/{id}/notes", new { body_text = "forged" })).ExpectProblemAsync(HttpStatusCode.Forbidden);
        await (await browser.PatchJsonAsync($"/api/v1/conversations/{id}", new { priority = "urgent" })).ExpectProblemAsync(HttpStatusCode.Forbidden);
        await (await browser.PutJsonAsync($"/api/v1/conversations/{id}/tags", new { tags = new[] { "forged" } })).ExpectProblemAsync(HttpStatusCode.Forbidden);
        await (await browser.DeleteAsync($"/api/v1/conversations/{id}/followers/{agent.Id}")).ExpectProblemAsync(HttpStatusCode.Forbidden);
        await (await browser.GetAsync($"/api/v1/conversations/{id}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(1, await app.WithDbAsync(db => db.Messages.CountAsync(m => m.ConversationId == id)));

        browser.DefaultRequestHeaders.Add(Header, "1");
        await (await browser.PostJsonAsync($"/api/v1/conversations/{id}/notes", new { body_text = "mine" })).ExpectAsync(HttpStatusCode.Created);
        await (await browser.PostAsync("/api/v1/notifications/read-all", null)).ExpectAsync(HttpStatusCode.OK);
        await (await browser.PatchJsonAsync($"/api/v1/conversations/{id}", new { priority = "urgent" })).ExpectAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task NonJsonBodiesToJsonEndpointsAre415WithACookieOrAToken()
    {
        var agent = await app.CreateUserAsync();
        var id = (await CreateAsync(agent.Client)).Id();
        var (browser, _) = await Forms.SignedInAsync(app, agent.Email);
        browser.DefaultRequestHeaders.Add(Header, "1");
        const string body = """{"body_text":"typed as text"}""";

        await (await browser.PostAsync($"/api/v1/conversations/{id}/notes", new StringContent(body, Encoding.UTF8, "text/plain")))
            .ExpectProblemAsync(HttpStatusCode.UnsupportedMediaType);
        await (await agent.Client.PostAsync($"/api/v1/conversations/{id}/notes", new StringContent(body, Encoding.UTF8, "text/plain")))
            .ExpectProblemAsync(HttpStatusCode.UnsupportedMediaType);
        await (await agent.Client.PostAsync($"/api/v1/conversations/{id}/notes", new FormUrlEncodedContent([new("body_text", "form")])))
            .ExpectProblemAsync(HttpStatusCode.UnsupportedMediaType);
        Assert.Equal(1, await app.WithDbAsync(db => db.Messages.CountAsync(m => m.ConversationId == id)));
    }

    [Fact]
    public async Task BearerTokensNeedNoHeader()
    {
        var agent = await app.CreateUserAsync(Role.Agent, TokenScope.Write);
        var owner = await app.CreateUserAsync();
        var id = (await CreateAsync(owner.Client)).Id();

        await (await agent.Client.PostJsonAsync($"/api/v1/conversations/{id}/notes", new { body_text = "from a script" })).ExpectAsync(HttpStatusCode.Created);
        await (await agent.Client.PostAsync("/api/v1/notifications/read-all", null)).ExpectAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task ARealtimeConnectionFromAnotherOriginWithTheCookieIsRefused()
    {
        // A WebSocket is not subject to CORS: without this check a page on another port of the same
        // host could open the console hub with the agent's cookie and read every live update.
        var agent = await app.CreateUserAsync();
        var (browser, _) = await Forms.SignedInAsync(app, agent.Email);

        foreach (var path in new[] { "/hubs/console/negotiate?negotiateVersion=1", "/_blazor/negotiate?negotiateVersion=1" })
        {
            using var forged = new HttpRequestMessage(HttpMethod.Post, path);
            forged.Headers.Add("Origin", "http://localhost:8081");
            var problem = await (await browser.SendAsync(forged)).ExpectProblemAsync(HttpStatusCode.Forbidden);
            Assert.Contains("origin", problem["title"]!.GetValue<string>(), StringComparison.OrdinalIgnoreCase);
        }

        using var own = new HttpRequestMessage(HttpMethod.Post, "/hubs/console/negotiate?negotiateVersion=1");
        own.Headers.Add("Origin", "http://localhost");
        await (await browser.SendAsync(own)).ExpectAsync(HttpStatusCode.OK);
        // A token carries no ambient credential: its origin does not matter.
        using var scripted = new HttpRequestMessage(HttpMethod.Post, "/hubs/console/negotiate?negotiateVersion=1");
        scripted.Headers.Add("Origin", "http://localhost:8081");
        await (await agent.Client.SendAsync(scripted)).ExpectAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task SigningInForATokenNeedsNoHeader()
    {
        var agent = await app.CreateUserAsync();
        await (await app.CreateClient(null).PostJsonAsync("/api/v1/auth/token", new { email = agent.Email, password = RapportApp.Password, name = "cli", scope = "read" }))
            .ExpectAsync(HttpStatusCode.Created);
    }
}

public sealed class CsrfTestsOnSqlite(SqliteApp app) : CsrfTests(app), IClassFixture<SqliteApp>;

public sealed class CsrfTestsOnPostgres(PostgresApp app) : CsrfTests(app), IClassFixture<PostgresApp>;
