using Microsoft.Playwright;

namespace Rapport.BrowserTests.Infrastructure;

/// <summary>A page that remembers every dialog it was asked to show and every script error, so a test can assert there were none.</summary>
public sealed class WatchedPage : IAsyncDisposable
{
    private readonly IBrowserContext _context;

    public WatchedPage(IBrowserContext context, IPage page)
    {
        _context = context;
        Page = page;
        page.Dialog += async (_, dialog) =>
        {
            Dialogs.Add($"{dialog.Type}: {dialog.Message}");
            await dialog.DismissAsync();
        };
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                Errors.Add($"{message.Text} ({message.Location})");
            }
        };
        page.PageError += (_, error) => Errors.Add(error);
    }

    public IPage Page { get; }
    public List<string> Dialogs { get; } = [];
    public List<string> Errors { get; } = [];

    /// <summary>No dialog was opened and no script or resource error was logged.</summary>
    public void AssertNothingRanOrFailed()
    {
        Assert.True(Dialogs.Count == 0, "Dialogs: " + string.Join("\n", Dialogs));
        Assert.True(Errors.Count == 0, "Errors: " + string.Join("\n", Errors));
    }

    public async Task ScreenshotAsync(string name)
    {
        Directory.CreateDirectory(ConsoleServer.ArtifactFolder);
        await Page.ScreenshotAsync(new() { Path = Path.Combine(ConsoleServer.ArtifactFolder, name + ".png"), FullPage = true });
    }

    public async ValueTask DisposeAsync() => await _context.DisposeAsync();
}
