using Rapport.Data;
using Rapport.Web;

namespace Rapport.Features.Customers;

/// <summary>PATCH semantics for a customer: only the fields present change; <c>null</c> clears one.</summary>
public static class CustomerPatch
{
    private static readonly HashSet<string> Known = new(StringComparer.Ordinal)
    {
        "full_name", "preferred_name", "pronunciation", "language", "time_zone", "preferred_channel", "contact_hours",
        "do_not_contact", "tier", "account_owner_id", "company_id", "value", "custom_fields", "version",
    };

    public static async Task<CustomerProfile> ApplyAsync(JsonFields f, CustomerProfile p, RapportDb db, Validation v, CancellationToken ct)
    {
        foreach (var name in f.Names.Where(n => !Known.Contains(n)))
        {
            v.Add(name.Length > 64 ? name[..64] : name, "is not a field that can be changed here.");
        }
        if (f.TryGet<string>("full_name", out var fullName))
        {
            p = p with { FullName = fullName ?? "" };
        }
        if (f.TryGet<string>("preferred_name", out var preferred))
        {
            p = p with { PreferredName = CustomerInput.Blank(preferred) };
        }
        if (f.TryGet<string>("pronunciation", out var pronunciation))
        {
            p = p with { Pronunciation = CustomerInput.Blank(pronunciation) };
        }
        if (f.TryGet<string>("language", out var language))
        {
            p = p with { Language = CustomerInput.Blank(language) };
        }
        if (f.TryGet<string>("time_zone", out var zone))
        {
            p = p with { TimeZone = CustomerInput.Blank(zone) };
        }
        if (f.TryGet<ContactChannel?>("preferred_channel", out var channel))
        {
            p = p with { PreferredChannel = channel };
        }
        if (f.TryGet<string>("contact_hours", out var hours))
        {
            p = p with { ContactHours = CustomerInput.Blank(hours) };
        }
        if (f.TryGet<bool?>("do_not_contact", out var doNotContact))
        {
            if (doNotContact is { } flag)
            {
                p = p with { DoNotContact = flag };
            }
            else
            {
                v.Add("do_not_contact", "must be true or false.");
            }
        }
        if (f.TryGet<string>("tier", out var tier))
        {
            p = p with { Tier = CustomerInput.Blank(tier) };
        }
        if (f.TryGet<long?>("account_owner_id", out var owner))
        {
            p = p with { AccountOwnerId = owner };
        }
        if (f.TryGet<long?>("company_id", out var company))
        {
            p = p with { CompanyId = company };
        }
        if (f.TryGet<decimal?>("value", out var value))
        {
            p = p with { Value = value };
        }
        if (f.TryGetElement("custom_fields", out var customFields))
        {
            if (customFields is null)
            {
                v.Add("custom_fields", "must be an object; send a key with null to clear that field.");
            }
            else
            {
                p = p with { CustomFields = await CustomFieldValues.MergeAsync(db, v, customFields, p.CustomFields ?? [], creating: false, ct) };
            }
        }
        return p;
    }
}
