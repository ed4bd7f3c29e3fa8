using Microsoft.EntityFrameworkCore;
using System.Net;
using Rapport.Tests.Infrastructure;

namespace Rapport.Tests.Web;

public abstract class PlumbingTests(RapportApp app)
{
    [Fact]
    public async Task HealthzSaysAliveWithoutSigningIn()
    {
        var body = await (await app.CreateClient(null).GetAsync("/healthz")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("alive", body["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task ReadyzSaysReadyWhenTheDatabaseIsMigrated()
    {
        var body = await (await app.CreateClient(null).GetAsync("/readyz")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("ready", body["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task ReadyzSaysNotReadyWhenAMigrationIsMissing()
    {
        await app.WithDbAsync(db => db.Database.ExecuteSqlRawAsync("UPDATE schema_migrations SET version = 'gone' WHERE version = '0001_initial'"));
        try
        {
            await (await app.CreateClient(null).GetAsync("/readyz")).ExpectProblemAsync(HttpStatusCode.ServiceUnavailable);
        }
        finally
        {
            await app.WithDbAsync(db => db.Database.ExecuteSqlRawAsync("UPDATE schema_migrations SET version = '0001_initial' WHERE version = 'gone'"));
        }
    }

    [Fact]
    public async Task OpenApiDocumentIsServed()
    {
        var body = await (await app.CreateClient(null).GetAsync("/openapi/v1.json")).ExpectAsync(HttpStatusCode.OK);
        Assert.NotNull(body["openapi"]);
        Assert.NotNull(body["paths"]);
    }

    [Fact]
    public async Task ApiWithoutATokenIsAProblem401()
    {
        var response = await app.CreateClient(null).GetAsync("/api/v1/me");
        await response.ExpectProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task ApiWithAnUnknownTokenIs401()
    {
        var response = await app.CreateClient("rpt_not-a-real-token").GetAsync("/api/v1/me");
        await response.ExpectProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task ApiWithARevokedTokenIs401()
    {
        var user = await app.CreateUserAsync();
        await app.WithDbAsync(async db =>
        {
            var token = await db.ApiTokens.FindAsync(user.TokenId);
            token!.Revoke(app.Clock.GetUtcNow().UtcDateTime);
            await db.SaveChangesAsync();
        });
        await (await user.Client.GetAsync("/api/v1/me")).ExpectProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task UnknownRouteIsAProblem404()
    {
        var user = await app.CreateUserAsync();
        await (await user.Client.GetAsync("/api/v1/no-such-thing")).ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task EveryResponseCarriesAStrictContentSecurityPolicy()
    {
        var response = await app.CreateClient(null).GetAsync("/healthz");
        var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
    }
}

public sealed class PlumbingTestsOnSqlite(SqliteApp app) : PlumbingTests(app), IClassFixture<SqliteApp>;

public sealed class PlumbingTestsOnPostgres(PostgresApp app) : PlumbingTests(app), IClassFixture<PostgresApp>;
