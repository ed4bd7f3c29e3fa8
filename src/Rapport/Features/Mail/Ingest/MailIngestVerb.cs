using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Rapport.Data;
using Rapport.Features.Mail.Mailboxes;
using Rapport.Features.Mail.Pipe;

namespace Rapport.Features.Mail.Ingest;

/// <summary>
/// <c>rapport mail ingest --mailbox X &lt; message.eml</c>: one message from standard input, for an
/// MTA's pipe transport. It hands the message to the running server over its pipe socket when one
/// listens (<see cref="PipeClient"/>), else takes it in itself (here). The exit code follows
/// sysexits.h, which Postfix and other MTAs read: 0 taken (also a duplicate or a quarantined
/// message: either way it is safe with us), 64 bad usage, 65 empty input, 67 no such mailbox (the
/// MTA bounces it), 75 a temporary failure such as the database being unavailable (the MTA keeps
/// the message queued and tries again).
/// </summary>
public static class MailIngestVerb
{
    public const int Ok = 0;
    public const int Usage = 64;
    public const int DataError = 65;
    public const int NoUser = 67;
    public const int TempFail = 75;

    public static Task<int> RunAsync(IHost app, IReadOnlyList<string> args) => RunAsync(app, args, null);

    /// <param name="raw">The message when the caller has read standard input already (the pipe client did), else null.</param>
    public static async Task<int> RunAsync(IHost app, IReadOnlyList<string> args, byte[]? raw)
    {
        var mailbox = app.Services.GetRequiredService<IConfiguration>()["mailbox"];
        if (args is not ["ingest"] || string.IsNullOrWhiteSpace(mailbox))
        {
            await Console.Error.WriteLineAsync("Usage: rapport mail ingest --mailbox ADDRESS|ID < message.eml");
            return Usage;
        }
        raw ??= await ReadStandardInputAsync();
        try
        {
            return await RunAsync(app.Services, mailbox, raw, Console.Out, Console.Error);
        }
        catch (Exception e)
        {
            // Whatever went wrong here (the database is down, the disk is full), the MTA still holds
            // the message: asking it to try again later loses nothing, a bounce would.
            await Console.Error.WriteLineAsync($"Temporary failure, try again later: {e.GetType().Name}: {e.Message}");
            return TempFail;
        }
    }

    public static async Task<byte[]> ReadStandardInputAsync()
    {
        using var input = new MemoryStream();
        await using (var stdin = Console.OpenStandardInput())
        {
            await stdin.CopyToAsync(input);
        }
        return input.ToArray();
    }

    public static async Task<int> RunAsync(IServiceProvider services, string mailboxKey, ReadOnlyMemory<byte> raw, TextWriter output, TextWriter error, CancellationToken ct = default)
    {
        if (raw.IsEmpty)
        {
            await error.WriteLineAsync("No message on standard input.");
            return DataError;
        }
        var answer = await IngestOneAsync(services, mailboxKey, raw, checkSchema: true, ct);
        return await ReportAsync(answer, output, error);
    }

    /// <summary>Prints the answer where an MTA looks for it and gives the exit code it means.</summary>
    public static async Task<int> ReportAsync(PipeAnswer answer, TextWriter output, TextWriter error)
    {
        var code = ExitCode(answer.Status);
        await (code == Ok ? output : error).WriteLineAsync(answer.Text);
        return code;
    }

    public static int ExitCode(PipeStatus status) => status switch
    {
        PipeStatus.Stored or PipeStatus.Duplicate or PipeStatus.Quarantined => Ok,
        PipeStatus.UnknownMailbox => NoUser,
        PipeStatus.BadRequest => DataError,
        _ => TempFail,
    };

    /// <summary>
    /// One message into a mailbox, the way the pipe verb and the server's pipe socket both take it.
    /// </summary>
    /// <param name="checkSchema">
    /// A process of its own checks that the database schema is current: migrating is the server's
    /// job (or `rapport migrate`'s), not one message's, and a schema behind this build is a temporary
    /// failure the MTA retries after the upgrade. The server migrated when it started.
    /// </param>
    public static async Task<PipeAnswer> IngestOneAsync(IServiceProvider services, string mailboxKey, ReadOnlyMemory<byte> raw, bool checkSchema, CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RapportDb>();
        Mailbox? mailbox;
        try
        {
            if (checkSchema && !await scope.ServiceProvider.GetRequiredService<Migrator>().IsCurrentAsync(ct))
            {
                return new(PipeStatus.TemporaryFailure, "Temporary failure, try again later: the database schema is behind this version of Rapport (start the server or run `rapport migrate`).");
            }
            mailbox = await FindAsync(db, mailboxKey, ct);
        }
        catch (Exception e) when (e is DbException or InvalidOperationException or TimeoutException)
        {
            return new(PipeStatus.TemporaryFailure, $"Temporary failure, try again later: {e.Message}");
        }
        if (mailbox is null)
        {
            return new(PipeStatus.UnknownMailbox, $"No mailbox '{mailboxKey}'.");
        }
        try
        {
            var result = await scope.ServiceProvider.GetRequiredService<MailIngest>().IngestAsync(mailbox, raw, "pipe", ct);
            var status = result.Outcome switch
            {
                IngestOutcome.Duplicate => PipeStatus.Duplicate,
                IngestOutcome.Quarantined => PipeStatus.Quarantined,
                _ => PipeStatus.Stored,
            };
            return new(status, $"{Web.EnumNames.Of(result.Outcome)} conversation={result.ConversationId} message={result.MessageId}");
        }
        catch (Exception e) when (e is DbException or DbUpdateException or InvalidOperationException or TimeoutException or IOException)
        {
            return new(PipeStatus.TemporaryFailure, $"Temporary failure, try again later: {e.Message}");
        }
    }

    internal static async Task<Mailbox?> FindAsync(RapportDb db, string key, CancellationToken ct)
    {
        if (long.TryParse(key, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id))
        {
            return await db.Mailboxes.AsNoTracking().SingleOrDefaultAsync(m => m.Id == id, ct);
        }
        var address = key.Trim().ToLowerInvariant();
        return await db.Mailboxes.AsNoTracking().SingleOrDefaultAsync(m => m.Address == address, ct);
    }
}
