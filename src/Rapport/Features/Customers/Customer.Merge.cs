using System.Text.Json.Nodes;
using Rapport.Features.Timeline;
using Rapport.Web;

namespace Rapport.Features.Customers;

/// <summary>What merging a source customer into a target would move and fill, before or after doing it.</summary>
public sealed record MergePlan(
    IReadOnlyList<CustomerIdentity> Identities,
    IReadOnlyList<string> TagsAdded,
    int Notes,
    IReadOnlyList<string> FilledFields,
    CustomerProfile Profile);

public sealed partial class Customer
{
    /// <summary>
    /// The target's profile with its empty fields filled from the source. The target's own values win;
    /// do-not-contact wins if either record asked for it, since ignoring that wish is the worse error.
    /// </summary>
    public MergePlan PlanMerge(Customer source)
    {
        CheckMerge(source);
        var mine = Profile;
        var theirs = source.Profile;
        var fields = (mine.CustomFields ?? []).DeepClone().AsObject();
        foreach (var (key, value) in theirs.CustomFields ?? [])
        {
            if (fields[key] is null && value is not null)
            {
                fields[key] = value.DeepClone();
            }
        }
        var filled = mine with
        {
            PreferredName = mine.PreferredName ?? theirs.PreferredName,
            Pronunciation = mine.Pronunciation ?? theirs.Pronunciation,
            Language = mine.Language ?? theirs.Language,
            TimeZone = mine.TimeZone ?? theirs.TimeZone,
            PreferredChannel = mine.PreferredChannel ?? theirs.PreferredChannel,
            ContactHours = mine.ContactHours ?? theirs.ContactHours,
            DoNotContact = mine.DoNotContact || theirs.DoNotContact,
            Tier = mine.Tier ?? theirs.Tier,
            AccountOwnerId = mine.AccountOwnerId ?? theirs.AccountOwnerId,
            CompanyId = mine.CompanyId ?? theirs.CompanyId,
            Value = mine.Value ?? theirs.Value,
            CustomFields = fields,
        };
        var mineTags = Tags.Select(t => t.Tag!.Name).ToHashSet(StringComparer.Ordinal);
        return new MergePlan(
            source.Identities.ToList(),
            source.Tags.Select(t => t.Tag!.Name).Where(n => !mineTags.Contains(n)).Order(StringComparer.Ordinal).ToList(),
            source.Notes.Count,
            mine.ChangesTo(filled).Keys.ToList(),
            filled);
    }

    /// <summary>
    /// Moves the source's identities, notes and tags here, fills empty fields from it, and marks it
    /// merged into this record. Nothing is deleted: the source row stays, with its own activities,
    /// so the timeline can follow <see cref="MergedIntoId"/> back to everything that happened.
    /// Conversations move in SQL by the caller, in the same transaction.
    /// </summary>
    public MergePlan Absorb(Customer source, int conversationsMoved, Actor actor, DateTime now)
    {
        var plan = PlanMerge(source);
        foreach (var identity in plan.Identities)
        {
            source.Identities.Remove(identity);
            // A moved address is never primary over the target's own.
            identity.IsPrimary = !Identities.Any(i => i.Kind == identity.Kind);
            identity.Customer = this;
            Identities.Add(identity);
        }
        foreach (var note in source.Notes.ToList())
        {
            source.Notes.Remove(note);
            Notes.Add(note);
        }
        foreach (var link in source.Tags.ToList())
        {
            source.Tags.Remove(link);
            if (plan.TagsAdded.Contains(link.Tag!.Name, StringComparer.Ordinal))
            {
                Tags.Add(new CustomerTag { Tag = link.Tag });
            }
        }
        Apply(plan.Profile);
        RefreshSearchText();
        UpdatedAt = now;
        source.MergedIntoId = Id;
        source.RefreshSearchText();
        source.UpdatedAt = now;
        var moved = new
        {
            identities = plan.Identities.Select(i => new { kind = i.Kind, value = i.Value }),
            conversations = conversationsMoved,
            notes = plan.Notes,
            tags = plan.TagsAdded,
        };
        PendingActivities.Add(Activity.ForCustomer(this, ActivityKinds.CustomerMerged, actor, now,
            new { source_id = source.Id, target_id = Id, moved, filled_fields = plan.FilledFields }));
        source.PendingActivities.Add(Activity.ForCustomer(source, ActivityKinds.CustomerMerged, actor, now,
            new { source_id = source.Id, target_id = Id, merged_into_id = Id, moved }));
        return plan;
    }

    private void CheckMerge(Customer source)
    {
        if (source.Id == Id)
        {
            throw new DomainException("A customer cannot be merged into itself.", "merge_into_self");
        }
        if (MergedIntoId is { } target)
        {
            throw new DomainException($"Customer {Id} was already merged into customer {target}; merge into that one.", "customer_merged");
        }
        if (source.MergedIntoId is { } sourceTarget)
        {
            throw new DomainException($"Customer {source.Id} was already merged into customer {sourceTarget}.", "customer_merged");
        }
    }
}
