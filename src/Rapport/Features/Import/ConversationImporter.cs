using Microsoft.EntityFrameworkCore;
using Rapport.Data;
using Rapport.Features.Conversations;
using Rapport.Features.Customers;
using Rapport.Features.Timeline;
using Rapport.Web;

namespace Rapport.Features.Import;

/// <summary>
/// Imports conversations from the JSON-lines format in docs/import-format.md. Lines are read one at
/// a time and saved in batches, each batch in one transaction; a bad line is reported with its
/// number and never stops the good ones. The API, the <c>rapport import</c> verb and the demo seed
/// all come through here, so they behave the same.
/// </summary>
public sealed class ConversationImporter(RapportDb db, TimeProvider time)
{
    public const int BatchSize = 200;
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
        _now = time.GetUtcNow().UtcDateTime;
        _importer = importer;
        // Teams and agents are never created by an import, only looked up; there are few, so they are read once.
        _teams = (await db.Teams.AsNoTracking().Select(t => new { t.Name, t.Id }).ToListAsync(ct))
            .DistinctBy(t => t.Name, StringComparer.OrdinalIgnoreCase).ToDictionary(t => t.Name, t => t.Id, StringComparer.OrdinalIgnoreCase);
        _agents = await db.Users.AsNoTracking().ToDictionaryAsync(u => u.Email, u => u.Id, StringComparer.Ordinal, ct);

        var batch = new List<(long Line, ImportedConversation Conversation)>(BatchSize);
        long number = 0;
        while (await reader.ReadLineAsync(ct) is { } line)
        {
            number++;
            if (!string.IsNullOrWhiteSpace(line))
            {
                Accept(number, line, batch);
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

    private void Accept(long number, string line, List<(long, ImportedConversation)> batch)
    {
        var errors = new Validation();
        var parsed = ImportLineParser.Parse(line, _now, errors);
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
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var outcomes = await ApplyAsync(batch, ct);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            foreach (var (line, errors) in outcomes)
            {
                Tally(line, errors);
            }
        }
        catch (DbUpdateException) when (batch.Count > 1)
        {
            db.ChangeTracker.Clear();
            foreach (var item in batch)
            {
                await SaveBatchAsync([item], ct);
            }
        }
        catch (DbUpdateException e)
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

    /// <summary>Adds the batch to the context. Returns per line: null when it will be imported, <see cref="Skipped"/>, or its errors.</summary>
    private async Task<List<(long Line, IDictionary<string, string[]>? Errors)>> ApplyAsync(List<(long Line, ImportedConversation Conversation)> batch, CancellationToken ct)
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
            return outcomes;
        }

        var customers = await ResolveCustomersAsync(accepted, ct);
        // Customers first, so inbound messages and activities can name their customer by id.
        await db.SaveChangesAsync(ct);
        var tags = new Dictionary<string, Tag>(StringComparer.Ordinal);
        for (var i = 0; i < accepted.Count; i++)
        {
            db.Conversations.Add(await BuildAsync(accepted[i], customers[i], tags, ct));
        }
        return outcomes;
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

    private async Task<Conversation> BuildAsync(ImportedConversation source, Customer customer, Dictionary<string, Tag> tagCache, CancellationToken ct)
    {
        var names = source.Tags.Select(Tag.Normalise).Where(n => n.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        var missing = names.Where(n => !tagCache.ContainsKey(n)).ToList();
        if (missing.Count > 0)
        {
            foreach (var tag in await TagResolver.ResolveAsync(db, missing, _now, ct))
            {
                tagCache[tag.Name] = tag;
            }
        }
        var messages = source.Messages.Select(m => Message.Import(m.Kind, source.Channel,
            m.Author is null ? null : _agents[m.Author],
            m.Kind == MessageKind.Inbound ? customer.Id : null,
            m.BodyText, m.BodyHtml, m.CreatedAt)).ToList();
        return Conversation.Import(source.ExternalId, source.Subject, source.Status, source.Priority, source.Channel, customer,
            source.Team is null ? null : _teams[source.Team],
            source.Assignee is null ? null : _agents[source.Assignee],
            messages,
            [.. source.StatusChanges.Select(s => new HistoricStatus(s.Status, s.At))],
            [.. names.Select(n => tagCache[n])],
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

        var result = new List<Customer>(lines.Count);
        foreach (var line in lines)
        {
            var identities = line.Customer.Identities().ToList();
            var since = line.Messages[0].CreatedAt;
            var customer = identities.Select(i => known.GetValueOrDefault(i)).FirstOrDefault(c => c is not null);
            if (customer is null)
            {
                var (kind, value) = identities[0];
                customer = await CustomerResolver.FindOrCreateAsync(db, kind, value, line.Customer.Name, _importer, since, ct);
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
