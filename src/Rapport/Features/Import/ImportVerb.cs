using System.Diagnostics;
using System.Globalization;
using System.Text;
using Rapport.Features.Timeline;
using Rapport.Web;

namespace Rapport.Features.Import;

/// <summary><c>rapport import FILE</c>: the same importer as the API, reading the file as a stream.</summary>
public static class ImportVerb
{
    public static async Task<int> RunAsync(WebApplication app, IReadOnlyList<string> args)
    {
        if (args is not [var path])
        {
            await Console.Error.WriteLineAsync("Usage: rapport import FILE   (one JSON conversation per line; see docs/import-format.md)");
            return 2;
        }
        // Verbs run before the server would migrate, so a fresh data folder is brought up to date first.
        await app.MigrateOnStartAsync();
        return await RunAsync(app.Services, path, Console.Out, Console.Error, interactive: !Console.IsOutputRedirected);
    }

    /// <returns>0 when every line landed or was skipped, 1 when some failed, 2 when the file cannot be read.</returns>
    public static async Task<int> RunAsync(IServiceProvider services, string path, TextWriter output, TextWriter error, bool interactive, CancellationToken ct = default)
    {
        FileStream file;
        try
        {
            file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            await error.WriteLineAsync($"Cannot read '{path}': {e.Message}");
            return 2;
        }
        await using (file)
        {
            using var reader = new StreamReader(file, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
            await using var scope = services.CreateAsyncScope();
            var importer = scope.ServiceProvider.GetRequiredService<ConversationImporter>();
            var meter = new ProgressLine(output, interactive, file.Length, () => file.Position);
            var result = await importer.ImportAsync(reader, Actor.System, meter.Report, ct);
            meter.Finish();
            await PrintSummaryAsync(output, result);
            return result.FailedCount == 0 ? 0 : 1;
        }
    }

    private static async Task PrintSummaryAsync(TextWriter output, ImportResult result)
    {
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"Imported {result.Imported}, skipped {result.Skipped} already imported, failed {result.FailedCount}."));
        foreach (var failure in result.Failed)
        {
            var errors = string.Join("; ", failure.Errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}"));
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  line {failure.Line}: {errors}"));
        }
        if (result.FailedCount > result.Failed.Count)
        {
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  … and {result.FailedCount - result.Failed.Count} more failed lines."));
        }
    }

    /// <summary>
    /// On a terminal one line rewritten in place with <c>\r</c>; when redirected, a plain line every
    /// few seconds, so a log file is not filled with carriage returns.
    /// </summary>
    private sealed class ProgressLine(TextWriter output, bool interactive, long totalBytes, Func<long> position)
    {
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private TimeSpan? _lastShown;
        private bool _wrote;

        public void Report(ImportProgress progress)
        {
            var every = interactive ? TimeSpan.FromMilliseconds(200) : TimeSpan.FromSeconds(5);
            if (_lastShown is { } last && _clock.Elapsed - last < every)
            {
                return;
            }
            _lastShown = _clock.Elapsed;
            var percent = totalBytes == 0 ? 100 : Math.Min(100, 100.0 * position() / totalBytes);
            var rate = progress.Lines / Math.Max(_clock.Elapsed.TotalSeconds, 0.001);
            var text = string.Create(CultureInfo.InvariantCulture,
                $"{percent,5:0.0}%  {progress.Lines} lines  {progress.Imported} imported  {progress.Skipped} skipped  {progress.Failed} failed  {rate:0}/s");
            if (interactive)
            {
                var filled = (int)(percent / 5);
                output.Write($"\r[{new string('#', filled)}{new string('.', 20 - filled)}] {text}   ");
                _wrote = true;
            }
            else
            {
                output.WriteLine(text);
            }
        }

        public void Finish()
        {
            if (_wrote)
            {
                output.WriteLine();
            }
        }
    }
}
