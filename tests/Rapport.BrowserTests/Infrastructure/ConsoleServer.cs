using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using Rapport.Benchmarks.Load;

namespace Rapport.BrowserTests.Infrastructure;

/// <summary>
/// One real Rapport server (its own process, SQLite, a loopback port) and one Chromium for a test
/// class. Two admins are created through the CLI: one who stays in English, one who switches to
/// Persian, so tests do not see each other's language.
/// </summary>
public sealed class ConsoleServer : IAsyncLifetime
{
    public const string Password = "correct horse battery staple";
    public const string EnglishAgent = "ani@example.com";
    public const string PersianAgent = "dara@example.com";

    private ServerProcess? _server;
    private IPlaywright? _playwright;

    public Uri Url => _server!.Url;
    public IBrowser Browser { get; private set; } = null!;

    /// <summary>An ingest-scoped API client of the English admin (it opens conversations with a customer's message).</summary>
    public HttpClient Api { get; private set; } = null!;

    public static string ArtifactFolder { get; } = Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshots");

    public async Task InitializeAsync()
    {
        var serverTask = ServerProcess.StartAsync("sqlite");
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = "/usr/bin/chromium",
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
        });
        _server = await serverTask;
        await CreateAdminAsync(EnglishAgent, "Ani Hakobyan");
        await CreateAdminAsync(PersianAgent, "Dara Rostami");

        using var anonymous = new HttpClient { BaseAddress = Url };
        var grant = await anonymous.PostAsJsonAsync("/api/v1/auth/token", new { email = EnglishAgent, password = Password, name = "browser tests", scope = "ingest" });
        grant.EnsureSuccessStatusCode();
        var token = (await grant.Content.ReadFromJsonAsync<JsonObject>())!["token"]!.GetValue<string>();
        Api = new HttpClient { BaseAddress = Url };
        Api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    }

    /// <summary>A fresh browser context (no cookies) whose page records dialogs and script errors.</summary>
    public async Task<WatchedPage> NewPageAsync(int width = 1280, int height = 800)
    {
        var context = await Browser.NewContextAsync(new() { BaseURL = Url.ToString(), ViewportSize = new() { Width = width, Height = height } });
        context.SetDefaultTimeout(10_000);
        return new WatchedPage(context, await context.NewPageAsync());
    }

    /// <summary>Opens a conversation through the API with a first inbound message; returns its id.</summary>
    public async Task<long> CreateConversationAsync(string subject, string customerName, string email)
    {
        var response = await Api.PostAsJsonAsync("/api/v1/conversations", new
        {
            subject,
            channel = "email",
            customer = new { email, name = customerName },
            message = new { kind = "inbound", body_text = "Hello" },
        });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<long>();
    }

    private async Task CreateAdminAsync(string email, string name)
    {
        var (exitCode, output) = await _server!.RunVerbAsync(["admin", "create", "--email", email, "--name", name], Password);
        Assert.True(exitCode == 0, output);
    }

    public async Task DisposeAsync()
    {
        Api?.Dispose();
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }
        _playwright?.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
