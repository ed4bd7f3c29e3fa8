using System.Threading.Channels;
using Rapport.Features.Realtime;

namespace Rapport.Features.Mail.Ingest;

/// <summary>
/// Tells the <see cref="ImapFetchWorker"/> of every node that a mailbox was created, changed or
/// deleted, so it starts (or restarts, or stops) fetching it now rather than at its next poll. It
/// travels as a realtime event: on the local bus on SQLite, by NOTIFY to every node on PostgreSQL.
/// The hub sends consoles only events about a conversation or a customer, so this one stays between nodes.
/// </summary>
public sealed class ImapFetchSignal(IRealtimeOutlet outlet, IRealtimeBus bus, TimeProvider time)
{
    public const string Kind = "mail.mailbox_changed";

    /// <summary>Call after the change has committed.</summary>
    public void MailboxChanged(long mailboxId) =>
        outlet.Send([new RealtimeEvent(0, Kind, null, null, null, null, null, null, null, null, time.GetUtcNow().UtcDateTime, mailboxId)]);

    internal ChannelReader<RealtimeEvent> Subscribe(CancellationToken ct) => bus.Subscribe(ct);

    internal static long? MailboxOf(RealtimeEvent e) => e.Kind == Kind ? e.MailboxId : null;
}
