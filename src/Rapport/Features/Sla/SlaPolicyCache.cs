using Microsoft.EntityFrameworkCore;
using Rapport.Data;
using Rapport.Features.Sla.Calendars;

namespace Rapport.Features.Sla;

/// <summary>A policy with its rules parsed and its calendar built, ready to match and evaluate.</summary>
public sealed record LoadedPolicy(long Id, string Name, PolicyRules Rules, BusinessCalendar Calendar, string? CalendarName);

/// <summary>
/// The policies in match order, held in memory so that a workspace without policies pays nothing
/// per request. Any change through the API calls <see cref="Changed"/>; the next reader loads again.
/// </summary>
public sealed class SlaPolicyCache
{
    private volatile IReadOnlyList<LoadedPolicy>? _policies;
    private long _version;

    public void Changed()
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
