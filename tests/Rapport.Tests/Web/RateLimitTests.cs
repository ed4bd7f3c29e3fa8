using System.Net;
using Microsoft.AspNetCore.Hosting;
using Rapport.Data;
using Rapport.Tests.Infrastructure;

namespace Rapport.Tests.Web;

/// <summary>An app whose public endpoints allow three attempts a minute, so the limit is reached quickly.</summary>
public sealed class TightlyLimitedApp() : RapportApp(DatabaseProvider.Sqlite)
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("RateLimits:PublicPerMinute", "3");
    }
}

public sealed class RateLimitTests(TightlyLimitedApp app) : IClassFixture<TightlyLimitedApp>
{
    [Fact]
    public async Task RepeatedPasswordGuessesGetA429ProblemWithRetryAfter()
    {
        var client = app.CreateClient(null);
        var body = new { email = "nobody@example.test", password = "wrong password", name = "x", scope = "read" };
        for (var i = 0; i < 3; i++)
        {
            await (await client.PostJsonAsync("/api/v1/auth/token", body)).ExpectProblemAsync(HttpStatusCode.Unauthorized);
        }
        var limited = await client.PostJsonAsync("/api/v1/auth/token", body);
        await limited.ExpectProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.True(limited.Headers.RetryAfter is not null, "429 carries Retry-After");
    }
}
