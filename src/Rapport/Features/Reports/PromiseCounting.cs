using Microsoft.EntityFrameworkCore;
using Rapport.Data;
using Rapport.Features.Promises;

namespace Rapport.Features.Reports;

public enum PromiseGrouping
{
    Agent,
    Team,
}

/// <summary>
/// One group's promises. <see cref="Made"/> is kept + missed + open; cancelled ones were withdrawn
/// and are counted apart. A promise that went past its due time counts as missed even when it was
/// kept later. <see cref="KeptRate"/> is kept / (kept + missed): of the promises that came due, the
/// share kept on time; null when none came due.
/// </summary>
public sealed record PromiseCountRow(long? Id, string Name, int Made, int Kept, int Missed, int Open, int Cancelled, double? KeptRate);

/// <summary>
/// Counts promises by who made them or by the conversation's team, for those due within a period:
/// the promises report uses it, and so will the KPI dashboards. One grouped query on the
/// (state, due_at) index's column, names looked up after.
/// </summary>
public sealed class PromiseCounting(RapportDb db)
{
    public async Task<List<PromiseCountRow>> CountAsync(DateTime from, DateTime to, PromiseGrouping by, CancellationToken ct)
    {
        var due = db.Promises.AsNoTracking().Where(p => p.DueAt >= from && p.DueAt < to);
        var keyed = by == PromiseGrouping.Agent
            ? due.Select(p => new { Key = (long?)p.CreatedByUserId, p.State, p.MissedAt })
            : due.Select(p => new { Key = p.Conversation!.TeamId, p.State, p.MissedAt });
        var counts = await keyed.GroupBy(p => p.Key).Select(g => new
        {
            g.Key,
            Kept = g.Count(p => p.State == PromiseState.Kept && p.MissedAt == null),
            Missed = g.Count(p => p.MissedAt != null && p.State != PromiseState.Cancelled),
            Open = g.Count(p => p.State == PromiseState.Open),
            Cancelled = g.Count(p => p.State == PromiseState.Cancelled),
        }).ToListAsync(ct);
        var ids = counts.Select(c => c.Key).OfType<long>().ToList();
        var names = by == PromiseGrouping.Agent
            ? await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct)
            : await db.Teams.AsNoTracking().Where(t => ids.Contains(t.Id)).ToDictionaryAsync(t => t.Id, t => t.Name, ct);
        return counts
            .Select(c => new PromiseCountRow(c.Key, c.Key is { } id ? names.GetValueOrDefault(id) ?? "" : "", c.Kept + c.Missed + c.Open,
                c.Kept, c.Missed, c.Open, c.Cancelled, c.Kept + c.Missed == 0 ? null : Math.Round((double)c.Kept / (c.Kept + c.Missed), 4)))
            .OrderByDescending(r => r.Made).ThenBy(r => r.Name, StringComparer.Ordinal)
            .ToList();
    }
}
