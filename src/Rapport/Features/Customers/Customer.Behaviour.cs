using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Unicode;
using Rapport.Features.Timeline;
using Rapport.Web;

namespace Rapport.Features.Customers;

/// <summary>
/// The changes a customer goes through. Each one appends to the activity log with what changed,
/// and keeps <see cref="SearchText"/> in step with the names and identities it is built from.
/// </summary>
public sealed partial class Customer
{
    // Custom field values are stored as written (Persian text stays readable in the database), not \u-escaped.
    private static readonly JsonSerializerOptions StoredJson = new() { Encoder = JavaScriptEncoder.Create(UnicodeRanges.All) };

    public static Customer Create(CustomerProfile profile, IEnumerable<CustomerIdentity> identities, IEnumerable<Tag> tags, Actor actor, DateTime now)
    {
        var customer = new Customer(profile.FullName, now);
        customer.Apply(profile);
        foreach (var identity in identities)
        {
            identity.IsPrimary = !customer.Identities.Any(i => i.Kind == identity.Kind);
            customer.Identities.Add(identity);
        }
        foreach (var tag in tags)
        {
            customer.Tags.Add(new CustomerTag { Tag = tag });
        }
        customer.RefreshSearchText();
        customer.PendingActivities.Add(Activity.ForCustomer(customer, ActivityKinds.CustomerCreated, actor, now, new
        {
            full_name = customer.FullName,
            identities = customer.Identities.Select(i => new { kind = i.Kind, value = i.Value, source = i.Source }),
            tags = customer.Tags.Select(t => t.Tag!.Name),
            fields = new CustomerProfile("").ChangesTo(profile).Keys.Where(k => k != "full_name"),
        }));
        return customer;
    }

    public CustomerProfile Profile => new(FullName, PreferredName, Pronunciation, Language, TimeZone, PreferredChannel,
        ContactHours, DoNotContact, Tier, AccountOwnerId, CompanyId, Value, JsonNode.Parse(CustomFields) as JsonObject ?? []);

    /// <summary>Applies the profile and records each changed field as old → new. Returns false when nothing changed.</summary>
    public bool Edit(CustomerProfile next, Actor actor, DateTime now)
    {
        EnsureNotMerged();
        var changes = Profile.ChangesTo(next);
        if (changes.Count == 0)
        {
            return false;
        }
        Apply(next);
        RefreshSearchText();
        UpdatedAt = now;
        PendingActivities.Add(Activity.ForCustomer(this, ActivityKinds.CustomerEdited, actor, now, new { changes }));
        return true;
    }

    public void AddIdentity(CustomerIdentity identity, Actor actor, DateTime now)
    {
        EnsureNotMerged();
        identity.IsPrimary = !Identities.Any(i => i.Kind == identity.Kind);
        Identities.Add(identity);
        RefreshSearchText();
        UpdatedAt = now;
        PendingActivities.Add(Activity.ForCustomer(this, ActivityKinds.CustomerIdentityAdded, actor, now,
            new { kind = identity.Kind, value = identity.Value, source = identity.Source }));
    }

    public void RemoveIdentity(CustomerIdentity identity, Actor actor, DateTime now)
    {
        EnsureNotMerged();
        if (!Identities.Remove(identity))
        {
            throw new InvalidOperationException("The identity does not belong to this customer.");
        }
        // Another address of the same kind takes over as primary, so replies still have somewhere to go.
        if (identity.IsPrimary && Identities.FirstOrDefault(i => i.Kind == identity.Kind) is { } next)
        {
            next.IsPrimary = true;
        }
        RefreshSearchText();
        UpdatedAt = now;
        PendingActivities.Add(Activity.ForCustomer(this, ActivityKinds.CustomerIdentityRemoved, actor, now,
            new { kind = identity.Kind, value = identity.Value, source = identity.Source }));
    }

    public void AddNote(CustomerNote note, Actor actor, DateTime now)
    {
        EnsureNotMerged();
        Notes.Add(note);
        UpdatedAt = now;
        PendingActivities.Add(Activity.ForCustomer(this, ActivityKinds.CustomerNoteAdded, actor, now,
            new { excerpt = note.Body.Length > 200 ? note.Body[..200] : note.Body }));
    }

    /// <summary>Makes the customer's tags exactly <paramref name="tags"/>; recorded as an edit of <c>tags</c>.</summary>
    public bool ReplaceTags(IReadOnlyCollection<Tag> tags, Actor actor, DateTime now, string? reason = null)
    {
        EnsureNotMerged();
        var before = Tags.Select(t => t.Tag!.Name).Order(StringComparer.Ordinal).ToList();
        var after = tags.Select(t => t.Name).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (before.SequenceEqual(after, StringComparer.Ordinal))
        {
            return false;
        }
        Tags.RemoveAll(link => !after.Contains(link.Tag!.Name, StringComparer.Ordinal));
        foreach (var tag in tags.Where(t => !before.Contains(t.Name, StringComparer.Ordinal)).DistinctBy(t => t.Name))
        {
            Tags.Add(new CustomerTag { Tag = tag });
        }
        UpdatedAt = now;
        PendingActivities.Add(Activity.ForCustomer(this, ActivityKinds.CustomerEdited, actor, now, new
        {
            changes = new Dictionary<string, object?> { ["tags"] = new { old = before, @new = after } },
            added = after.Except(before, StringComparer.Ordinal),
            removed = before.Except(after, StringComparer.Ordinal),
            reason,
        }));
        return true;
    }

    /// <summary>
    /// Drops the value of a custom field the admin deleted. Applies to merged-away records too: the
    /// field no longer exists anywhere, and a value kept in a hidden record would reappear if the key were reused.
    /// </summary>
    public bool ForgetCustomField(string key, Actor actor, DateTime now)
    {
        var fields = JsonNode.Parse(CustomFields) as JsonObject ?? [];
        if (!fields.TryGetPropertyValue(key, out var old))
        {
            return false;
        }
        fields.Remove(key);
        CustomFields = fields.ToJsonString(StoredJson);
        UpdatedAt = now;
        PendingActivities.Add(Activity.ForCustomer(this, ActivityKinds.CustomerEdited, actor, now, new
        {
            changes = new Dictionary<string, object?> { ["custom_fields." + key] = new { old, @new = (JsonNode?)null } },
            reason = "custom_field_deleted",
        }));
        return true;
    }

    /// <summary>Refuses any change to a record that was merged away: its history lives on, its present is the target.</summary>
    public void EnsureNotMerged()
    {
        if (MergedIntoId is { } target)
        {
            throw new DomainException($"Customer {Id} was merged into customer {target}; change that one instead.", "customer_merged");
        }
    }

    public void RefreshSearchText() => SearchText = CustomerSearchText.For(this);

    private void Apply(CustomerProfile p)
    {
        FullName = p.FullName;
        PreferredName = p.PreferredName;
        Pronunciation = p.Pronunciation;
        Language = p.Language;
        TimeZone = p.TimeZone;
        PreferredChannel = p.PreferredChannel;
        ContactHours = p.ContactHours;
        DoNotContact = p.DoNotContact;
        Tier = p.Tier;
        AccountOwnerId = p.AccountOwnerId;
        CompanyId = p.CompanyId;
        Value = p.Value;
        CustomFields = (p.CustomFields ?? []).ToJsonString(StoredJson);
    }
}
