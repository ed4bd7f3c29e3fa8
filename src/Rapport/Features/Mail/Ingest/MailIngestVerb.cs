using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Rapport.Data;
using Rapport.Features.Mail.Mailboxes;
using Rapport.Web;

namespace Rapport.Features.Mail.Ingest;

/// <summary>
/// <c>rapport mail ingest --mailbox X &lt; message.eml</c>: one message from standard input, for an
/// MTA's pipe transport. The exit code follows sysexits.h, which Postfix and other MTAs read: 0 taken
/// (also a duplicate or a quarantined message: either way it is safe with us), 64 bad usage,
/// 65 empty input, 67 no such mailbox (the MTA bounces it), 75 a temporary failure such as the
/// database being unavailable (the MTA keeps the message queued and tries again).
/// </summary>
public static class MailIngestVerb
{
    public const int Ok = 0;
    public const int Usage = 64;
    public const int DataError = 65;
    public const int NoUser = 67;
    public const int TempFail = 75;

    public static async Task<int> RunAsync(IHost app, IReadOnlyList<string> args)
    {
        if (args is not ["ingest"])
        {
            await Console.Error.WriteLineAsync("Usage: rapport mail ingest --mailbox ADDRESS|ID < message.eml");
            return Usage;
        }
        var mailbox = app.Services.GetRequiredService<IConfiguration>()["mailbox"];
        if (string.IsNullOrWhiteSpace(mailbox))
        {
            await Console.Error.WriteLineAsync("Usage: rapport mail ingest --mailbox ADDRESS|ID < message.eml");
            return Usage;
        }
        using var input = new MemoryStream();
        await using (var stdin = Console.OpenStandardInput())
        {
            await stdin.CopyToAsync(input);
        }
        try
        {
            return await RunAsync(app.Services, mailbox, input.ToArray(), Console.Out, Console.Error);
        }
        catch (Exception e)
        {
            // Whatever went wrong here (the database is down, the disk is full), the MTA still holds
            // the message: asking it to try again later loses nothing, a bounce would.
            await Console.Error.WriteLineAsync($"Temporary failure, try again later: {e.GetType().Name}: {e.Message}");
            return TempFail;
        }
    }

    public static async Task<int> RunAsync(IServiceProvider services, string mailboxKey, ReadOnlyMemory<byte> raw, TextWriter output, TextWriter error, CancellationToken ct = default)
    {
        if (raw.IsEmpty)
        {
            await error.WriteLineAsync("No message on standard input.");
            return DataError;
        }
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RapportDb>();
        Mailbox? mailbox;
        try
        {
            // Migrating is the server's job (or `rapport migrate`'s), not one message's: a schema
            // behind this build is a temporary failure, and the MTA tries again after the upgrade.
            if (!await scope.ServiceProvider.GetRequiredService<Migrator>().IsCurrentAsync(ct))
            {
                await error.WriteLineAsync("Temporary failure, try again later: the database schema is behind this version of Rapport (start the server or run `rapport migrate`).");
                return TempFail;
            }
            mailbox = await FindAsync(db, mailboxKey, ct);
        }
        catch (Exception e) when (e is DbException or InvalidOperationException or TimeoutException)
        {
            await error.WriteLineAsync($"Temporary failure, try again later: {e.Message}");
            return TempFail;
        }
        if (mailbox is null)
        {
            await error.WriteLineAsync($"No mailbox '{mailboxKey}'.");
            return NoUser;
        }
        try
        {
            var result = await scope.ServiceProvider.GetRequiredService<MailIngest>().IngestAsync(mailbox, raw, "pipe", ct);
            await output.WriteLineAsync($"{Web.EnumNames.Of(result.Outcome)} conversation={result.ConversationId} message={result.MessageId}");
            return Ok;
        }
        catch (Exception e) when (e is DbException or DbUpdateException or InvalidOperationException or TimeoutException or IOException)
        {
            await error.WriteLineAsync($"Temporary failure, try again later: {e.Message}");
            return TempFail;
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
