using System.Globalization;
using Rapport.Features.Conversations;
using Rapport.Features.Sla;
using Rapport.Web;

namespace Rapport.Features.AgentConsole.Pages.Sla;

/// <summary>
/// The policy form: conditions as comma-separated lists, targets, pauses, warnings and escalations
/// as lines of text, turned into the API's shapes. A line it cannot read is named in <see cref="Unreadable"/>.
/// </summary>
public sealed class PolicyForm
{
    public long? Id { get; set; }
    public string? Name { get; set; }
    public int? Position { get; set; }
    public long? CalendarId { get; set; }
    public string? Priorities { get; set; }
    public string? Channels { get; set; }
    public string? Tiers { get; set; }
    public string? Tags { get; set; }
    /// <summary>Team names, comma-separated (an id is read too).</summary>
    public string? Teams { get; set; }
    /// <summary>Company names, comma-separated (an id is read too).</summary>
    public string? Companies { get; set; }
    /// <summary><c>urgent first_reply 5 business</c>, <c>normal resolution 1440 calendar</c>.</summary>
    public string? Targets { get; set; }
    /// <summary><c>resolution pending on_hold</c>.</summary>
    public string? Pauses { get; set; }
    /// <summary><c>75%</c> or <c>15m</c> (minutes left).</summary>
    public string? Warnings { get; set; }
    /// <summary><c>breach raise_priority</c>, <c>breach add_tag escalated</c>, <c>warning notify assignee first_reply</c>, <c>breach move_to_team 3</c>.</summary>
    public string? Escalations { get; set; }

    public List<string> Unreadable { get; } = [];

    public static PolicyForm From(PolicyResponse p, IReadOnlyDictionary<long, string> teams, IReadOnlyDictionary<long, string> companies) => new()
    {
        Teams = string.Join(", ", p.Conditions.TeamIds?.Select(id => teams.GetValueOrDefault(id) ?? id.ToString(CultureInfo.InvariantCulture)) ?? []),
        Companies = string.Join(", ", p.Conditions.CompanyIds?.Select(id => companies.GetValueOrDefault(id) ?? id.ToString(CultureInfo.InvariantCulture)) ?? []),
        Id = p.Id,
        Name = p.Name,
        Position = p.Position,
        CalendarId = p.CalendarId,
        Priorities = string.Join(", ", p.Conditions.Priorities?.Select(EnumNames.Of) ?? []),
        Channels = string.Join(", ", p.Conditions.Channels?.Select(EnumNames.Of) ?? []),
        Tiers = string.Join(", ", p.Conditions.Tiers ?? []),
        Tags = string.Join(", ", p.Conditions.Tags ?? []),
        Targets = string.Join('\n', p.Targets.Select(t => $"{EnumNames.Of(t.Priority)} {EnumNames.Of(t.Kind)} {t.Minutes} {(t.BusinessTime ? "business" : "calendar")}")),
        Pauses = string.Join('\n', p.Pauses.Select(kv => $"{EnumNames.Of(kv.Key)} {string.Join(' ', kv.Value.Select(EnumNames.Of))}")),
        Warnings = string.Join('\n', p.Warnings.Select(w => w.PercentElapsed is { } pct ? $"{pct}%" : $"{w.MinutesLeft}m")),
        Escalations = string.Join('\n', p.Escalations.Select(e => string.Join(' ', new[]
        {
            EnumNames.Of(e.On), EnumNames.Of(e.Action),
            e.TeamId?.ToString(CultureInfo.InvariantCulture) ?? e.Tag ?? (e.Notify is { } n ? EnumNames.Of(n) : null),
            e.Target is { } k ? EnumNames.Of(k) : null,
        }.Where(x => x is not null)))),
    };

    /// <summary>The body for the API; team and company names are turned into ids through <paramref name="teams"/> and <paramref name="companies"/> (name to id).</summary>
    public PolicyBody ToBody(IReadOnlyDictionary<string, long> teams, IReadOnlyDictionary<string, long> companies)
    {
        var conditions = new PolicyConditions(
            Priorities: Values<Priority>(Priorities, "priorities"),
            Tiers: Words(Tiers),
            CompanyIds: Ids(Companies, companies, "companies"),
            Channels: Values<Channel>(Channels, "channels"),
            TeamIds: Ids(Teams, teams, "teams"),
            Tags: Words(Tags));
        return new PolicyBody(Name, Position, CalendarId, CalendarId is null, conditions,
            [.. Lines(Targets).Select(ReadTarget).OfType<TargetRule>()],
            ReadPauses(),
            [.. Lines(Warnings).Select(ReadWarning).OfType<WarningPoint>()],
            [.. Lines(Escalations).Select(ReadEscalation).OfType<EscalationRule>()]);
    }

    private static IEnumerable<string> Lines(string? text) => (text ?? "").Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0);

    private static List<string> Words(string? text) => [.. (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];

    private List<long> Ids(string? text, IReadOnlyDictionary<string, long> byName, string field)
    {
        var ids = new List<long>();
        foreach (var word in Words(text))
        {
            if (byName.TryGetValue(word, out var id) || long.TryParse(word, NumberStyles.None, CultureInfo.InvariantCulture, out id))
            {
                ids.Add(id);
            }
            else
            {
                Unreadable.Add($"{field}: {word}");
            }
        }
        return ids;
    }

    private List<T> Values<T>(string? text, string field) where T : struct, Enum
    {
        var values = new List<T>();
        foreach (var word in Words(text))
        {
            if (EnumNames.TryParse<T>(word.ToLowerInvariant(), out var value))
            {
                values.Add(value);
            }
            else
            {
                Unreadable.Add($"{field}: {word}");
            }
        }
        return values;
    }

    private TargetRule? ReadTarget(string line)
    {
        var p = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (p.Length is 3 or 4 && EnumNames.TryParse<Priority>(p[0], out var priority) && EnumNames.TryParse<TargetKind>(p[1], out var kind)
            && int.TryParse(p[2], NumberStyles.None, CultureInfo.InvariantCulture, out var minutes) && (p.Length == 3 || p[3] is "business" or "calendar"))
        {
            return new TargetRule(priority, kind, minutes, p.Length == 3 || p[3] == "business");
        }
        Unreadable.Add(line);
        return null;
    }

    private Dictionary<TargetKind, List<ConversationStatus>> ReadPauses()
    {
        var pauses = new Dictionary<TargetKind, List<ConversationStatus>>();
        foreach (var line in Lines(Pauses))
        {
            var p = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var statuses = new List<ConversationStatus>();
            var ok = EnumNames.TryParse<TargetKind>(p[0], out var kind);
            foreach (var word in p.Skip(1))
            {
                ok &= EnumNames.TryParse<ConversationStatus>(word, out var status);
                statuses.Add(status);
            }
            if (ok)
            {
                pauses[kind] = statuses;
            }
            else
            {
                Unreadable.Add(line);
            }
        }
        return pauses;
    }

    private WarningPoint? ReadWarning(string line)
    {
        if (line.EndsWith('%') && int.TryParse(line[..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var percent))
        {
            return new WarningPoint(PercentElapsed: percent);
        }
        if (line.EndsWith('m') && int.TryParse(line[..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var minutes))
        {
            return new WarningPoint(MinutesLeft: minutes);
        }
        Unreadable.Add(line);
        return null;
    }

    private EscalationRule? ReadEscalation(string line)
    {
        var p = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (p.Length < 2 || !EnumNames.TryParse<EscalationTrigger>(p[0], out var on) || !EnumNames.TryParse<EscalationAction>(p[1], out var action))
        {
            Unreadable.Add(line);
            return null;
        }
        var rest = p.Skip(2).ToList();
        TargetKind? target = rest.Count > 0 && EnumNames.TryParse<TargetKind>(rest[^1], out var k) ? k : null;
        if (target is not null)
        {
            rest.RemoveAt(rest.Count - 1);
        }
        var argument = rest.FirstOrDefault();
        return action switch
        {
            EscalationAction.MoveToTeam => new EscalationRule(on, action, target, TeamId: long.TryParse(argument, CultureInfo.InvariantCulture, out var team) ? team : null),
            EscalationAction.AddTag => new EscalationRule(on, action, target, Tag: argument),
            EscalationAction.Notify => new EscalationRule(on, action, target, Notify: EnumNames.TryParse<NotifyWhom>(argument, out var whom) ? whom : null),
            _ => new EscalationRule(on, action, target),
        };
    }
}
