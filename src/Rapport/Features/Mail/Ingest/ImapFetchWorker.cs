using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Rapport.Data;
using Rapport.Features.Mail.Imap;
using Rapport.Features.Mail.Mailboxes;
using Rapport.Features.Realtime;

namespace Rapport.Features.Mail.Ingest;

/// <summary>
/// Fetches every active mailbox with IMAP settings: one loop per mailbox, held by one node at a time
/// through a lease on its <see cref="MailboxSync"/> row. New UIDs are fetched in order and each
/// is recorded as taken only after its message is stored, so a crash re-fetches at most one message
/// (and the Message-ID check makes that a no-op). A new UIDVALIDITY starts over from UID 1, again
/// safely. Between rounds the loop waits in IDLE when the server offers it, else it polls. The list of
/// mailboxes is read again every poll, and at once when the mailboxes API of any node signals a
/// change (<see cref="ImapFetchSignal"/>): a changed mailbox's session is stopped and started afresh.
/// </summary>
public sealed class ImapFetchWorker(IServiceScopeFactory scopes, TimeProvider time, IOptions<MailOptions> options, ImapFetchSignal signal, ILogger<ImapFetchWorker> log)
    : BackgroundService
{
    private readonly string _owner = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";
    private readonly Dictionary<long, (Task Task, CancellationTokenSource Stop)> _running = [];

    private TimeSpan Lease => TimeSpan.FromSeconds(options.Value.IdleSeconds + options.Value.PollSeconds + 2 * options.Value.TimeoutSeconds + 30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.FetchEnabled)
        {
            return;
        }
        await Task.Yield();
        var events = signal.Subscribe(stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using (var scope = scopes.CreateAsyncScope())
                {
                    var db = scope.ServiceProvider.GetRequiredService<RapportDb>();
                    var ids = await db.Mailboxes.AsNoTracking().Where(m => m.IsActive && m.ImapHost != null).Select(m => m.Id).ToListAsync(stoppingToken);
                    foreach (var done in _running.Where(r => r.Value.Task.IsCompleted).Select(r => r.Key).ToList())
                    {
                        _running.Remove(done, out var finished);
                        finished.Stop.Dispose();
                    }
                    foreach (var id in ids.Where(id => !_running.ContainsKey(id)))
                    {
                        var stop = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                        _running[id] = (RunMailboxAsync(id, stop.Token), stop);
                    }
                }
                await WaitForChangeAsync(events, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                log.LogWarning(e, "Listing mailboxes to fetch failed; trying again.");
                // Waiting this way also keeps reading the bus, whose queue would otherwise fill up.
                await WaitForChangeAsync(events, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
        await Task.WhenAll(_running.Values.Select(r => r.Task)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    /// <summary>Until the next poll, or until a mailbox changes: then its session (if any) is stopped, to be started afresh.</summary>
    private async Task WaitForChangeAsync(ChannelReader<RealtimeEvent> events, CancellationToken stoppingToken)
    {
        var changed = new HashSet<long>();
        using (var waiting = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken))
        {
            var poll = Task.Delay(TimeSpan.FromSeconds(options.Value.PollSeconds), time, waiting.Token);
            while (changed.Count == 0)
            {
                // The bus carries every committed activity too: read past those.
                var next = events.WaitToReadAsync(waiting.Token).AsTask();
                if (await Task.WhenAny(poll, next) == poll || !await next)
                {
                    break;
                }
                while (events.TryRead(out var e))
                {
                    if (ImapFetchSignal.MailboxOf(e) is { } mailboxId)
                    {
                        changed.Add(mailboxId);
                    }
                }
            }
            await waiting.CancelAsync();
        }
        stoppingToken.ThrowIfCancellationRequested();
        foreach (var mailboxId in changed)
        {
            if (_running.Remove(mailboxId, out var session))
            {
                await session.Stop.CancelAsync();
                await session.Task.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                session.Stop.Dispose();
            }
        }
    }

    private async Task RunMailboxAsync(long mailboxId, CancellationToken ct)
    {
        if (!await TryLeaseAsync(mailboxId, ct))
        {
            return;
        }
        try
        {
            await SessionAsync(mailboxId, ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Shutting down, or the mailbox changed and its session starts afresh.
        }
        catch (Exception e)
        {
            log.LogWarning("Fetching mailbox {Mailbox} failed: {Error}", mailboxId, e.Message);
            await ((Task)UpdateSyncAsync(mailboxId, s => s.SetProperty(x => x.LastError, Cut(e.Message)), CancellationToken.None))
                .ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
        finally
        {
            await ReleaseAsync(mailboxId);
        }
    }

    private async Task ReleaseAsync(long mailboxId)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<RapportDb>();
            await using var tx = await db.BeginWriteTransactionAsync();
            await db.MailboxSyncs.Where(s => s.MailboxId == mailboxId && s.LeaseOwner == _owner)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.LeaseOwner, (string?)null).SetProperty(x => x.LeaseUntil, (DateTime?)null));
            await tx.CommitAsync();
        }
        catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException or ObjectDisposedException)
        {
            // The lease runs out by itself.
            log.LogDebug(e, "Could not release the lease of mailbox {Mailbox}.", mailboxId);
        }
    }

    /// <summary>One connection: fetch what is new, wait for more, again, until the settings change or something fails.</summary>
    private async Task SessionAsync(long mailboxId, CancellationToken ct)
    {
        Mailbox mailbox;
        MailEndpoint endpoint;
        string password;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<RapportDb>();
            mailbox = await db.Mailboxes.AsNoTracking().SingleAsync(m => m.Id == mailboxId, ct);
            var secrets = scope.ServiceProvider.GetRequiredService<MailboxSecrets>();
            endpoint = secrets.Imap(mailbox, TimeSpan.FromSeconds(options.Value.TimeoutSeconds));
            password = secrets.Unprotect(mailbox.ImapPasswordProtected) ?? "";
        }
        await using var client = await ImapClient.ConnectAsync(endpoint, ct);
        await client.LoginAsync(mailbox.ImapUser ?? mailbox.Address, password, ct);
        while (!ct.IsCancellationRequested)
        {
            var folder = await client.SelectAsync(mailbox.ImapFolder, ct);
            var sync = await ReadSyncAsync(mailboxId, ct);
            var lastUid = sync?.UidValidity == folder.UidValidity ? sync.LastUid : 0;
            if (sync?.UidValidity != folder.UidValidity)
            {
                log.LogInformation("Mailbox {Mailbox}: UIDVALIDITY is {Validity}; taking the folder from the start (Message-IDs keep it to one copy each).", mailboxId, folder.UidValidity);
                if (!await UpdateSyncAsync(mailboxId, s => s.SetProperty(x => x.UidValidity, folder.UidValidity).SetProperty(x => x.LastUid, 0L), ct))
                {
                    return;
                }
            }
            foreach (var uid in await client.SearchUidsFromAsync(lastUid + 1, ct))
            {
                var raw = await client.FetchAsync(uid, ct);
                if (raw is not null)
                {
                    await using var scope = scopes.CreateAsyncScope();
                    var ingest = scope.ServiceProvider.GetRequiredService<MailIngest>();
                    await ingest.IngestAsync(mailbox, raw, "imap", ct);
                }
                if (!await UpdateSyncAsync(mailboxId, s => s.SetProperty(x => x.LastUid, uid), ct))
                {
                    log.LogWarning("Mailbox {Mailbox}: lost the lease; another node carries on.", mailboxId);
                    return;
                }
            }
            var now = time.GetUtcNow().UtcDateTime;
            if (!await UpdateSyncAsync(mailboxId, s => s.SetProperty(x => x.LastSyncedAt, now).SetProperty(x => x.LastError, (string?)null), ct)
                || await SettingsChangedAsync(mailbox, ct))
            {
                return;
            }
            if (client.SupportsIdle)
            {
                await client.IdleAsync(TimeSpan.FromSeconds(options.Value.IdleSeconds), ct);
            }
            else
            {
                await Task.Delay(TimeSpan.FromSeconds(options.Value.PollSeconds), time, ct);
                await client.NoopAsync(ct);
            }
        }
        await client.LogoutAsync(CancellationToken.None);
    }

    private async Task<bool> SettingsChangedAsync(Mailbox mailbox, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RapportDb>();
        var current = await db.Mailboxes.AsNoTracking().Where(m => m.Id == mailbox.Id).Select(m => new { m.UpdatedAt, m.IsActive }).SingleOrDefaultAsync(ct);
        return current is null || !current.IsActive || current.UpdatedAt != mailbox.UpdatedAt;
    }

    private async Task<MailboxSync?> ReadSyncAsync(long mailboxId, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RapportDb>();
        return await db.MailboxSyncs.AsNoTracking().SingleOrDefaultAsync(s => s.MailboxId == mailboxId, ct);
    }

    /// <summary>Takes the mailbox's lease when it is free, expired or already ours.</summary>
    private async Task<bool> TryLeaseAsync(long mailboxId, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RapportDb>();
        var now = time.GetUtcNow().UtcDateTime;
        if (!await db.MailboxSyncs.AnyAsync(s => s.MailboxId == mailboxId, ct))
        {
            try
            {
                db.MailboxSyncs.Add(new MailboxSync { MailboxId = mailboxId });
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException)
            {
                // Another node made the row first.
                db.ChangeTracker.Clear();
            }
        }
        var until = now + Lease;
        await using var tx = await db.BeginWriteTransactionAsync(ct);
        var taken = await db.MailboxSyncs
            .Where(s => s.MailboxId == mailboxId && (s.LeaseOwner == null || s.LeaseOwner == _owner || s.LeaseUntil < now))
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.LeaseOwner, _owner).SetProperty(x => x.LeaseUntil, until), ct);
        await tx.CommitAsync(ct);
        return taken == 1;
    }

    /// <summary>Changes our sync row while we hold its lease (renewing it); false when the lease is no longer ours.</summary>
    private async Task<bool> UpdateSyncAsync(long mailboxId,
        Func<Microsoft.EntityFrameworkCore.Query.UpdateSettersBuilder<MailboxSync>, Microsoft.EntityFrameworkCore.Query.UpdateSettersBuilder<MailboxSync>> set,
        CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RapportDb>();
        var until = time.GetUtcNow().UtcDateTime + Lease;
        await using var tx = await db.BeginWriteTransactionAsync(ct);
        var changed = await db.MailboxSyncs.Where(s => s.MailboxId == mailboxId && s.LeaseOwner == _owner)
            .ExecuteUpdateAsync(s => set(s.SetProperty(x => x.LeaseUntil, until)), ct);
        await tx.CommitAsync(ct);
        return changed == 1;
    }

    private static string Cut(string text) => text.Length > 2000 ? text[..2000] : text;
}
