using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Rapport.Features.Accounts;
using Rapport.Tests.Infrastructure;

namespace Rapport.Tests.Features.Accounts;

public abstract class AccountsApiTests(RapportApp app)
{
    private static object Grant(string email, string password, string scope = "write") =>
        new { email, password, name = "curl", scope };

    [Fact]
    public async Task PasswordGrantReturnsATokenThatWorksOnce()
    {
        var user = await app.CreateUserAsync(Role.Agent, TokenScope.Read);
        var anonymous = app.CreateClient(null);

        var created = await (await anonymous.PostJsonAsync("/api/v1/auth/token", Grant(user.Email, RapportApp.Password))).ExpectAsync(HttpStatusCode.Created);
        var secret = created["token"]!.GetValue<string>();
        Assert.StartsWith("rpt_", secret, StringComparison.Ordinal);
        Assert.Equal("write", created["scope"]!.GetValue<string>());
        Assert.StartsWith(created["hint"]!.GetValue<string>(), secret, StringComparison.Ordinal);

        var me = await (await app.CreateClient(secret).GetAsync("/api/v1/me")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(user.Id, me["id"]!.GetValue<long>());
        var listed = await (await user.Client.GetAsync("/api/v1/me/tokens")).ExpectAsync(HttpStatusCode.OK);
        Assert.DoesNotContain("token\"", listed.ToJsonString(), StringComparison.Ordinal);
        Assert.Contains(listed["items"]!.AsArray(), t => t!["id"]!.GetValue<long>() == created["id"]!.GetValue<long>());
    }

    [Fact]
    public async Task WrongPasswordAndUnknownEmailGetTheSameAnswer()
    {
        var user = await app.CreateUserAsync();
        var anonymous = app.CreateClient(null);

        var wrong = await (await anonymous.PostJsonAsync("/api/v1/auth/token", Grant(user.Email, "not the password"))).ExpectProblemAsync(HttpStatusCode.Unauthorized);
        var unknown = await (await anonymous.PostJsonAsync("/api/v1/auth/token", Grant("nobody@example.test", "not the password"))).ExpectProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal(wrong["detail"]!.GetValue<string>(), unknown["detail"]!.GetValue<string>());
        Assert.Equal(1, await app.WithDbAsync(db => db.Users.Where(u => u.Id == user.Id).Select(u => u.FailedSignIns).SingleAsync()));
    }

    [Fact]
    public async Task FiveWrongPasswordsLockTheAccountForFifteenMinutes()
    {
        var user = await app.CreateUserAsync();
        var anonymous = app.CreateClient(null);
        for (var i = 0; i < 5; i++)
        {
            await (await anonymous.PostJsonAsync("/api/v1/auth/token", Grant(user.Email, "wrong password " + i))).ExpectProblemAsync(HttpStatusCode.Unauthorized);
        }

        var locked = await (await anonymous.PostJsonAsync("/api/v1/auth/token", Grant(user.Email, RapportApp.Password))).ExpectProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal(PasswordSignIn.FailureMessage, locked["detail"]!.GetValue<string>());

        app.Clock.Advance(TimeSpan.FromMinutes(14));
        await (await anonymous.PostJsonAsync("/api/v1/auth/token", Grant(user.Email, RapportApp.Password))).ExpectProblemAsync(HttpStatusCode.Unauthorized);
        app.Clock.Advance(TimeSpan.FromMinutes(2));
        await (await anonymous.PostJsonAsync("/api/v1/auth/token", Grant(user.Email, RapportApp.Password))).ExpectAsync(HttpStatusCode.Created);
        var stored = await app.WithDbAsync(db => db.Users.AsNoTracking().SingleAsync(u => u.Id == user.Id));
        Assert.Equal(0, stored.FailedSignIns);
        Assert.Null(stored.LockedUntil);
        Assert.NotNull(stored.LastSignInAt);
    }

    [Fact]
    public async Task TwentyWrongPasswordsSentAtOnceLockTheAccount()
    {
        var user = await app.CreateUserAsync();
        var guesses = await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            app.CreateClient(null).PostJsonAsync("/api/v1/auth/token", Grant(user.Email, "wrong password " + i))));
        Assert.All(guesses, r => Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode));

        await (await app.CreateClient(null).PostJsonAsync("/api/v1/auth/token", Grant(user.Email, RapportApp.Password))).ExpectProblemAsync(HttpStatusCode.Unauthorized);
        var stored = await app.WithDbAsync(db => db.Users.AsNoTracking().SingleAsync(u => u.Id == user.Id));
        Assert.NotNull(stored.LockedUntil);
        Assert.True(stored.LockedUntil > app.Clock.GetUtcNow().UtcDateTime);
        Assert.Null(stored.LastSignInAt);
    }

    [Fact]
    public async Task DeactivatedUserCannotSignInAndTheirTokenStopsWorking()
    {
        var admin = await app.CreateAdminAsync();
        var agent = await app.CreateUserAsync();
        await (await agent.Client.GetAsync("/api/v1/me")).ExpectAsync(HttpStatusCode.OK);

        var updated = await (await admin.Client.PatchJsonAsync($"/api/v1/agents/{agent.Id}", new { is_active = false })).ExpectAsync(HttpStatusCode.OK);
        Assert.False(updated["is_active"]!.GetValue<bool>());

        await (await agent.Client.GetAsync("/api/v1/me")).ExpectProblemAsync(HttpStatusCode.Unauthorized);
        await (await app.CreateClient(null).PostJsonAsync("/api/v1/auth/token", Grant(agent.Email, RapportApp.Password))).ExpectProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task TokensCanBeCreatedListedAndRevokedAndRevocationIsImmediate()
    {
        var user = await app.CreateUserAsync(Role.Agent, TokenScope.Write);
        var created = await (await user.Client.PostJsonAsync("/api/v1/me/tokens", new { name = "script", scope = "read" })).ExpectAsync(HttpStatusCode.Created);
        var id = created["id"]!.GetValue<long>();
        var client = app.CreateClient(created["token"]!.GetValue<string>());
        await (await client.GetAsync("/api/v1/me")).ExpectAsync(HttpStatusCode.OK);

        var list = await (await user.Client.GetAsync("/api/v1/me/tokens")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(2, list["items"]!.AsArray().Count);

        await (await user.Client.DeleteAsync($"/api/v1/me/tokens/{id}")).ExpectAsync(HttpStatusCode.NoContent);
        await (await client.GetAsync("/api/v1/me")).ExpectProblemAsync(HttpStatusCode.Unauthorized);
        list = await (await user.Client.GetAsync("/api/v1/me/tokens")).ExpectAsync(HttpStatusCode.OK);
        Assert.Single(list["items"]!.AsArray());
    }

    [Fact]
    public async Task AnotherUsersTokenCannotBeRevokedButAnAdminCan()
    {
        var owner = await app.CreateUserAsync();
        var other = await app.CreateUserAsync();
        var admin = await app.CreateAdminAsync();

        await (await other.Client.DeleteAsync($"/api/v1/me/tokens/{owner.TokenId}")).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await other.Client.GetAsync("/api/v1/tokens")).ExpectProblemAsync(HttpStatusCode.Forbidden);
        await (await owner.Client.GetAsync("/api/v1/me")).ExpectAsync(HttpStatusCode.OK);

        var all = await (await admin.Client.GetAsync($"/api/v1/tokens?user_id={owner.Id}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(owner.TokenId, Assert.Single(all["items"]!.AsArray())!["id"]!.GetValue<long>());
        await (await admin.Client.DeleteAsync($"/api/v1/tokens/{owner.TokenId}")).ExpectAsync(HttpStatusCode.NoContent);
        await (await owner.Client.GetAsync("/api/v1/me")).ExpectProblemAsync(HttpStatusCode.Unauthorized);
        await (await admin.Client.DeleteAsync("/api/v1/tokens/987654321")).ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task NoTokenMayMintABroaderScopeThanItsOwn()
    {
        var writer = await app.CreateUserAsync(Role.Admin, TokenScope.Write);
        await (await writer.Client.PostJsonAsync("/api/v1/me/tokens", new { name = "x", scope = "admin" })).ExpectProblemAsync(HttpStatusCode.Forbidden);
        await (await writer.Client.PostJsonAsync("/api/v1/me/tokens", new { name = "x", scope = "write" })).ExpectAsync(HttpStatusCode.Created);

        var agent = await app.CreateUserAsync(Role.Agent, TokenScope.Admin);
        await (await agent.Client.PostJsonAsync("/api/v1/me/tokens", new { name = "x", scope = "admin" })).ExpectProblemAsync(HttpStatusCode.Forbidden);
        await (await app.CreateClient(null).PostJsonAsync("/api/v1/auth/token", new { email = agent.Email, password = RapportApp.Password, name = "x", scope = "admin" }))
            .ExpectProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task ReadOnlyTokenCannotWrite()
    {
        var reader = await app.CreateUserAsync(Role.Admin, TokenScope.Read);
        await (await reader.Client.GetAsync("/api/v1/me")).ExpectAsync(HttpStatusCode.OK);
        await (await reader.Client.PatchJsonAsync("/api/v1/me", new { display_name = "New" })).ExpectProblemAsync(HttpStatusCode.Forbidden);
        await (await reader.Client.PostJsonAsync("/api/v1/me/tokens", new { name = "x", scope = "read" })).ExpectProblemAsync(HttpStatusCode.Forbidden);
        await (await reader.Client.PostJsonAsync("/api/v1/teams", new { name = "Readers" })).ExpectProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task AgentCannotDoAdminWork()
    {
        var agent = await app.CreateUserAsync(Role.Agent, TokenScope.Admin);
        await (await agent.Client.PostJsonAsync("/api/v1/agents", new { email = "a@example.test", display_name = "A" })).ExpectProblemAsync(HttpStatusCode.Forbidden);
        await (await agent.Client.PatchJsonAsync($"/api/v1/agents/{agent.Id}", new { role = "admin" })).ExpectProblemAsync(HttpStatusCode.Forbidden);
        await (await agent.Client.PostJsonAsync("/api/v1/teams", new { name = "Agents only" })).ExpectProblemAsync(HttpStatusCode.Forbidden);
        await (await agent.Client.PatchJsonAsync("/api/v1/settings", new { business_name = "Mine" })).ExpectProblemAsync(HttpStatusCode.Forbidden);
        await (await agent.Client.GetAsync("/api/v1/agents")).ExpectAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task NoTokenGets401()
    {
        var anonymous = app.CreateClient(null);
        await (await anonymous.GetAsync("/api/v1/me")).ExpectProblemAsync(HttpStatusCode.Unauthorized);
        await (await anonymous.GetAsync("/api/v1/agents")).ExpectProblemAsync(HttpStatusCode.Unauthorized);
        await (await app.CreateClient("rpt_not-a-real-token").GetAsync("/api/v1/teams")).ExpectProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task MalformedJsonAndWrongTypesGet400()
    {
        var admin = await app.CreateAdminAsync();
        await (await admin.Client.PatchAsync("/api/v1/me", ApiAssertions.RawJson("{\"display_name\": "))).ExpectProblemAsync(HttpStatusCode.BadRequest);
        await (await admin.Client.PostAsync("/api/v1/agents", ApiAssertions.RawJson("{\"email\":\"x@example.test\",\"display_name\":\"X\",\"role\":1}"))).ExpectProblemAsync(HttpStatusCode.BadRequest);
        await (await admin.Client.PostAsync("/api/v1/me/tokens", ApiAssertions.RawJson("{\"name\":\"x\",\"scope\":\"root\"}"))).ExpectProblemAsync(HttpStatusCode.BadRequest);
        await (await admin.Client.GetAsync("/api/v1/agents?active=perhaps")).ExpectProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task OverLongAndInvalidFieldsAreNamedInTheProblem()
    {
        var user = await app.CreateUserAsync();
        var problem = await (await user.Client.PatchJsonAsync("/api/v1/me", new
        {
            display_name = new string('x', 201),
            language = "de",
            time_zone = "Mars/Olympus_Mons",
            new_password = "short",
            current_password = "wrong",
        })).ExpectProblemAsync(HttpStatusCode.BadRequest);
        var errors = problem["errors"]!.AsObject();
        foreach (var field in new[] { "display_name", "language", "time_zone", "new_password", "current_password" })
        {
            Assert.True(errors.ContainsKey(field), $"{field} missing from {problem}");
        }

        var admin = await app.CreateAdminAsync();
        problem = await (await admin.Client.PostJsonAsync("/api/v1/agents", new { email = "not-an-email", display_name = "" })).ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem["errors"]!["email"] is not null && problem["errors"]!["display_name"] is not null, problem.ToJsonString());
        problem = await (await admin.Client.PostJsonAsync("/api/v1/teams", new { name = new string('t', 101), description = new string('d', 1001) })).ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem["errors"]!["name"] is not null && problem["errors"]!["description"] is not null, problem.ToJsonString());
        await (await admin.Client.GetAsync("/api/v1/agents?limit=500")).ExpectProblemAsync(HttpStatusCode.BadRequest);
        await (await admin.Client.GetAsync("/api/v1/agents?cursor=nonsense!")).ExpectProblemAsync(HttpStatusCode.BadRequest);
        await (await admin.Client.GetAsync("/api/v1/agents?role=boss")).ExpectProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task ProfileUpdatesAndPasswordChangeNeedsTheCurrentPassword()
    {
        var user = await app.CreateUserAsync();
        var me = await (await user.Client.PatchJsonAsync("/api/v1/me", new { display_name = "Ānahit", language = "hy", time_zone = "Asia/Yerevan" })).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("Ānahit", me["display_name"]!.GetValue<string>());
        Assert.Equal("hy", me["language"]!.GetValue<string>());
        Assert.Equal("Asia/Yerevan", me["time_zone"]!.GetValue<string>());

        await (await user.Client.PatchJsonAsync("/api/v1/me", new { new_password = "a brand new password" })).ExpectProblemAsync(HttpStatusCode.BadRequest);
        await (await user.Client.PatchJsonAsync("/api/v1/me", new { new_password = "a brand new password", current_password = RapportApp.Password })).ExpectAsync(HttpStatusCode.OK);
        await (await app.CreateClient(null).PostJsonAsync("/api/v1/auth/token", Grant(user.Email, "a brand new password"))).ExpectAsync(HttpStatusCode.Created);
    }

    [Fact]
    public async Task UnknownIdsGet404()
    {
        var admin = await app.CreateAdminAsync();
        await (await admin.Client.GetAsync("/api/v1/agents/987654321")).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await admin.Client.PatchJsonAsync("/api/v1/agents/987654321", new { display_name = "X" })).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await admin.Client.GetAsync("/api/v1/teams/987654321")).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await admin.Client.PutAsync($"/api/v1/teams/987654321/members/{admin.Id}", null)).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await admin.Client.DeleteAsync("/api/v1/me/tokens/987654321")).ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task AdminAddsAnAgentWhoSetsTheirPasswordThroughTheInvite()
    {
        var admin = await app.CreateAdminAsync();
        var email = $"new-{Guid.NewGuid():N}@Example.test";
        var created = await (await admin.Client.PostJsonAsync("/api/v1/agents", new { email, display_name = "Sona", role = "light_agent" })).ExpectAsync(HttpStatusCode.Created);
        Assert.Equal(email.ToLowerInvariant(), created["agent"]!["email"]!.GetValue<string>());
        Assert.Equal("light_agent", created["agent"]!["role"]!.GetValue<string>());
        Assert.False(created["agent"]!["has_password"]!.GetValue<bool>());
        var inviteUrl = new Uri(created["invite_url"]!.GetValue<string>());
        Assert.Equal("/invite", inviteUrl.AbsolutePath);

        await (await admin.Client.PostJsonAsync("/api/v1/agents", new { email, display_name = "Again" })).ExpectProblemAsync(HttpStatusCode.Conflict);

        var browser = app.CreateClient(null);
        var (html, antiforgery) = await Forms.GetFormAsync(browser, inviteUrl.PathAndQuery);
        Assert.Contains("Sona", html, StringComparison.Ordinal);
        var token = System.Web.HttpUtility.ParseQueryString(inviteUrl.Query)["token"]!;
        var mismatch = await Forms.PostAsync(browser, "/invite", antiforgery, ("token", token), ("password", "a good long password"), ("password_confirmation", "something else"));
        Assert.Equal(HttpStatusCode.BadRequest, mismatch.StatusCode);
        var accepted = await Forms.PostAsync(browser, "/invite", antiforgery, ("token", token), ("password", "a good long password"), ("password_confirmation", "a good long password"));
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
        Assert.Equal("/", accepted.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/profile")).StatusCode);

        await (await app.CreateClient(null).PostJsonAsync("/api/v1/auth/token", Grant(email, "a good long password", "read"))).ExpectAsync(HttpStatusCode.Created);
        Assert.Equal(HttpStatusCode.NotFound, (await app.CreateClient(null).GetAsync(inviteUrl.PathAndQuery)).StatusCode);
    }

    [Fact]
    public async Task TheLastActiveAdminCannotBeDemotedOrDeactivated()
    {
        var admin = await app.CreateAdminAsync();
        // Make this the only active admin in the shared database.
        await app.WithDbAsync(db => db.Users.Where(u => u.Role == Role.Admin && u.Id != admin.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.IsActive, false)));

        await (await admin.Client.PatchJsonAsync($"/api/v1/agents/{admin.Id}", new { role = "agent" })).ExpectProblemAsync(HttpStatusCode.Conflict);
        await (await admin.Client.PatchJsonAsync($"/api/v1/agents/{admin.Id}", new { is_active = false })).ExpectProblemAsync(HttpStatusCode.Conflict);

        var second = await app.CreateAdminAsync();
        await (await second.Client.PatchJsonAsync($"/api/v1/agents/{admin.Id}", new { role = "agent" })).ExpectAsync(HttpStatusCode.OK);
        await (await admin.Client.GetAsync("/api/v1/tokens")).ExpectProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task AgentsCanBeFilteredAndPaged()
    {
        var admin = await app.CreateAdminAsync();
        var mine = new List<long>();
        for (var i = 0; i < 3; i++)
        {
            mine.Add((await app.CreateUserAsync(Role.LightAgent)).Id);
        }
        var seen = new List<JsonNode>();
        string? cursor = null;
        do
        {
            var page = await (await admin.Client.GetAsync($"/api/v1/agents?role=light_agent&active=true&limit=2{(cursor is null ? "" : "&cursor=" + cursor)}")).ExpectAsync(HttpStatusCode.OK);
            Assert.True(page["items"]!.AsArray().Count <= 2);
            seen.AddRange(page["items"]!.AsArray()!);
            cursor = page["next_cursor"]?.GetValue<string>();
        }
        while (cursor is not null);
        var ids = seen.Select(a => a["id"]!.GetValue<long>()).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.All(mine, id => Assert.Contains(id, ids));
        Assert.All(seen, a => Assert.Equal("light_agent", a["role"]!.GetValue<string>()));
    }

    [Fact]
    public async Task TeamsHaveUniqueNamesMembersAndALead()
    {
        var admin = await app.CreateAdminAsync();
        var agent = await app.CreateUserAsync();
        var name = $"Billing {Guid.NewGuid():N}"[..20];
        var team = await (await admin.Client.PostJsonAsync("/api/v1/teams", new { name, description = "Invoices" })).ExpectAsync(HttpStatusCode.Created);
        var id = team["id"]!.GetValue<long>();
        await (await admin.Client.PostJsonAsync("/api/v1/teams", new { name })).ExpectProblemAsync(HttpStatusCode.Conflict);

        var detail = await (await admin.Client.PutAsync($"/api/v1/teams/{id}/members/{agent.Id}", null)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(agent.Id, Assert.Single(detail["members"]!.AsArray())!["id"]!.GetValue<long>());
        await (await admin.Client.PutAsync($"/api/v1/teams/{id}/members/{agent.Id}", null)).ExpectAsync(HttpStatusCode.OK);
        await (await admin.Client.PutAsync($"/api/v1/teams/{id}/members/987654321", null)).ExpectProblemAsync(HttpStatusCode.NotFound);

        var problem = await (await admin.Client.PatchJsonAsync($"/api/v1/teams/{id}", new { lead_user_id = 987654321 })).ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.NotNull(problem["errors"]!["lead_user_id"]);
        detail = await (await admin.Client.PatchJsonAsync($"/api/v1/teams/{id}", new { lead_user_id = agent.Id, description = "" })).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(agent.Id, detail["lead_user_id"]!.GetValue<long>());
        Assert.Null(detail["description"]);

        var list = await (await agent.Client.GetAsync("/api/v1/teams?limit=200")).ExpectAsync(HttpStatusCode.OK);
        Assert.Contains(list["items"]!.AsArray(), t => t!["id"]!.GetValue<long>() == id && t["member_count"]!.GetValue<int>() == 1);

        await (await admin.Client.DeleteAsync($"/api/v1/teams/{id}/members/{agent.Id}")).ExpectAsync(HttpStatusCode.NoContent);
        detail = await (await agent.Client.GetAsync($"/api/v1/teams/{id}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Empty(detail["members"]!.AsArray());
        Assert.Null(detail["lead_user_id"]);
        await (await admin.Client.DeleteAsync($"/api/v1/teams/{id}/members/{agent.Id}")).ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task AdminsChangeWorkspaceSettings()
    {
        var admin = await app.CreateAdminAsync();
        var agent = await app.CreateUserAsync();
        var settings = await (await admin.Client.PatchJsonAsync("/api/v1/settings", new { business_name = "Kavir Tea", default_language = "fa" })).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("Kavir Tea", settings["business_name"]!.GetValue<string>());
        settings = await (await agent.Client.GetAsync("/api/v1/settings")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("fa", settings["default_language"]!.GetValue<string>());
        var problem = await (await admin.Client.PatchJsonAsync("/api/v1/settings", new { default_language = "fr", business_name = " " })).ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.NotNull(problem["errors"]!["default_language"]);
        Assert.NotNull(problem["errors"]!["business_name"]);
    }

    [Fact]
    public async Task AdminCreateVerbRefusesAnExistingEmail()
    {
        var email = $"boss-{Guid.NewGuid():N}@example.test";
        var output = new StringWriter();
        var error = new StringWriter();
        Assert.Equal(0, await AdminCommand.CreateAsync(app.Services, email, "Boss", "long enough password", output, error));
        Assert.Contains(email, output.ToString(), StringComparison.Ordinal);
        Assert.Equal(Role.Admin, await app.WithDbAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.Role).SingleAsync()));

        Assert.Equal(1, await AdminCommand.CreateAsync(app.Services, email.ToUpperInvariant(), "Boss", "long enough password", output, error));
        Assert.Contains("already exists", error.ToString(), StringComparison.Ordinal);
        Assert.Equal(1, await AdminCommand.CreateAsync(app.Services, "other@example.test", "Boss", "short", output, error));
    }
}

public sealed class AccountsApiTestsOnSqlite(SqliteApp app) : AccountsApiTests(app), IClassFixture<SqliteApp>;

public sealed class AccountsApiTestsOnPostgres(PostgresApp app) : AccountsApiTests(app), IClassFixture<PostgresApp>;
