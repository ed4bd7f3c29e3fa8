using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Rapport.Data;
using Rapport.Features.Accounts;

namespace Rapport.Tests.Infrastructure;

/// <summary>
/// Rapport in the test host, on a database of its own. Subclasses pick SQLite or PostgreSQL, so a
/// test class written once runs on both.
/// </summary>
public abstract class RapportApp : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string Password = "correct horse battery staple";
    private int _users;

    protected RapportApp(DatabaseProvider provider)
    {
        Provider = provider;
        DataPath = Path.Combine(Path.GetTempPath(), $"rapport-test-{Guid.NewGuid():N}");
    }

    public DatabaseProvider Provider { get; }
    public string DataPath { get; }
    public string? ConnectionString { get; private set; }
    public TestClock Clock { get; } = new();

    public virtual async Task InitializeAsync()
    {
        Directory.CreateDirectory(DataPath);
        ConnectionString = Provider == DatabaseProvider.Postgres
            ? await (await PostgresServer.GetAsync()).CreateDatabaseAsync()
            : $"Data Source={Path.Combine(DataPath, "rapport.db")};Pooling=True";
        // Start the host now, which migrates the database.
        _ = Server;
    }

    Task IAsyncLifetime.DisposeAsync()
    {
        Dispose();
        try
        {
            Directory.Delete(DataPath, recursive: true);
        }
        catch (IOException)
        {
            // SQLite may still hold the file briefly on a slow machine; the temp folder is cleaned later.
        }
        return Task.CompletedTask;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Database:Provider", Provider.ToString());
        builder.UseSetting("Database:ConnectionString", ConnectionString);
        builder.UseSetting("Rapport:DataPath", DataPath);
        builder.UseSetting("Rapport:PublicUrl", "http://localhost");
        builder.UseSetting("RateLimits:PublicPerMinute", "100000");
        // Background mail fetching and outbox delivery stay off unless a test asks for them
        // (MailApp): their polling would show up in tests that count database commands.
        builder.UseSetting("Mail:FetchEnabled", "false");
        builder.UseSetting("Outbox:Enabled", "false");
        builder.UseSetting("Promises:SweepEnabled", "false");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
    }

    /// <summary>Runs <paramref name="work"/> with a fresh DbContext from the app's own services.</summary>
    public async Task<T> WithDbAsync<T>(Func<RapportDb, Task<T>> work)
    {
        await using var scope = Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<RapportDb>());
    }

    public Task WithDbAsync(Func<RapportDb, Task> work) => WithDbAsync(async db =>
    {
        await work(db);
        return true;
    });

    /// <summary>Creates a user with the role, the password <see cref="Password"/> and a token of the scope.</summary>
    public async Task<TestUser> CreateUserAsync(Role role = Role.Agent, TokenScope scope = TokenScope.Admin, string? name = null)
    {
        var n = Interlocked.Increment(ref _users);
        var email = $"user{n}-{Guid.NewGuid():N}@example.test";
        return await WithDbAsync(async db =>
        {
            var now = Clock.GetUtcNow().UtcDateTime;
            var user = new User(email, name ?? $"Test {role} {n}", role, now);
            user.PasswordHash = new PasswordHasher<User>().HashPassword(user, Password);
            db.Users.Add(user);
            await db.SaveChangesAsync();
            var (token, secret) = ApiToken.Issue(user.Id, "tests", scope, now);
            db.ApiTokens.Add(token);
            await db.SaveChangesAsync();
            return new TestUser(user.Id, email, secret, token.Id, CreateClient(secret));
        });
    }

    public Task<TestUser> CreateAdminAsync() => CreateUserAsync(Role.Admin);

    public HttpClient CreateClient(string? token)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        return client;
    }
}

public sealed record TestUser(long Id, string Email, string Token, long TokenId, HttpClient Client);

public sealed class SqliteApp() : RapportApp(DatabaseProvider.Sqlite);

public sealed class PostgresApp() : RapportApp(DatabaseProvider.Postgres);
