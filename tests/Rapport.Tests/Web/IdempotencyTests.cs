using System.Net;
using Microsoft.EntityFrameworkCore;
using Rapport.Tests.Infrastructure;

namespace Rapport.Tests.Web;

public abstract class IdempotencyTests(RapportApp app)
{
    private static HttpRequestMessage CreateCustomer(string key, string name) => new(HttpMethod.Post, "/api/v1/customers")
    {
        Content = ApiAssertions.RawJson($$"""{"full_name":"{{name}}"}"""),
        Headers = { { "Idempotency-Key", key } },
    };

    [Fact]
    public async Task RetryWithTheSameKeyReturnsTheFirstResultAndCreatesNothingNew()
    {
        var user = await app.CreateUserAsync();
        var key = Guid.NewGuid().ToString();
        var name = $"Idem {key}";
        var first = await (await user.Client.SendAsync(CreateCustomer(key, name))).ExpectAsync(HttpStatusCode.Created);
        var retry = await user.Client.SendAsync(CreateCustomer(key, name));
        var again = await retry.ExpectAsync(HttpStatusCode.Created);

        Assert.Equal(first["id"]!.GetValue<long>(), again["id"]!.GetValue<long>());
        Assert.Equal("true", retry.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(1, await app.WithDbAsync(db => db.Customers.CountAsync(c => c.FullName == name)));
    }

    [Fact]
    public async Task ConcurrentRetriesCreateOneRecord()
    {
        var user = await app.CreateUserAsync();
        var key = Guid.NewGuid().ToString();
        var name = $"Concurrent {key}";
        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => user.Client.SendAsync(CreateCustomer(key, name))));

        Assert.All(responses, r => Assert.True(r.StatusCode is HttpStatusCode.Created or HttpStatusCode.Conflict, $"got {(int)r.StatusCode}"));
        Assert.Contains(responses, r => r.StatusCode == HttpStatusCode.Created);
        Assert.Equal(1, await app.WithDbAsync(db => db.Customers.CountAsync(c => c.FullName == name)));
    }

    [Fact]
    public async Task TheSameKeyWithADifferentBodyIsRefused()
    {
        var user = await app.CreateUserAsync();
        var key = Guid.NewGuid().ToString();
        await (await user.Client.SendAsync(CreateCustomer(key, "First body"))).ExpectAsync(HttpStatusCode.Created);
        await (await user.Client.SendAsync(CreateCustomer(key, "Second body"))).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task KeysBelongToTheirCaller()
    {
        var ana = await app.CreateUserAsync();
        var ben = await app.CreateUserAsync();
        var key = Guid.NewGuid().ToString();
        var a = await (await ana.Client.SendAsync(CreateCustomer(key, $"Ana's {key}"))).ExpectAsync(HttpStatusCode.Created);
        var b = await (await ben.Client.SendAsync(CreateCustomer(key, $"Ben's {key}"))).ExpectAsync(HttpStatusCode.Created);
        Assert.NotEqual(a["id"]!.GetValue<long>(), b["id"]!.GetValue<long>());
    }

    [Fact]
    public async Task AFailedValidationIsReplayedForTheSameKeyAndANewKeyRunsAgain()
    {
        var user = await app.CreateUserAsync();
        var key = Guid.NewGuid().ToString();
        await (await user.Client.SendAsync(CreateCustomer(key, ""))).ExpectProblemAsync(HttpStatusCode.BadRequest);
        // The same key and body replays the 400; a corrected request needs a new key, as with any payment API.
        await (await user.Client.SendAsync(CreateCustomer(key, ""))).ExpectProblemAsync(HttpStatusCode.BadRequest);
        await (await user.Client.SendAsync(CreateCustomer(Guid.NewGuid().ToString(), "Fixed name"))).ExpectAsync(HttpStatusCode.Created);
    }

    [Fact]
    public async Task AnOverlongKeyIsABadRequest()
    {
        var user = await app.CreateUserAsync();
        await (await user.Client.SendAsync(CreateCustomer(new string('k', 201), "Long key"))).ExpectProblemAsync(HttpStatusCode.BadRequest);
    }
}

public sealed class IdempotencyTestsOnSqlite(SqliteApp app) : IdempotencyTests(app), IClassFixture<SqliteApp>;

public sealed class IdempotencyTestsOnPostgres(PostgresApp app) : IdempotencyTests(app), IClassFixture<PostgresApp>;
