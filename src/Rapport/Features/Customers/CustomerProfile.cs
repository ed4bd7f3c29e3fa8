using System.Text.Json.Nodes;

namespace Rapport.Features.Customers;

/// <summary>
/// The editable facts about a customer, as one value: create builds one, PATCH copies the current
/// one and replaces what the request names, and <see cref="Customer.Edit"/> records the difference.
/// </summary>
public sealed record CustomerProfile(
    string FullName,
    string? PreferredName = null,
    string? Pronunciation = null,
    string? Language = null,
    string? TimeZone = null,
    ContactChannel? PreferredChannel = null,
    string? ContactHours = null,
    bool DoNotContact = false,
    string? Tier = null,
    long? AccountOwnerId = null,
    long? CompanyId = null,
    decimal? Value = null,
    JsonObject? CustomFields = null)
{
    /// <summary>Field name → (old, new) for each field that differs, custom fields as <c>custom_fields.key</c>.</summary>
    public Dictionary<string, object?> ChangesTo(CustomerProfile next)
    {
        var changes = new Dictionary<string, object?>(StringComparer.Ordinal);
        void Compare<T>(string field, T before, T after)
        {
            if (!EqualityComparer<T>.Default.Equals(before, after))
            {
                changes[field] = new { old = before, @new = after };
            }
        }
        Compare("full_name", FullName, next.FullName);
        Compare("preferred_name", PreferredName, next.PreferredName);
        Compare("pronunciation", Pronunciation, next.Pronunciation);
        Compare("language", Language, next.Language);
        Compare("time_zone", TimeZone, next.TimeZone);
        Compare("preferred_channel", PreferredChannel, next.PreferredChannel);
        Compare("contact_hours", ContactHours, next.ContactHours);
        Compare("do_not_contact", DoNotContact, next.DoNotContact);
        Compare("tier", Tier, next.Tier);
        Compare("account_owner_id", AccountOwnerId, next.AccountOwnerId);
        Compare("company_id", CompanyId, next.CompanyId);
        Compare("value", Value, next.Value);
        var before = CustomFields ?? [];
        var after = next.CustomFields ?? [];
        foreach (var key in before.Select(p => p.Key).Union(after.Select(p => p.Key)).Order(StringComparer.Ordinal))
        {
            var old = before[key];
            var @new = after[key];
            if (!JsonNode.DeepEquals(old, @new))
            {
                changes["custom_fields." + key] = new { old = old?.DeepClone(), @new = @new?.DeepClone() };
            }
        }
        return changes;
    }
}
