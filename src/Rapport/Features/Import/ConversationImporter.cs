using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Rapport.Data;
using Rapport.Features.Conversations;
using Rapport.Features.Customers;
using Rapport.Features.Realtime;
using Rapport.Features.Sla;
using Rapport.Features.Timeline;
using Rapport.Web;

namespace Rapport.Features.Import;

/// <summary>
/// Imports conversations from the JSON-lines format in docs/import-format.md. Lines are read one at
/// a time and saved in batches, each batch in one transaction; a bad line is reported with its
/// number and never stops the good ones. The API, the <c>rapport import</c> verb and the demo seed
/// all come through here, so they behave the same.
/// </summary>
/// <remarks>
/// Speed: customers, conversations and tags go through EF (their ids are needed); the bulk of the
/// rows, messages and activities, are written with multi-row INSERTs (<see cref="BulkInsert"/>) in
/// the same transaction, and announced to connected consoles as one refresh per batch.
/// </remarks>
public sealed class ConversationImporter(RapportDb db, TimeProvider time, IRealtimeOutlet realtime, SlaPolicyCache slaPolicies)
{
    public const int BatchSize = 500;
    public const int MaxReportedFailures = 1000;

    private readonly List<ImportFailure> _failures = [];
    private readonly HashSet<string> _seenExternalIds = new(StringComparer.Ordinal);
    private Dictionary<string, long> _teams = [];
    private Dictionary<string, long> _agents = [];
    private int _imported;
    private int _skipped;
    private int _failed;
    private DateTime _now;
    private Actor _importer = Actor.System;

    public async Task<ImportResult> ImportAsync(TextReader reader, Actor importer, Action<ImportProgress>? progress = null, CancellationToken ct = default)
    {
        return await ImportLinesAsync(TextLines(reader, ct), importer, progress, ct);
    }

    /// <summary>
    /// The same, reading UTF-8 bytes: a line is parsed from its bytes where it lies in the read
    /// buffer, never made into a string, so a 50 MB line costs its bytes once rather than several
    /// times over as UTF-16 text and the copies a growing line buffer leaves behind.
    /// </summary>
    public async Task<ImportResult> ImportAsync(Stream utf8, Actor importer, CancellationToken ct = default) =>
        await ImportLinesAsync(ImportLines.ReadAsync(utf8, ct), importer, null, ct);

    private static async IAsyncEnumerable<Func<DateTime, Validation, ImportedConversation?>?> TextLines(TextReader reader,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        while (await reader.ReadLineAsync(ct) is { } line)
        {
            yield return string.IsNullOrWhiteSpace(line) ? null : (now, errors) => ImportLineParser.Parse(line, now, errors);
        }
    }

    /// <summary>Each item is one line: null for a blank one, else its parser (which must run before the next item is read).</summary>
    private async Task<ImportResult> ImportLinesAsync(IAsyncEnumerable<Func<DateTime, Validation, ImportedConversation?>?> lines, Actor importer,
        Action<ImportProgress>? progress, CancellationToken ct)
    {
        _now = time.GetUtcNow().UtcDateTime;
        _importer = importer;
        // Teams and agents are never created by an import, only looked up; there are few, so they are read once.
        _teams = (await db.Teams.AsNoTracking().Select(t => new { t.Name, t.Id }).ToListAsync(ct))
            .DistinctBy(t => t.Name, StringComparer.OrdinalIgnoreCase).ToDictionary(t => t.Name, t => t.Id, StringComparer.OrdinalIgnoreCase);
        _agents = await db.Users.AsNoTracking().ToDictionaryAsync(u => u.Email, u => u.Id, StringComparer.Ordinal, ct);

        var batch = new List<(long Line, ImportedConversation Conversation)>(BatchSize);
        long number = 0;
        await foreach (var parse in lines)
        {
            number++;
            if (parse is not null)
            {
                Accept(number, parse, batch);
            }
            if (batch.Count == BatchSize)
            {
                await SaveBatchAsync(batch, ct);
                batch.Clear();
            }
            if (number % BatchSize == 0)
            {
                progress?.Invoke(new ImportProgress(number, _imported, _skipped, _failed));
            }
        }
        if (batch.Count > 0)
        {
            await SaveBatchAsync(batch, ct);
        }
        progress?.Invoke(new ImportProgress(number, _imported, _skipped, _failed));
        return new ImportResult(_imported, _skipped, _failed, [.. _failures]);
    }

    private void Accept(long number, Func<DateTime, Validation, ImportedConversation?> parse, List<(long, ImportedConversation)> batch)
    {
        var errors = new Validation();
        var parsed = parse(_now, errors);
        if (parsed is null)
        {
            Fail(number, errors.Errors);
        }
        else if (parsed.ExternalId is { } id && !_seenExternalIds.Add(id))
        {
            _skipped++;
        }
        else
        {
            batch.Add((number, parsed));
        }
    }

    private void Fail(long line, IDictionary<string, string[]> errors)
    {
        _failed++;
        if (_failures.Count < MaxReportedFailures)
        {
            _failures.Add(new ImportFailure(line, errors));
        }
    }

    /// <summary>
    /// Saves a batch in one transaction. Should the database refuse it, each line is tried on its
    /// own, so one line the checks did not catch costs only that line.
    /// </summary>
    private async Task SaveBatchAsync(List<(long Line, ImportedConversation Conversation)> batch, CancellationToken ct)
    {
        try
        {
            RealtimeEvent? refresh;
            await using (var tx = await db.BeginWriteTransactionAsync(ct))
            {
                var (outcomes, built, customerActivities) = await ApplyAsync(batch, ct);
                await db.SaveChangesAsync(ct);
                refresh = await WriteHistoryAsync(built, customerActivities, ct);
                // Past the save hook, so their SLA rows are written here, in the same transaction (nothing without policies).
                await SlaImport.AddRowsAsync(db, slaPolicies, built.Select(b => (b.Conversation, (IReadOnlyList<Activity>)b.Activities)), time.GetUtcNow().UtcDateTime, ct);
                await tx.CommitAsync(ct);
                foreach (var (line, errors) in outcomes)
                {
                    Tally(line, errors);
                }
            }
            if (refresh is not null)
            {
                realtime.Send([refresh]);
            }
        }
        catch (Exception e) when ((e is DbUpdateException or DbException) && batch.Count > 1)
        {
            db.ChangeTracker.Clear();
            foreach (var item in batch)
            {
                await SaveBatchAsync([item], ct);
            }
        }
        catch (Exception e) when (e is DbUpdateException or DbException)
        {
            Fail(batch[0].Line, new Dictionary<string, string[]>
            {
                ["line"] = [$"could not be saved: {(e.InnerException ?? e).Message.Split('\n')[0]}"],
            });
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }

    private static readonly IDictionary<string, string[]> Skipped = new Dictionary<string, string[]>();

    private void Tally(long line, IDictionary<string, string[]>? errors)
    {
        if (errors is null)
        {
            _imported++;
        }
        else if (ReferenceEquals(errors, Skipped))
        {
            _skipped++;
        }
        else
        {
            Fail(line, errors);
        }
    }

    /// <summary>A conversation as saved through EF, with the rows written in bulk after it has its id.</summary>
    private sealed record Built(Conversation Conversation, List<Message> Messages, List<Activity> Activities);

    /// <summary>
    /// Adds the batch to the context. Returns per line: null when it will be imported, <see cref="Skipped"/>, or its errors;
    /// and the conversations with their messages and activities held back for <see cref="WriteHistoryAsync"/>.
    /// </summary>
    private async Task<(List<(long Line, IDictionary<string, string[]>? Errors)>, List<Built>, List<Activity>)> ApplyAsync(
        List<(long Line, ImportedConversation Conversation)> batch, CancellationToken ct)
    {
        var externalIds = batch.Select(b => b.Conversation.ExternalId).OfType<string>().ToList();
        var existing = externalIds.Count == 0 ? [] : (await db.Conversations
            .Where(c => c.ExternalId != null && externalIds.Contains(c.ExternalId))
            .Select(c => c.ExternalId!).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);

        var outcomes = new List<(long, IDictionary<string, string[]>?)>(batch.Count);
        var accepted = new List<ImportedConversation>(batch.Count);
        foreach (var (line, conversation) in batch)
        {
            if (conversation.ExternalId is { } id && existing.Contains(id))
            {
                outcomes.Add((line, Skipped));
                continue;
            }
            var errors = CheckNames(conversation);
            outcomes.Add((line, errors.IsValid ? null : errors.Errors));
            if (errors.IsValid)
            {
                accepted.Add(conversation);
            }
        }
        if (accepted.Count == 0)
        {
            return (outcomes, [], []);
        }

        var customers = await ResolveCustomersAsync(accepted, ct);
        // Their activities wait for the bulk write too (after the save has bumped the version of those that changed).
        var customerActivities = new List<Activity>();
        foreach (var customer in db.ChangeTracker.Entries<Customer>().Select(e => e.Entity))
        {
            customerActivities.AddRange(customer.PendingActivities);
            customer.PendingActivities.Clear();
        }
        // Customers first, so inbound messages and activities can name their customer by id.
        await db.SaveChangesAsync(ct);
        var tags = await ResolveTagsAsync(accepted, ct);
        var built = new List<Built>(accepted.Count);
        for (var i = 0; i < accepted.Count; i++)
        {
            var conversation = Build(accepted[i], customers[i], tags);
            // Held back from the change tracker: written in bulk once the conversation has its id.
            var messages = conversation.Messages.ToList();
            var activities = conversation.PendingActivities.ToList();
            conversation.Messages.Clear();
            conversation.PendingActivities.Clear();
            db.Conversations.Add(conversation);
            built.Add(new Built(conversation, messages, activities));
        }
        return (outcomes, built, customerActivities);
    }

    /// <summary>Writes the messages and activities of saved customers and conversations; returns the refresh to announce once committed.</summary>
    private async Task<RealtimeEvent?> WriteHistoryAsync(List<Built> built, List<Activity> customerActivities, CancellationToken ct)
    {
        if (built.Count == 0 && customerActivities.Count == 0)
        {
            return null;
        }
        foreach (var b in built)
        {
            foreach (var message in b.Messages)
            {
                message.ConversationId = b.Conversation.Id;
            }
        }
        List<Activity> activities = [.. customerActivities, .. built.SelectMany(b => b.Activities)];
        await BulkInsert.InsertAsync(db, built.SelectMany(b => b.Messages).ToList(), ct);
        await BulkInsert.InsertAsync(db, activities, ct);
        // An import is not news to watch scroll by: consoles reload once per batch.
        var last = await db.Activities.MaxAsync(a => a.Id, ct);
        return RealtimeEvent.Refresh(last, activities.Max(a => a.OccurredAt));
    }

    /// <summary>Every tag the batch names, found or created with one query.</summary>
    private async Task<Dictionary<string, Tag>> ResolveTagsAsync(List<ImportedConversation> lines, CancellationToken ct)
    {
        var names = lines.SelectMany(l => l.Tags).ToList();
        return names.Count == 0 ? [] : (await TagResolver.ResolveAsync(db, names, _now, ct)).ToDictionary(t => t.Name, StringComparer.Ordinal);
    }

    private Validation CheckNames(ImportedConversation conversation)
    {
        var errors = new Validation();
        if (conversation.Team is { } team && !_teams.ContainsKey(team))
        {
            errors.Add("team", $"'{team}' is not a team here; create it before importing.");
        }
        if (conversation.Assignee is { } assignee && !_agents.ContainsKey(assignee))
        {
            errors.Add("assignee", $"'{assignee}' is not an agent here; create the agent before importing.");
        }
        for (var i = 0; i < conversation.Messages.Count; i++)
        {
            if (conversation.Messages[i].Author is { } author && !_agents.ContainsKey(author))
            {
                errors.Add($"messages[{i}].author", $"'{author}' is not an agent here; create the agent before importing.");
            }
        }
        return errors;
    }

    private Conversation Build(ImportedConversation source, Customer customer, Dictionary<string, Tag> tags)
    {
        var names = source.Tags.Select(Tag.Normalise).Where(n => n.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        var messages = source.Messages.Select(m => Message.Import(m.Kind, source.Channel,
            m.Author is null ? null : _agents[m.Author],
            m.Kind == MessageKind.Inbound ? customer.Id : null,
            m.BodyText, m.BodyHtml, m.CreatedAt)).ToList();
        return Conversation.Import(source.ExternalId, source.Subject, source.Status, source.Priority, source.Channel, customer,
            source.Team is null ? null : _teams[source.Team],
            source.Assignee is null ? null : _agents[source.Assignee],
            messages,
            [.. source.StatusChanges.Select(s => new HistoricStatus(s.Status, s.At))],
            [.. names.Select(n => tags[n])],
            _now);
    }

    /// <summary>
    /// One customer per line, in order. Identities are looked up for the whole batch at once; a
    /// customer met earlier in the batch is reused, so the same person is never created twice.
    /// </summary>
    private async Task<List<Customer>> ResolveCustomersAsync(List<ImportedConversation> lines, CancellationToken ct)
    {
        var values = lines.SelectMany(l => l.Customer.Identities()).Select(i => i.Value).Distinct(StringComparer.Ordinal).ToList();
        var owned = await db.CustomerIdentities.Where(i => values.Contains(i.Value))
            .Select(i => new { i.Kind, i.Value, i.CustomerId }).ToListAsync(ct);
        var ownerIds = owned.Select(o => o.CustomerId).Distinct().ToList();
        var owners = await db.Customers.Where(c => ownerIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, ct);
        var known = new Dictionary<(IdentityKind, string), Customer>();
        foreach (var o in owned)
        {
            var owner = owners[o.CustomerId];
            known[(o.Kind, o.Value)] = owner.MergedIntoId is null ? owner : await CustomerResolver.FollowMergesAsync(db, owner.Id, ct);
        }

        var newEmails = lines.Select(l => l.Customer.Identities().First())
            .Where(i => i.Kind == IdentityKind.Email && !known.ContainsKey(i)).Select(i => i.Value);
        var companies = await CompanyDomains.CompaniesForAsync(db, newEmails, ct);

        var result = new List<Customer>(lines.Count);
        foreach (var line in lines)
        {
            var identities = line.Customer.Identities().ToList();
            var since = line.Messages[0].CreatedAt;
            var customer = identities.Select(i => known.GetValueOrDefault(i)).FirstOrDefault(c => c is not null);
            if (customer is null)
            {
                // Nobody owns any of this line's identities (all were looked up above): a new customer.
                var (kind, value) = identities[0];
                customer = CustomerResolver.New(kind, value, line.Customer.Name,
                    kind == IdentityKind.Email && companies.TryGetValue(CompanyDomains.Domain(value), out var company) ? company : null,
                    _importer, since);
                db.Customers.Add(customer);
                customer.Language ??= line.Customer.Language;
                customer.TimeZone ??= line.Customer.TimeZone;
                known[identities[0]] = customer;
            }
            foreach (var identity in identities.Where(i => !known.ContainsKey(i)))
            {
                await AddIdentityAsync(customer, identity, since, ct);
                known[identity] = customer;
            }
            result.Add(customer);
        }
        return result;
    }

    private async Task AddIdentityAsync(Customer customer, (IdentityKind Kind, string Value) identity, DateTime at, CancellationToken ct)
    {
        var entry = db.Entry(customer);
        if (entry.State != EntityState.Added && !entry.Collection(c => c.Identities).IsLoaded)
        {
            await entry.Collection(c => c.Identities).LoadAsync(ct);
        }
        customer.Identities.Add(new CustomerIdentity(identity.Kind, identity.Value, at)
        {
            Source = identity.Kind == IdentityKind.External ? "import" : null,
        });
        customer.SearchText = CustomerSearchText.For(customer);
        if (entry.State != EntityState.Added)
        {
            customer.PendingActivities.Add(Activity.ForCustomer(customer, ActivityKinds.CustomerIdentityAdded, _importer, _now,
                new { kind = identity.Kind, value = identity.Value }));
        }
    }
}

