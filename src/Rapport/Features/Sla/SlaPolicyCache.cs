using Microsoft.EntityFrameworkCore;
using Rapport.Data;
using Rapport.Features.Realtime;
using Rapport.Features.Sla.Calendars;

namespace Rapport.Features.Sla;

/// <summary>A policy with its rules parsed and its calendar built, ready to match and evaluate.</summary>
public sealed record LoadedPolicy(long Id, string Name, PolicyRules Rules, BusinessCalendar Calendar, string? CalendarName);

/// <summary>
/// The policies in match order, held in memory so that a workspace without policies pays nothing
/// per request. A change through the API calls <see cref="Changed"/> after it commits: this node
/// forgets at once, and the realtime outlet (PostgreSQL NOTIFY with several nodes) tells every node,
/// whose <see cref="SlaWorker"/> calls <see cref="Invalidate"/>. The next reader loads again.
/// </summary>
public sealed class SlaPolicyCache(IRealtimeOutlet outlet, TimeProvider time)
{
    public const string ChangedKind = "sla.policies_changed";

    private volatile IReadOnlyList<LoadedPolicy>? _policies;
    private long _version;

    /// <summary>Whether the policies are in memory and there are none: nothing to do, not even a query.</summary>
    public bool KnownEmpty => _policies is { Count: 0 };

    public void Changed()
    {
        Invalidate();
        outlet.Send([new RealtimeEvent(0, ChangedKind, null, null, null, null, null, null, null, null, time.GetUtcNow().UtcDateTime)]);
    }

    public void Invalidate()
    {
        Interlocked.Increment(ref _version);
        _policies = null;
    }

    public async Task<IReadOnlyList<LoadedPolicy>> GetAsync(RapportDb db, CancellationToken ct)
    {
        if (_policies is { } cached)
        {
            return cached;
        }
        var version = Interlocked.Read(ref _version);
        var rows = await db.SlaPolicies.AsNoTracking().Include(p => p.Calendar).OrderBy(p => p.Position).ThenBy(p => p.Id).ToListAsync(ct);
        var loaded = rows.Select(p => new LoadedPolicy(
            p.Id, p.Name, p.Rules(), p.Calendar?.ToBusinessCalendar() ?? BusinessCalendar.AlwaysOpen, p.Calendar?.Name)).ToList();
        // A change that landed while loading leaves the cache empty, so the next reader sees it.
        if (Interlocked.Read(ref _version) == version)
        {
            _policies = loaded;
        }
        return loaded;
    }

    public static LoadedPolicy? Match(IReadOnlyList<LoadedPolicy> policies, SlaSubject subject) =>
        policies.FirstOrDefault(p => p.Rules.Conditions.Matches(subject));
}
