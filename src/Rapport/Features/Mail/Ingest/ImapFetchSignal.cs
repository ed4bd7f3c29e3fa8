using System.Threading.Channels;

namespace Rapport.Features.Mail.Ingest;

/// <summary>
/// Tells this node's <see cref="ImapFetchWorker"/> that a mailbox was created, changed or deleted,
/// so it starts (or restarts, or stops) fetching it now rather than at its next poll.
/// </summary>
public sealed class ImapFetchSignal
{
    // Bounded, as nobody reads it on a node that does not fetch; a change lost here waits for the next poll.
    private readonly Channel<long> _changed = Channel.CreateBounded<long>(new BoundedChannelOptions(1024) { SingleReader = true, FullMode = BoundedChannelFullMode.DropOldest });

    public void MailboxChanged(long mailboxId) => _changed.Writer.TryWrite(mailboxId);

    internal ChannelReader<long> Changed => _changed.Reader;
}
