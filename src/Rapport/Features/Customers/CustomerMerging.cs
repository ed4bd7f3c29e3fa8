using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Rapport.Data;
using Rapport.Features.Timeline;
using Rapport.Web;

namespace Rapport.Features.Customers;

public enum MergeOutcome
{
    Merged,
    TargetNotFound,
    Invalid,
}

/// <summary>
/// Loading, previewing and running a merge of two customers: shared by the merge endpoints and the
/// console's merge page, so what an agent is shown is what the API would do.
/// </summary>
public static class CustomerMerging
{
    /// <summary>Target null: no such customer (404). Source null: a field error on <c>source_id</c>.</summary>
    public static async Task<(Customer? Target, Customer? Source)> LoadAsync(RapportDb db, long id, long? sourceId, Validation v, CancellationToken ct)
    {
        var target = await CustomerQueries.FindAsync(db, id, ct);
        if (target is null)
        {
            return (null, null);
        }
        if (sourceId is not { } sid)
        {
            v.Add("source_id", "is required.");
            return (target, null);
        }
        var source = await CustomerQueries.FindAsync(db, sid, ct, withNotes: true);
        if (source is null)
        {
            v.Add("source_id", "refers to no customer.");
        }
        return (target, source);
    }

    public static async Task<MergePreview> PreviewAsync(RapportDb db, Customer target, Customer source, CancellationToken ct)
    {
        var plan = target.PlanMerge(source);
        var conversations = await db.Conversations.CountAsync(c => c.CustomerId == source.Id, ct);
        return new MergePreview(target.Id, source.Id,
            plan.Identities.Select(i => new IdentityResponse(i.Id, i.Kind, i.Value, i.Source, false, i.CreatedAt)).ToList(),
            conversations, plan.Notes, plan.TagsAdded, plan.FilledFields);
    }

    public static async Task<(MergeOutcome Outcome, Customer? Target)> MergeAsync(
        RapportDb db, long id, long? sourceId, Actor actor, DateTime now, Validation v, CancellationToken ct)
    {
        // Notes and identities change parent here; they must be moved, not deleted as orphans of the source.
        db.ChangeTracker.DeleteOrphansTiming = CascadeTiming.OnSaveChanges;
        await using var transaction = await db.BeginWriteTransactionAsync(ct);
        var (target, source) = await LoadAsync(db, id, sourceId, v, ct);
        if (target is null)
        {
            return (MergeOutcome.TargetNotFound, null);
        }
        if (source is null)
        {
            return (MergeOutcome.Invalid, target);
        }
        target.PlanMerge(source);
        // Conversation belongs to another feature and keeps its setters private, so its customer
        // column moves in SQL, in this transaction; the version bump makes an open edit of one
        // of them fail as a conflict rather than silently undo the move.
        var moved = await db.Conversations.Where(c => c.CustomerId == source.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.CustomerId, target.Id).SetProperty(c => c.Version, c => c.Version + 1), ct);
        // Records merged into the source earlier now point straight at the target, so following takes one hop.
        await db.Customers.Where(c => c.MergedIntoId == source.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.MergedIntoId, target.Id), ct);
        target.Absorb(source, moved, actor, now);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return (MergeOutcome.Merged, target);
    }
}
