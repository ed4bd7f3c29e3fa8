using System.Net;
using Rapport.Features.Accounts;
using Rapport.Tests.Features.Conversations;
using Rapport.Tests.Infrastructure;
using static Rapport.Tests.Features.Customers.CustomersApiTests;

namespace Rapport.Tests.Features.Accounts;

/// <summary>The API the admin pages needed and did not have: renaming tags, clearing a team's lead, archiving custom fields.</summary>
public abstract class AdminApiTests(RapportApp app)
{
    [Fact]
    public async Task RenamingATagRenamesItOnEveryCustomerAndConversationAndRefusesATakenName()
    {
        var admin = await app.CreateAdminAsync();
        var agent = await app.CreateUserAsync(Role.Agent, TokenScope.Ingest);
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var customer = await CreateCustomerAsync(agent.Client, new { full_name = "Tagged", tags = new[] { $"old-{suffix}" } });
        await ConversationScenarios.CreateAsync(agent.Client, tags: [$"old-{suffix}"]);
        var taken = await (await admin.Client.PostJsonAsync("/api/v1/tags", new { name = $"taken-{suffix}" })).ExpectAsync(HttpStatusCode.Created);
        var listed = await (await admin.Client.GetAsync($"/api/v1/tags?q=old-{suffix}")).ExpectAsync(HttpStatusCode.OK);
        var id = listed["items"]![0]!.Id();
        Assert.Equal(1, listed["items"]![0]!["customers"]!.GetValue<int>());
        Assert.Equal(1, listed["items"]![0]!["conversations"]!.GetValue<int>());

        await (await agent.Client.PatchJsonAsync($"/api/v1/tags/{id}", new { name = $"new-{suffix}" })).ExpectProblemAsync(HttpStatusCode.Forbidden);
        await (await admin.Client.PatchJsonAsync($"/api/v1/tags/{id}", new { name = $"Taken-{suffix} " })).ExpectProblemAsync(HttpStatusCode.Conflict);
        var blank = await (await admin.Client.PatchJsonAsync($"/api/v1/tags/{id}", new { name = " " })).ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.NotNull(blank["errors"]!["name"]);
        await (await admin.Client.PatchJsonAsync("/api/v1/tags/999999999", new { name = "x" })).ExpectAsync(HttpStatusCode.NotFound);

        var renamed = await (await admin.Client.PatchJsonAsync($"/api/v1/tags/{id}", new { name = $" New-{suffix}" })).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal($"new-{suffix}", renamed.Str("name"));
        Assert.Equal(1, renamed["customers"]!.GetValue<int>());
        var profile = await (await agent.Client.GetAsync($"/api/v1/customers/{customer.Id()}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal([$"new-{suffix}"], profile["tags"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.Equal(taken.Str("name"), (await (await admin.Client.GetAsync($"/api/v1/tags?q=taken-{suffix}")).ExpectAsync(HttpStatusCode.OK))["items"]![0]!.Str("name"));
    }

    [Fact]
    public async Task ClearingATeamsLeadKeepsThemAsAMember()
    {
        var admin = await app.CreateAdminAsync();
        var lead = await app.CreateUserAsync(Role.Agent, TokenScope.Write);
        var team = await (await admin.Client.PostJsonAsync("/api/v1/teams", new { name = $"Billing {Guid.NewGuid():N}" })).ExpectAsync(HttpStatusCode.Created);
        var id = team.Id();
        await (await admin.Client.PatchJsonAsync($"/api/v1/teams/{id}", new { lead_user_id = lead.Id })).ExpectAsync(HttpStatusCode.OK);

        await (await lead.Client.DeleteAsync($"/api/v1/teams/{id}/lead")).ExpectProblemAsync(HttpStatusCode.Forbidden);
        var cleared = await (await admin.Client.DeleteAsync($"/api/v1/teams/{id}/lead")).ExpectAsync(HttpStatusCode.OK);
        Assert.Null(cleared["lead_user_id"]);
        Assert.Equal([lead.Id], cleared["members"]!.AsArray().Select(m => m!.Id()));
        await (await admin.Client.DeleteAsync("/api/v1/teams/999999999/lead")).ExpectAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task AnArchivedCustomFieldKeepsItsValuesButTakesNoNewOnes()
    {
        var admin = await app.CreateAdminAsync();
        var agent = await app.CreateUserAsync(Role.Agent, TokenScope.Write);
        var key = $"contract_{Guid.NewGuid():N}"[..30];
        var field = await (await admin.Client.PostJsonAsync("/api/v1/custom-fields", new { key, label = "Contract", type = "text" })).ExpectAsync(HttpStatusCode.Created);
        var customer = await CreateCustomerAsync(agent.Client, new { full_name = "Kept", custom_fields = new Dictionary<string, object> { [key] = "A-1" } });

        await (await agent.Client.PatchJsonAsync($"/api/v1/custom-fields/{field.Id()}", new { archived = true })).ExpectProblemAsync(HttpStatusCode.Forbidden);
        // Required only while archived, so other tests on this host never meet a required field.
        var archived = await (await admin.Client.PatchJsonAsync($"/api/v1/custom-fields/{field.Id()}", new { archived = true, is_required = true })).ExpectAsync(HttpStatusCode.OK);
        Assert.NotNull(archived["archived_at"]);

        var refused = await (await agent.Client.PatchJsonAsync($"/api/v1/customers/{customer.Id()}", new { custom_fields = new Dictionary<string, object> { [key] = "B-2" } }))
            .ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.NotNull(refused["errors"]!["custom_fields." + key]);
        await (await agent.Client.PatchJsonAsync($"/api/v1/customers/{customer.Id()}", new { custom_fields = new Dictionary<string, object> { [key] = "A-1" } }))
            .ExpectAsync(HttpStatusCode.OK);
        var kept = await (await agent.Client.GetAsync($"/api/v1/customers/{customer.Id()}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("A-1", kept["custom_fields"]![key]!.GetValue<string>());
        // No longer required of new customers.
        await CreateCustomerAsync(agent.Client, new { full_name = "New" });

        var back = await (await admin.Client.PatchJsonAsync($"/api/v1/custom-fields/{field.Id()}", new { archived = false, is_required = false })).ExpectAsync(HttpStatusCode.OK);
        Assert.Null(back["archived_at"]);
        await (await agent.Client.PatchJsonAsync($"/api/v1/customers/{customer.Id()}", new { custom_fields = new Dictionary<string, object> { [key] = "B-2" } }))
            .ExpectAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task AnInvitedAgentStartsInTheWorkspacesDefaultLanguage()
    {
        var admin = await app.CreateAdminAsync();
        await (await admin.Client.PatchJsonAsync("/api/v1/settings", new { default_language = "hy" })).ExpectAsync(HttpStatusCode.OK);
        try
        {
            var created = await (await admin.Client.PostJsonAsync("/api/v1/agents", new { email = $"arev-{Guid.NewGuid():N}@example.test", display_name = "Արև" }))
                .ExpectAsync(HttpStatusCode.Created);
            Assert.Equal("hy", created["agent"]!.Str("language"));
        }
        finally
        {
            await (await admin.Client.PatchJsonAsync("/api/v1/settings", new { default_language = "en" })).ExpectAsync(HttpStatusCode.OK);
        }
    }
}

public sealed class AdminApiTestsOnSqlite(SqliteApp app) : AdminApiTests(app), IClassFixture<SqliteApp>;

public sealed class AdminApiTestsOnPostgres(PostgresApp app) : AdminApiTests(app), IClassFixture<PostgresApp>;
