using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Rapport.Data;
using Rapport.Features.Accounts;
using Rapport.Features.Customers;
using Rapport.Features.Import;
using Rapport.Features.Timeline;

namespace Rapport.Features.Demo;

public sealed record DemoOptions(int Customers = 2000, int Conversations = 5000, int Months = 6, int? Seed = null, bool Force = false);

public sealed record DemoResult(bool Refused, int TeamsCreated, int AgentsCreated, int Customers, int Companies, ImportResult Import, int Messages, TimeSpan Took);

/// <summary>
/// Fills a workspace with a believable history: teams and agents, customers writing in Persian,
/// Armenian and English from their own time zones, and conversations over the past months with
/// working-hour rhythm and realistic reply delays. The conversations go through the importer,
/// so the demo exercises the same path a real migration does, activity log included.
/// </summary>
public sealed class DemoSeeder(RapportDb db, ConversationImporter importer, TimeProvider time)
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public async Task<DemoResult> SeedAsync(DemoOptions options, CancellationToken ct = default)
    {
        var started = time.GetTimestamp();
        if (!options.Force && await db.Conversations.AnyAsync(ct))
        {
            return new DemoResult(true, 0, 0, 0, 0, new ImportResult(0, 0, 0, []), 0, TimeSpan.Zero);
        }
        var now = time.GetUtcNow().UtcDateTime;
        var random = new Random(options.Seed ?? Environment.TickCount);
        var (teamsCreated, agentsCreated, teams) = await EnsureTeamsAndAgentsAsync(now, ct);

        var customers = Enumerable.Range(0, options.Customers).Select(i => DemoPeople.Customer(random, i)).ToList();
        var generator = new DemoHistory(random, now, options.Months, teams);
        var lines = new List<(DateTime At, string Json)>(options.Conversations);
        // Unique per run, so a forced second run adds conversations instead of being skipped as a re-import.
        var run = $"{now.ToString("yyyyMMdd", CultureInfo.InvariantCulture)}-{Guid.NewGuid().ToString("N")[..8]}";
        var messages = 0;
        for (var i = 0; i < options.Conversations; i++)
        {
            // Every customer gets a conversation first; after that a few regulars write most of the rest.
            var customer = i < customers.Count ? customers[i] : customers[(int)(customers.Count * Math.Pow(random.NextDouble(), 2))];
            var line = generator.Conversation($"demo-{run}-{i + 1}", customer);
            messages += line.Messages.Count;
            lines.Add((line.FirstAt, JsonSerializer.Serialize(line, Json)));
        }
        // In time order, so each customer is created at their first conversation and the log reads forward.
        var file = new StringBuilder();
        foreach (var (_, json) in lines.OrderBy(l => l.At))
        {
            file.Append(json).Append('\n');
        }
        var result = await importer.ImportAsync(new StringReader(file.ToString()), Actor.System, ct: ct);

        await CreateQuietCustomersAsync(customers.Skip(options.Conversations).ToList(), now, ct);
        var companies = await AttachCompaniesAndTiersAsync(customers, now, ct);
        return new DemoResult(false, teamsCreated, agentsCreated, customers.Count, companies, result, messages,
            time.GetElapsedTime(started));
    }

    private async Task<(int Teams, int Agents, Dictionary<string, List<string>> Members)> EnsureTeamsAndAgentsAsync(DateTime now, CancellationToken ct)
    {
        var teams = await db.Teams.ToListAsync(ct);
        var teamsCreated = 0;
        foreach (var name in DemoText.Teams.Where(n => !teams.Any(t => t.Name == n)))
        {
            var team = new Team(name, now) { Description = $"Demo: {name}" };
            db.Teams.Add(team);
            teams.Add(team);
            teamsCreated++;
        }
        await db.SaveChangesAsync(ct);

        var emails = DemoText.Agents.Select(a => $"{a.Email}@{DemoPeople.AgentDomain}").ToList();
        var users = await db.Users.Include(u => u.Memberships).Where(u => emails.Contains(u.Email)).ToListAsync(ct);
        var agentsCreated = 0;
        var members = DemoText.Teams.ToDictionary(t => t, _ => new List<string>(), StringComparer.Ordinal);
        foreach (var (name, local, language, timeZone, agentTeams) in DemoText.Agents)
        {
            var email = $"{local}@{DemoPeople.AgentDomain}";
            var user = users.SingleOrDefault(u => u.Email == email);
            if (user is null)
            {
                // No password: an admin sends an invitation, and the agent chooses one.
                user = new User(email, name, Role.Agent, now) { Language = language, TimeZone = timeZone };
                db.Users.Add(user);
                agentsCreated++;
            }
            foreach (var teamName in agentTeams)
            {
                var team = teams.Single(t => t.Name == teamName);
                if (!user.Memberships.Any(m => m.TeamId == team.Id))
                {
                    user.Memberships.Add(new TeamMembership { Team = team, User = user });
                }
                members[teamName].Add(email);
            }
        }
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
        return (teamsCreated, agentsCreated, members);
    }

    /// <summary>Customers with no conversation yet (more customers than conversations were asked for).</summary>
    private async Task CreateQuietCustomersAsync(List<DemoCustomer> quiet, DateTime now, CancellationToken ct)
    {
        foreach (var chunk in quiet.Chunk(ConversationImporter.BatchSize))
        {
            foreach (var person in chunk)
            {
                var customer = await CustomerResolver.FindOrCreateAsync(db, IdentityKind.Email, person.Email, person.Name, Actor.System, now, ct);
                customer.Language ??= person.Language;
                customer.TimeZone ??= person.TimeZone;
            }
            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
        }
    }

    private async Task<int> AttachCompaniesAndTiersAsync(List<DemoCustomer> customers, DateTime now, CancellationToken ct)
    {
        var used = customers.Where(c => c.Company is not null).Select(c => c.Company!.Value).Distinct().ToList();
        var domains = used.Select(c => c.Domain).ToList();
        var companies = await db.Companies.Where(c => c.Domain != null && domains.Contains(c.Domain)).ToListAsync(ct);
        foreach (var (name, domain, tier) in used.Where(u => !companies.Any(c => c.Domain == u.Domain)))
        {
            var company = new Company(name, now) { Domain = domain, Tier = tier, SearchText = SearchNormaliser.Normalise(name) };
            db.Companies.Add(company);
            companies.Add(company);
        }
        await db.SaveChangesAsync(ct);
        foreach (var company in companies)
        {
            var members = customers.Where(c => c.Company?.Domain == company.Domain).Select(c => c.Email).ToList();
            await db.Customers.Where(c => c.Identities.Any(i => i.Kind == IdentityKind.Email && members.Contains(i.Value)))
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.CompanyId, company.Id).SetProperty(c => c.Tier, company.Tier), ct);
        }
        foreach (var group in customers.Where(c => c.Company is null && c.Tier is not null).GroupBy(c => c.Tier!))
        {
            var members = group.Select(c => c.Email).ToList();
            await db.Customers.Where(c => c.Identities.Any(i => i.Kind == IdentityKind.Email && members.Contains(i.Value)))
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.Tier, group.Key), ct);
        }
        db.ChangeTracker.Clear();
        return companies.Count;
    }
}
