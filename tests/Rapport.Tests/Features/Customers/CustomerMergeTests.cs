using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Rapport.Features.Accounts;
using Rapport.Features.Customers;
using Rapport.Features.Timeline;
using Rapport.Tests.Infrastructure;
using static Rapport.Tests.Features.Customers.CustomersApiTests;

namespace Rapport.Tests.Features.Customers;

public abstract partial class CustomerMergeTests(RapportApp app)
{
    [Fact]
    public async Task MergeMovesEverythingToTheTargetAndKeepsTheHistoryOfBoth()
    {
        var agent = await app.CreateUserAsync(Role.Agent, TokenScope.Write);
        var tag = "m" + Guid.NewGuid().ToString("N")[..6];
        var targetEmail = Email("target");
        var sourceEmail = Email("source");
        var sourcePhone = Phone();
        var target = (await CreateCustomerAsync(agent.Client, new { full_name = "Anahit Sargsyan", emails = new[] { targetEmail }, tags = new[] { tag } }))["id"]!.GetValue<long>();
        var source = (await CreateCustomerAsync(agent.Client, new
        {
            full_name = "Ani S.",
            language = "hy",
            time_zone = "Asia/Yerevan",
            tier = "gold",
            emails = new[] { sourceEmail },
            phones = new[] { sourcePhone },
            tags = new[] { tag, tag + "-vip" },
        }))["id"]!.GetValue<long>();
        await (await agent.Client.PostJsonAsync($"/api/v1/customers/{source}/notes", new { body = "Called about the invoice." })).ExpectAsync(HttpStatusCode.Created);
        await InsertConversationAsync(app, source);
        await InsertConversationAsync(app, source);
        // A record merged into the source earlier must end up pointing at the target.
        var older = (await CreateCustomerAsync(agent.Client, new { full_name = "Ani (old)" }))["id"]!.GetValue<long>();
        await (await agent.Client.PostJsonAsync($"/api/v1/customers/{source}/merge", new { source_id = older })).ExpectAsync(HttpStatusCode.OK);

        var preview = await (await agent.Client.GetAsync($"/api/v1/customers/{target}/merge-preview?source_id={source}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(2, preview["conversations"]!.GetValue<int>());
        Assert.Equal(1, preview["notes"]!.GetValue<int>());
        Assert.Equal(new[] { tag + "-vip" }, preview["tags"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.Equal(2, preview["identities"]!.AsArray().Count);
        var filled = preview["filled_fields"]!.AsArray().Select(f => f!.GetValue<string>()).ToList();
        Assert.Equal(new[] { "language", "tier", "time_zone" }, filled.Order());

        var merged = await (await agent.Client.PostJsonAsync($"/api/v1/customers/{target}/merge", new { source_id = source })).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("Anahit Sargsyan", merged["full_name"]!.GetValue<string>());
        Assert.Equal("hy", merged["language"]!.GetValue<string>());
        Assert.Equal("gold", merged["tier"]!.GetValue<string>());
        var values = merged["identities"]!.AsArray().Select(i => i!["value"]!.GetValue<string>()).ToList();
        Assert.Contains(targetEmail, values);
        Assert.Contains(sourceEmail, values);
        Assert.Contains(sourcePhone, values);
        Assert.Single(merged["identities"]!.AsArray(), i => i!["kind"]!.GetValue<string>() == "email" && i["is_primary"]!.GetValue<bool>());
        Assert.Equal(new[] { tag, tag + "-vip" }, merged["tags"]!.AsArray().Select(t => t!.GetValue<string>()));

        var sourceNow = await (await agent.Client.GetAsync($"/api/v1/customers/{source}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(target, sourceNow["merged_into_id"]!.GetValue<long>());
        Assert.Empty(sourceNow["identities"]!.AsArray());
        var olderNow = await (await agent.Client.GetAsync($"/api/v1/customers/{older}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(target, olderNow["merged_into_id"]!.GetValue<long>());

        var notes = await (await agent.Client.GetAsync($"/api/v1/customers/{target}/notes")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("Called about the invoice.", notes["items"]!.AsArray().Single()!["body"]!.GetValue<string>());
        Assert.Equal(2, await app.WithDbAsync(db => db.Conversations.CountAsync(c => c.CustomerId == target)));
        Assert.Equal(0, await app.WithDbAsync(db => db.Conversations.CountAsync(c => c.CustomerId == source)));

        // The log is append-only: both records keep their own activities, and each records the merge.
        var sourceKinds = await ActivityKindsAsync(app, source);
        Assert.Equal(ActivityKinds.CustomerCreated, sourceKinds[0]);
        Assert.Contains(ActivityKinds.CustomerNoteAdded, sourceKinds);
        Assert.Equal(ActivityKinds.CustomerMerged, sourceKinds[^1]);
        Assert.Equal(ActivityKinds.CustomerMerged, (await ActivityKindsAsync(app, target))[^1]);
        var targetMerge = await app.WithDbAsync(db => db.Activities.Where(a => a.CustomerId == target).OrderBy(a => a.Id).LastAsync());
        var data = JsonNode.Parse(targetMerge.Data)!;
        Assert.Equal(source, data["source_id"]!.GetValue<long>());
        Assert.Equal(2, data["moved"]!["conversations"]!.GetValue<int>());

        // Merged-away records are hidden from lists unless asked for; the identity now finds the target.
        var list = await (await agent.Client.GetAsync($"/api/v1/customers?tag={tag}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(new[] { target }, list["items"]!.AsArray().Select(c => c!["id"]!.GetValue<long>()));
        var all = await (await agent.Client.GetAsync($"/api/v1/customers?q={Uri.EscapeDataString("Ani")}&include_merged=true")).ExpectAsync(HttpStatusCode.OK);
        Assert.Contains(source, all["items"]!.AsArray().Select(c => c!["id"]!.GetValue<long>()));
        var byEmail = await (await agent.Client.GetAsync($"/api/v1/customers?q={Uri.EscapeDataString(sourceEmail)}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(new[] { target }, byEmail["items"]!.AsArray().Select(c => c!["id"]!.GetValue<long>()));

        // A merged record cannot be merged again, nor changed.
        await (await agent.Client.PostJsonAsync($"/api/v1/customers/{target}/merge", new { source_id = source })).ExpectProblemAsync(HttpStatusCode.Conflict);
        await (await agent.Client.PostJsonAsync($"/api/v1/customers/{source}/merge", new { source_id = target })).ExpectProblemAsync(HttpStatusCode.Conflict);
        await (await agent.Client.PatchJsonAsync($"/api/v1/customers/{source}", new { tier = "x" })).ExpectProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task MergingIntoItselfOrFromNothingIsRefused()
    {
        var agent = await app.CreateUserAsync(Role.Agent, TokenScope.Write);
        var id = (await CreateCustomerAsync(agent.Client, new { full_name = "Alone" }))["id"]!.GetValue<long>();
        await (await agent.Client.PostJsonAsync($"/api/v1/customers/{id}/merge", new { source_id = id })).ExpectProblemAsync(HttpStatusCode.Conflict);
        await (await agent.Client.GetAsync($"/api/v1/customers/{id}/merge-preview?source_id={id}")).ExpectProblemAsync(HttpStatusCode.Conflict);
        var missing = await (await agent.Client.PostJsonAsync($"/api/v1/customers/{id}/merge", new { source_id = 999999999 })).ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.NotNull(missing["errors"]!["source_id"]);
        await (await agent.Client.PostJsonAsync($"/api/v1/customers/{id}/merge", new { })).ExpectProblemAsync(HttpStatusCode.BadRequest);
        await (await agent.Client.PostJsonAsync("/api/v1/customers/999999999/merge", new { source_id = id })).ExpectProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(new[] { ActivityKinds.CustomerCreated }, await ActivityKindsAsync(app, id));
    }
}

public abstract partial class CustomerMergeTests
{
    [Fact]
    public async Task TheResolverFindsTheOwnerOfAnIdentityFollowingMergesAndCreatesOnlyOnce()
    {
        var agent = await app.CreateUserAsync(Role.Agent, TokenScope.Write);
        var email = Email("resolve");
        var now = app.Clock.GetUtcNow().UtcDateTime;
        var first = await app.WithDbAsync(async db =>
        {
            var customer = await CustomerResolver.FindOrCreateAsync(db, IdentityKind.Email, email, new string('ش', 400), Actor.System, now);
            await db.SaveChangesAsync();
            return customer;
        });
        Assert.Equal(300, first.FullName.Length);
        var again = await app.WithDbAsync(db => CustomerResolver.FindOrCreateAsync(db, IdentityKind.Email, email, "Other", Actor.System, now));
        Assert.Equal(first.Id, again.Id);

        var target = (await CreateCustomerAsync(agent.Client, new { full_name = "Resolved target" }))["id"]!.GetValue<long>();
        await (await agent.Client.PostJsonAsync($"/api/v1/customers/{target}/merge", new { source_id = first.Id })).ExpectAsync(HttpStatusCode.OK);
        var afterMerge = await app.WithDbAsync(db => CustomerResolver.FindOrCreateAsync(db, IdentityKind.Email, email, null, Actor.System, now));
        Assert.Equal(target, afterMerge.Id);
        var followed = await app.WithDbAsync(db => CustomerResolver.FollowMergesAsync(db, first.Id));
        Assert.Equal(target, followed.Id);
    }
}

public sealed class CustomerMergeTestsOnSqlite(SqliteApp app) : CustomerMergeTests(app), IClassFixture<SqliteApp>;

public sealed class CustomerMergeTestsOnPostgres(PostgresApp app) : CustomerMergeTests(app), IClassFixture<PostgresApp>;
