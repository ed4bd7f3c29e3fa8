using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rapport.Data;
using Rapport.Features.Customers;
using Rapport.Tests.Infrastructure;
using Rapport.Web;

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
    public async Task ARequestWhoseProcessDiedAfterItsCommitIsNeverRunAgain()
    {
        var user = await app.CreateUserAsync();
        var key = Guid.NewGuid().ToString();
        var name = $"Crashed {key}";
        var body = $$"""{"full_name":"{{name}}"}""";
        var id = IdempotencyMiddleware.RecordId(user.Id.ToString(CultureInfo.InvariantCulture), "POST", "/api/v1/customers", key);
        var started = app.Clock.GetUtcNow().UtcDateTime.AddMinutes(-3);
        // What a process leaves when it dies between the handler's commit and keeping the response:
        // its reservation, and the handler's change saved through the same context.
        await app.WithDbAsync(async db =>
        {
            db.IdempotencyRecords.Add(new IdempotencyRecord { Id = id, RequestHash = Sha256(body), CreatedAt = started });
            await db.SaveChangesAsync();
            db.PendingIdempotencyKey = id;
            db.Customers.Add(new Customer(name, started));
            await db.SaveChangesAsync();
        });
        Assert.Equal(IdempotencyRecord.Applied, await app.WithDbAsync(db => db.IdempotencyRecords.Where(r => r.Id == id).Select(r => r.StatusCode).SingleAsync()));

        await (await user.Client.SendAsync(CreateCustomer(key, name))).ExpectProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(1, await app.WithDbAsync(db => db.Customers.CountAsync(c => c.FullName == name)));
    }

    [Fact]
    public async Task AReservationThatCommittedNothingIsTakenOverOnceAbandoned()
    {
        var user = await app.CreateUserAsync();
        var key = Guid.NewGuid().ToString();
        var name = $"Abandoned {key}";
        var id = IdempotencyMiddleware.RecordId(user.Id.ToString(CultureInfo.InvariantCulture), "POST", "/api/v1/customers", key);
        await app.WithDbAsync(async db =>
        {
            db.IdempotencyRecords.Add(new IdempotencyRecord
            {
                Id = id, RequestHash = Sha256($$"""{"full_name":"{{name}}"}"""), CreatedAt = app.Clock.GetUtcNow().UtcDateTime.AddMinutes(-3),
            });
            await db.SaveChangesAsync();
        });

        await (await user.Client.SendAsync(CreateCustomer(key, name))).ExpectAsync(HttpStatusCode.Created);
        Assert.Equal(1, await app.WithDbAsync(db => db.Customers.CountAsync(c => c.FullName == name)));
    }

    [Fact]
    public async Task ResponsesThatCarryAOneTimeSecretAreNotKeptAndTheirReplayIsGone()
    {
        var admin = await app.CreateAdminAsync();
        var anonymous = app.CreateClient((string?)null);
        var secrets = new List<string>();

        var grant = Post("/api/v1/auth/token", $$"""{"email":"{{admin.Email}}","password":"{{RapportApp.Password}}","name":"curl","scope":"read"}""");
        secrets.Add((await (await anonymous.SendAsync(grant())).ExpectAsync(HttpStatusCode.Created))["token"]!.GetValue<string>());
        await ExpectGoneAsync(await anonymous.SendAsync(grant()), "/api/v1/me/tokens/");

        var mine = Post("/api/v1/me/tokens", """{"name":"script","scope":"read"}""");
        secrets.Add((await (await admin.Client.SendAsync(mine())).ExpectAsync(HttpStatusCode.Created))["token"]!.GetValue<string>());
        await ExpectGoneAsync(await admin.Client.SendAsync(mine()), "/api/v1/me/tokens/");

        var invite = Post("/api/v1/agents", $$"""{"email":"invited-{{Guid.NewGuid():N}}@example.test","display_name":"Invited","role":"agent"}""");
        var created = await (await admin.Client.SendAsync(invite())).ExpectAsync(HttpStatusCode.Created);
        secrets.Add(InviteToken(created["invite_url"]!.GetValue<string>()));
        await ExpectGoneAsync(await admin.Client.SendAsync(invite()), "/api/v1/agents/");

        var reinvite = Post($"/api/v1/agents/{created["agent"]!["id"]!.GetValue<long>()}/invite", "{}");
        secrets.Add(InviteToken((await (await admin.Client.SendAsync(reinvite())).ExpectAsync(HttpStatusCode.OK))["invite_url"]!.GetValue<string>()));
        await ExpectGoneAsync(await admin.Client.SendAsync(reinvite()), null);

        var stored = await app.WithDbAsync(db => db.IdempotencyRecords.AsNoTracking().ToListAsync());
        var text = string.Join("\n", stored.Select(r => $"{r.Location} {(r.Body is null ? "" : Encoding.UTF8.GetString(r.Body))}"));
        Assert.DoesNotContain("rpt_", text, StringComparison.Ordinal);
        Assert.All(secrets, secret => Assert.DoesNotContain(secret, text, StringComparison.Ordinal));
        Assert.DoesNotContain("invite?token=", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ARequestCarryingAPasswordIsNotKeptAsAFastHashOfItsBody()
    {
        var user = await app.CreateUserAsync();
        var anonymous = app.CreateClient((string?)null);
        var key = Guid.NewGuid().ToString();
        var body = $$"""{"email":"{{user.Email}}","password":"{{RapportApp.Password}}","name":"curl","scope":"read"}""";
        HttpRequestMessage Grant(string json) => new(HttpMethod.Post, "/api/v1/auth/token") { Content = ApiAssertions.RawJson(json), Headers = { { "Idempotency-Key", key } } };

        await (await anonymous.SendAsync(Grant(body))).ExpectAsync(HttpStatusCode.Created);

        // A plain SHA-256 of the body would let anyone holding the database test password guesses fast.
        Assert.DoesNotContain(Sha256(body), await app.WithDbAsync(db => db.IdempotencyRecords.Select(r => r.RequestHash).ToListAsync()));
        await ExpectGoneAsync(await anonymous.SendAsync(Grant(body)), "/api/v1/me/tokens/");
        await (await anonymous.SendAsync(Grant(body.Replace("curl", "other", StringComparison.Ordinal)))).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);

        // A mailbox's IMAP and SMTP passwords are kept encrypted; the idempotency record must not undo that.
        var admin = await app.CreateAdminAsync();
        var mailbox = $$$"""{"address":"support-{{{Guid.NewGuid():N}}}@example.test","imap":{"host":"imap.example.test","user":"support","password":"mailbox secret"}}""";
        await admin.Client.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/v1/mailboxes")
        {
            Content = ApiAssertions.RawJson(mailbox), Headers = { { "Idempotency-Key", Guid.NewGuid().ToString() } },
        });
        var hashes = await app.WithDbAsync(db => db.IdempotencyRecords.Select(r => r.RequestHash).ToListAsync());
        Assert.DoesNotContain(Sha256(mailbox), hashes);
    }

    /// <summary>A request factory: each send needs a fresh message with the same key and body.</summary>
    private static Func<HttpRequestMessage> Post(string url, string json)
    {
        var key = Guid.NewGuid().ToString();
        return () => new HttpRequestMessage(HttpMethod.Post, url) { Content = ApiAssertions.RawJson(json), Headers = { { "Idempotency-Key", key } } };
    }

    private static async Task ExpectGoneAsync(HttpResponseMessage replay, string? locationStart)
    {
        var problem = await replay.ExpectProblemAsync(HttpStatusCode.Gone);
        Assert.Contains("shown once", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("true", replay.Headers.GetValues("Idempotent-Replayed").Single());
        if (locationStart is not null)
        {
            Assert.StartsWith(locationStart, replay.Headers.Location!.OriginalString, StringComparison.Ordinal);
        }
    }

    private static string InviteToken(string url) => Uri.UnescapeDataString(url[(url.IndexOf("token=", StringComparison.Ordinal) + "token=".Length)..]);

    /// <summary>What a process leaves in the node table: its id, machine, process and last heartbeat.</summary>
    private Task AddInstanceAsync(string id, string host, int processId, DateTime heartbeat) => app.WithDbAsync(async db =>
    {
        db.NodeInstances.Add(new NodeInstance { Id = id, Host = host, ProcessId = processId, ProcessStartedAt = DateTime.UtcNow, HeartbeatAt = heartbeat });
        await db.SaveChangesAsync();
    });

    /// <summary>A reservation of <paramref name="owner"/> made just now, as a request cut off mid-way leaves it.</summary>
    private async Task<(TestUser User, string Key, string Name)> ReservationOfAsync(string owner, bool applied = false)
    {
        var user = await app.CreateUserAsync();
        var key = Guid.NewGuid().ToString();
        var name = $"Cut off {key}";
        var id = IdempotencyMiddleware.RecordId(user.Id.ToString(CultureInfo.InvariantCulture), "POST", "/api/v1/customers", key);
        var now = app.Clock.GetUtcNow().UtcDateTime;
        await app.WithDbAsync(async db =>
        {
            db.IdempotencyRecords.Add(new IdempotencyRecord { Id = id, RequestHash = Sha256($$"""{"full_name":"{{name}}"}"""), CreatedAt = now, OwnerInstance = owner });
            await db.SaveChangesAsync();
            if (applied)
            {
                db.PendingIdempotencyKey = id;
                db.Customers.Add(new Customer(name, now));
                await db.SaveChangesAsync();
            }
        });
        return (user, key, name);
    }

    // No process has this id on Linux (above the largest pid_max) or Windows (a multiple of 4 is required there).
    private const int NoSuchProcess = 4_194_305;

    [Fact]
    public async Task AReservationOfAProcessThatDiedOnThisMachineIsTakenOverAtOnce()
    {
        var dead = Guid.NewGuid().ToString("N");
        await AddInstanceAsync(dead, ThisInstance(), NoSuchProcess, app.Clock.GetUtcNow().UtcDateTime);
        var (user, key, name) = await ReservationOfAsync(dead);

        await (await user.Client.SendAsync(CreateCustomer(key, name))).ExpectAsync(HttpStatusCode.Created);
        Assert.Equal(1, await app.WithDbAsync(db => db.Customers.CountAsync(c => c.FullName == name)));
    }

    [Fact]
    public async Task AReservationOfAnInstanceWhoseHeartbeatStoppedIsTakenOverAtOnce()
    {
        var silent = Guid.NewGuid().ToString("N");
        await AddInstanceAsync(silent, "another-node", 1234, app.Clock.GetUtcNow().UtcDateTime.AddMinutes(-1));
        var (user, key, name) = await ReservationOfAsync(silent);

        await (await user.Client.SendAsync(CreateCustomer(key, name))).ExpectAsync(HttpStatusCode.Created);
    }

    [Fact]
    public async Task AReservationOfAnUnknownInstanceIsTakenOverAtOnce()
    {
        var (user, key, name) = await ReservationOfAsync(Guid.NewGuid().ToString("N"));
        await (await user.Client.SendAsync(CreateCustomer(key, name))).ExpectAsync(HttpStatusCode.Created);
    }

    [Fact]
    public async Task AReservationOfALiveInstanceStillAnswersConflict()
    {
        var live = Guid.NewGuid().ToString("N");
        await AddInstanceAsync(live, "another-node", 1234, app.Clock.GetUtcNow().UtcDateTime);
        var (user, key, name) = await ReservationOfAsync(live);
        var problem = await (await user.Client.SendAsync(CreateCustomer(key, name))).ExpectProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains("still being processed", problem["title"]!.GetValue<string>(), StringComparison.Ordinal);

        var (mine, myKey, myName) = await ReservationOfAsync(app.Services.GetRequiredService<Rapport.Data.ThisInstance>().Id);
        await (await mine.Client.SendAsync(CreateCustomer(myKey, myName))).ExpectProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(0, await app.WithDbAsync(db => db.Customers.CountAsync(c => c.FullName == name || c.FullName == myName)));
    }

    [Fact]
    public async Task AnAppliedRequestOfADeadInstanceIsReportedDoneAtOnceAndNeverRunAgain()
    {
        var (user, key, name) = await ReservationOfAsync(Guid.NewGuid().ToString("N"), applied: true);
        var problem = await (await user.Client.SendAsync(CreateCustomer(key, name))).ExpectProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains("carried out", problem["title"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(1, await app.WithDbAsync(db => db.Customers.CountAsync(c => c.FullName == name)));
    }

    private string ThisInstance() => app.Services.GetRequiredService<Rapport.Data.ThisInstance>().Host;

    private static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    [Fact]
    public async Task AnOverlongKeyIsABadRequest()
    {
        var user = await app.CreateUserAsync();
        await (await user.Client.SendAsync(CreateCustomer(new string('k', 201), "Long key"))).ExpectProblemAsync(HttpStatusCode.BadRequest);
    }
}

public sealed class IdempotencyTestsOnSqlite(SqliteApp app) : IdempotencyTests(app), IClassFixture<SqliteApp>;

public sealed class IdempotencyTestsOnPostgres(PostgresApp app) : IdempotencyTests(app), IClassFixture<PostgresApp>;
