using Microsoft.EntityFrameworkCore;
using Rapport.Features.Accounts;
using Rapport.Features.Conversations;
using Rapport.Features.Customers;
using Rapport.Features.Mail.Ingest;
using Rapport.Features.Mail.Mailboxes;
using Rapport.Features.Notifications;
using Rapport.Features.Outbox;
using Rapport.Features.Promises;
using Rapport.Features.Timeline;

namespace Rapport.Data;

public sealed class RapportDb(DbContextOptions<RapportDb> options) : DbContext(options)
{
    public DbSet<User> Users => Set<User>();
    public DbSet<Team> Teams => Set<Team>();
    public DbSet<TeamMembership> TeamMemberships => Set<TeamMembership>();
    public DbSet<ApiToken> ApiTokens => Set<ApiToken>();
    public DbSet<UserInvite> UserInvites => Set<UserInvite>();
    public DbSet<Setting> Settings => Set<Setting>();
    public DbSet<Customer> Customers => Set<Customer>();
    public DbSet<Company> Companies => Set<Company>();
    public DbSet<CustomerIdentity> CustomerIdentities => Set<CustomerIdentity>();
    public DbSet<CustomerNote> CustomerNotes => Set<CustomerNote>();
    public DbSet<CustomFieldDefinition> CustomFields => Set<CustomFieldDefinition>();
    public DbSet<Tag> Tags => Set<Tag>();
    public DbSet<CustomerTag> CustomerTags => Set<CustomerTag>();
    public DbSet<Conversation> Conversations => Set<Conversation>();
    public DbSet<Message> Messages => Set<Message>();
    public DbSet<Attachment> Attachments => Set<Attachment>();
    public DbSet<ConversationTag> ConversationTags => Set<ConversationTag>();
    public DbSet<ConversationFollower> ConversationFollowers => Set<ConversationFollower>();
    public DbSet<ConversationLink> ConversationLinks => Set<ConversationLink>();
    public DbSet<Activity> Activities => Set<Activity>();
    public DbSet<IdempotencyRecord> IdempotencyRecords => Set<IdempotencyRecord>();
    public DbSet<NodeInstance> NodeInstances => Set<NodeInstance>();
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();
    public DbSet<Mailbox> Mailboxes => Set<Mailbox>();
    public DbSet<MailboxSync> MailboxSyncs => Set<MailboxSync>();
    public DbSet<MailRecord> MailRecords => Set<MailRecord>();
    public DbSet<MailReference> MailReferences => Set<MailReference>();
    public DbSet<QuarantinedMail> QuarantinedMail => Set<QuarantinedMail>();
    public DbSet<MailParticipant> MailParticipants => Set<MailParticipant>();
    public DbSet<BouncingAddress> BouncingAddresses => Set<BouncingAddress>();
    public DbSet<Features.Mail.Acknowledgements.Acknowledgement> Acknowledgements => Set<Features.Mail.Acknowledgements.Acknowledgement>();
    public DbSet<OutboxItem> Outbox => Set<OutboxItem>();
    public DbSet<Notification> Notifications => Set<Notification>();
    public DbSet<Promise> Promises => Set<Promise>();
    public DbSet<Features.Sla.SlaCalendar> SlaCalendars => Set<Features.Sla.SlaCalendar>();
    public DbSet<Features.Sla.SlaPolicy> SlaPolicies => Set<Features.Sla.SlaPolicy>();
    public DbSet<Features.Sla.ConversationSla> ConversationSlas => Set<Features.Sla.ConversationSla>();

    public bool IsSqlite => Database.ProviderName == "Microsoft.EntityFrameworkCore.Sqlite";

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        AccountsModel.Build(modelBuilder);
        CustomersModel.Build(modelBuilder);
        ConversationsModel.Build(modelBuilder);
        TimelineModel.Build(modelBuilder);
        Features.Import.ImportModel.Build(modelBuilder);
        Features.Mail.MailModel.Build(modelBuilder);
        OutboxModel.Build(modelBuilder);
        NotificationsModel.Build(modelBuilder);
        PromisesModel.Build(modelBuilder);
        Features.Sla.SlaModel.Build(modelBuilder);
        modelBuilder.Entity<Setting>(e =>
        {
            e.HasKey(s => s.Key);
            e.Property(s => s.Key).HasMaxLength(100);
        });
        modelBuilder.Entity<IdempotencyRecord>(e =>
        {
            e.Property(r => r.Id).HasMaxLength(64);
            e.Property(r => r.RequestHash).HasMaxLength(64);
            e.Property(r => r.ContentType).HasMaxLength(200);
            e.Property(r => r.Location).HasMaxLength(500);
            e.Property(r => r.OwnerInstance).HasMaxLength(32);
            e.HasIndex(r => r.CreatedAt);
        });
        modelBuilder.Entity<NodeInstance>(e =>
        {
            e.Property(n => n.Id).HasMaxLength(32);
            e.Property(n => n.Host).HasMaxLength(300);
        });
        modelBuilder.Entity<DataProtectionKey>(e => e.Property(k => k.FriendlyName).HasMaxLength(200));
        SnakeCaseNames.Apply(modelBuilder);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite keeps DateTime as text without a kind; every time in Rapport is UTC, so say so on read.
        if (IsSqlite)
        {
            configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        }
    }

    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        CollectActivities();
        MarkIdempotencyKeyApplied();
        // Inside a write transaction the gate is already held, by that transaction.
        using var lease = WriteGate is { } gate && Database.CurrentTransaction is null ? await gate.EnterAsync(cancellationToken) : null;
        var written = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        PendingIdempotencyKey = null;
        return written;
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        CollectActivities();
        MarkIdempotencyKeyApplied();
        using var lease = WriteGate is { } gate && Database.CurrentTransaction is null ? gate.Enter() : null;
        var written = base.SaveChanges(acceptAllChangesOnSuccess);
        PendingIdempotencyKey = null;
        return written;
    }

    /// <summary>
    /// The idempotency record of the request this context serves, while its handler has not saved
    /// yet. The handler's first save marks the record <see cref="IdempotencyRecord.Applied"/> in the
    /// same transaction as its change, so a crash after that commit can never let a retry run the
    /// request a second time (see <see cref="Web.IdempotencyMiddleware"/>).
    /// </summary>
    internal string? PendingIdempotencyKey { get; set; }

    private void MarkIdempotencyKeyApplied()
    {
        if (PendingIdempotencyKey is not { } id || !ChangeTracker.HasChanges())
        {
            return;
        }
        var tracked = ChangeTracker.Entries<IdempotencyRecord>().FirstOrDefault(e => e.Entity.Id == id);
        var record = tracked?.Entity ?? Attach(new IdempotencyRecord { Id = id }).Entity;
        record.StatusCode = IdempotencyRecord.Applied;
        Entry(record).Property(r => r.StatusCode).IsModified = true;
    }

    /// <summary>
    /// Starts a transaction that will write: on SQLite it first waits its turn at the write gate, so
    /// concurrent writers queue here instead of polling SQLite's lock. Use this, never
    /// <c>Database.BeginTransactionAsync</c>, and always with <c>await using</c>.
    /// </summary>
    public async Task<WriteTransaction> BeginWriteTransactionAsync(CancellationToken ct = default)
    {
        var lease = WriteGate is { } gate ? await gate.EnterAsync(ct) : null;
        try
        {
            return new WriteTransaction(await Database.BeginTransactionAsync(ct), lease);
        }
        catch
        {
            lease?.Dispose();
            throw;
        }
    }

    /// <summary>The write gate of this context's SQLite file; null on PostgreSQL, whose writers lock rows, not the database.</summary>
    internal SqliteWriteGate? WriteGate
    {
        get
        {
            if (!_writeGateKnown)
            {
                _writeGate = IsSqlite ? SqliteWriteGate.For(Database.GetConnectionString()) : null;
                _writeGateKnown = true;
            }
            return _writeGate;
        }
    }

    private SqliteWriteGate? _writeGate;
    private bool _writeGateKnown;

    /// <summary>
    /// Moves the activities recorded by changed entities into this save, so the log row and the
    /// change commit together or not at all, and bumps the concurrency version of each changed record.
    /// </summary>
    private void CollectActivities()
    {
        foreach (var entry in ChangeTracker.Entries<IRecordsActivity>().ToList())
        {
            if (entry.State == EntityState.Modified)
            {
                var version = entry.Property("Version");
                version.CurrentValue = (int)version.OriginalValue! + 1;
            }
            foreach (var activity in entry.Entity.PendingActivities)
            {
                Activities.Add(activity);
            }
            entry.Entity.PendingActivities.Clear();
        }
    }
}
