using System.Globalization;

namespace Rapport.Features.Demo;

internal sealed record DemoLine(string ExternalId, string Subject, string Status, string Priority, string Channel,
    DemoLineCustomer Customer, string? Team, string? Assignee, string[] Tags, List<DemoLineMessage> Messages, List<DemoLineStatus> StatusChanges)
{
    [System.Text.Json.Serialization.JsonIgnore]
    public DateTime FirstAt { get; init; }
}

internal sealed record DemoLineCustomer(string Name, string Email, string? Phone, string Language, string TimeZone);

internal sealed record DemoLineMessage(string Kind, string? Author, string BodyText, string CreatedAt);

internal sealed record DemoLineStatus(string Status, string At);

/// <summary>
/// Writes one conversation's history as an import line: when it starts (weekdays and working hours
/// in the customer's own zone), how many messages, how long each side takes to answer, and where it
/// ends — old conversations mostly solved or closed, recent ones still new, open or pending.
/// </summary>
internal sealed class DemoHistory(Random random, DateTime now, int months, Dictionary<string, List<string>> teams)
{
    private static readonly (string Value, double Weight)[] Channels =
        [("email", 40), ("chat", 30), ("whatsapp", 9), ("portal", 8), ("phone", 8), ("sms", 5)];
    private static readonly (string Value, double Weight)[] Priorities = [("low", 15), ("normal", 60), ("high", 20), ("urgent", 5)];
    private static readonly (int Value, double Weight)[] MessageCounts = [(1, 8), (2, 22), (3, 24), (4, 18), (5, 11), (6, 8), (7, 5), (8, 4)];

    private readonly DateTime _start = now.AddDays(-30.4 * Math.Max(1, months));

    public DemoLine Conversation(string externalId, DemoCustomer customer)
    {
        var topic = DemoText.Topics[random.Next(DemoText.Topics.Length)];
        var channel = Pick(Channels);
        var opened = StartTime(customer);
        var ageDays = (now - opened).TotalDays;
        var target = ageDays switch
        {
            > 14 => Pick([("closed", 62.0), ("solved", 30), ("pending", 4), ("open", 4)]),
            > 3 => Pick([("solved", 45.0), ("closed", 15), ("pending", 20), ("open", 15), ("on_hold", 5)]),
            _ => Pick([("new", 30.0), ("open", 30), ("pending", 25), ("solved", 15)]),
        };
        var members = teams[topic.Team];
        string? assignee = target == "new" && random.NextDouble() < 0.6 ? null : members[random.Next(members.Count)];
        var count = target == "new" ? 1 : Pick(MessageCounts);
        count = target switch
        {
            "pending" or "on_hold" when count % 2 == 1 => count + 1,
            "open" when count % 2 == 0 => count - 1,
            "solved" or "closed" when count == 1 => 2,
            _ => count,
        };

        var messages = new List<DemoLineMessage>();
        var changes = new List<DemoLineStatus>();
        var at = opened;
        var lastKind = "";
        var language = customer.Language;
        for (var i = 0; i < count; i++)
        {
            var inbound = i % 2 == 0;
            if (i > 0)
            {
                at += inbound ? CustomerDelay(channel) : AgentDelay(channel);
            }
            if (at > now)
            {
                break;
            }
            var author = inbound ? null : assignee ?? members[random.Next(members.Count)];
            if (!inbound && i >= 2 && random.NextDouble() < 0.15)
            {
                messages.Add(new DemoLineMessage("note", author, DemoText.Note.In(language), Stamp(at.AddMinutes(-1), customer)));
            }
            var last = i == count - 1;
            var body = inbound
                ? (i == 0 ? topic.Opening : last && target is "solved" or "closed" ? topic.Thanks : (i / 2 % 2 == 1 ? DemoText.MoreDetail : DemoText.StillWaiting))
                : (i >= count - 2 ? topic.Reply : (i / 2 % 2 == 0 ? DemoText.AskDetail : DemoText.Checking));
            messages.Add(new DemoLineMessage(inbound ? "inbound" : "outbound", author, body.In(language), Stamp(at, customer)));
            lastKind = inbound ? "inbound" : "outbound";
            // The log shows the conversation waiting on the customer after each reply, and open again when they answer.
            if (!inbound || i > 0)
            {
                Change(changes, inbound ? "open" : "pending", at.AddSeconds(1), customer);
            }
        }

        var status = Finish(target, lastKind, messages.Count, at, changes, customer);
        var tags = topic.Tags.Concat(customer.Tier == "gold" || customer.Company?.Tier == "enterprise" ? ["vip"] : Array.Empty<string>()).ToArray();
        return new DemoLine(externalId, topic.Subject.In(language), status, Pick(Priorities), channel,
            new DemoLineCustomer(customer.Name, customer.Email, customer.Phone, customer.Language, customer.TimeZone),
            topic.Team, assignee, tags, messages, changes)
        {
            FirstAt = opened,
        };
    }

    /// <summary>Solves and closes at believable times when those are not in the future; otherwise the conversation is still waiting.</summary>
    private string Finish(string target, string lastKind, int messageCount, DateTime lastAt, List<DemoLineStatus> changes, DemoCustomer customer)
    {
        if (target is "solved" or "closed")
        {
            var solved = lastAt + TimeSpan.FromMinutes(5 + random.NextDouble() * 360);
            if (solved > now)
            {
                return lastKind == "outbound" ? "pending" : "open";
            }
            changes.Add(new DemoLineStatus("solved", Stamp(solved, customer)));
            var closed = solved + TimeSpan.FromDays(3);
            if (target == "solved" || closed > now)
            {
                return "solved";
            }
            changes.Add(new DemoLineStatus("closed", Stamp(closed, customer)));
            return "closed";
        }
        if (target == "on_hold" && lastKind == "outbound")
        {
            return Change(changes, "on_hold", lastAt.AddMinutes(2), customer) ? "on_hold" : "pending";
        }
        if (messageCount == 1 && lastKind == "inbound")
        {
            return target == "new" ? "new" : "open";
        }
        return lastKind == "outbound" ? "pending" : "open";
    }

    private bool Change(List<DemoLineStatus> changes, string status, DateTime at, DemoCustomer customer)
    {
        if (at > now)
        {
            return false;
        }
        changes.Add(new DemoLineStatus(status, Stamp(at, customer)));
        return true;
    }

    /// <summary>A moment in the period, busier on working days and in working hours where the customer lives, and growing towards today.</summary>
    private DateTime StartTime(DemoCustomer customer)
    {
        var span = now.AddMinutes(-5) - _start;
        while (true)
        {
            var at = _start + span * Math.Pow(random.NextDouble(), 0.8);
            var local = at + customer.Offset;
            var day = (customer.Language, local.DayOfWeek) switch
            {
                ("fa", DayOfWeek.Friday) => 0.2,
                ("fa", DayOfWeek.Thursday) => 0.6,
                ("fa", _) => 1.0,
                (_, DayOfWeek.Saturday) => 0.3,
                (_, DayOfWeek.Sunday) => 0.2,
                _ => 1.0,
            };
            var hour = local.Hour switch
            {
                < 7 => 0.04,
                < 9 => 0.4,
                < 13 => 1.0,
                < 14 => 0.7,
                < 18 => 1.0,
                < 21 => 0.45,
                _ => 0.15,
            };
            if (random.NextDouble() < day * hour)
            {
                return at.AddTicks(-(at.Ticks % TimeSpan.TicksPerSecond));
            }
        }
    }

    private TimeSpan AgentDelay(string channel) => channel switch
    {
        "chat" or "phone" or "whatsapp" => LogUniform(TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(25)),
        "sms" => LogUniform(TimeSpan.FromMinutes(5), TimeSpan.FromHours(3)),
        _ => LogUniform(TimeSpan.FromMinutes(12), TimeSpan.FromHours(26)),
    };

    private TimeSpan CustomerDelay(string channel) => channel switch
    {
        "chat" or "phone" => LogUniform(TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(12)),
        "whatsapp" or "sms" => LogUniform(TimeSpan.FromMinutes(3), TimeSpan.FromHours(8)),
        _ => LogUniform(TimeSpan.FromMinutes(30), TimeSpan.FromDays(2)),
    };

    /// <summary>Most answers are quick and a few take long, as in real queues.</summary>
    private TimeSpan LogUniform(TimeSpan min, TimeSpan max)
    {
        var seconds = Math.Exp(Math.Log(min.TotalSeconds) + random.NextDouble() * (Math.Log(max.TotalSeconds) - Math.Log(min.TotalSeconds)));
        return TimeSpan.FromSeconds(Math.Round(seconds));
    }

    private T Pick<T>((T Value, double Weight)[] choices)
    {
        var roll = random.NextDouble() * choices.Sum(c => c.Weight);
        foreach (var (value, weight) in choices)
        {
            roll -= weight;
            if (roll < 0)
            {
                return value;
            }
        }
        return choices[^1].Value;
    }

    /// <summary>ISO 8601 in the customer's own offset, as another helpdesk's export would write it.</summary>
    private static string Stamp(DateTime utc, DemoCustomer customer) =>
        new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)).ToOffset(customer.Offset)
            .ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
}
