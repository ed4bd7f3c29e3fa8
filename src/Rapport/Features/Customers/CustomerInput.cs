using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Rapport.Data;
using Rapport.Web;

namespace Rapport.Features.Customers;

public sealed record IdentityInput(IdentityKind? Kind, string? Value, string? Source);

/// <summary>Checks of customer input shared by create, update and the identity endpoints.</summary>
public static partial class CustomerInput
{
    public const int MaxIdentitiesPerRequest = 50;
    public const int MaxTagsPerCustomer = 100;

    /// <summary>Optional text: blank means "not set". Never trims what is kept, so names stay as written.</summary>
    public static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    public static void CheckProfile(Validation v, CustomerProfile p)
    {
        v.Required("full_name", p.FullName, 300);
        v.MaxLength("preferred_name", p.PreferredName, 200);
        v.MaxLength("pronunciation", p.Pronunciation, 200);
        v.MaxLength("contact_hours", p.ContactHours, 200);
        v.MaxLength("tier", p.Tier, 50);
        if (p.Language is { } language && (language.Length > 20 || !LanguageTag().IsMatch(language)))
        {
            v.Add("language", "must be a BCP 47 language tag such as fa, hy or en-GB.");
        }
        if (p.TimeZone is { } zone && !IsIanaTimeZone(zone))
        {
            v.Add("time_zone", "must be an IANA time zone such as Asia/Tehran.");
        }
        if (p.Value is { } value && (value < 0 || value >= 10_000_000_000_000_000m || decimal.Round(value, 2) != value))
        {
            v.Add("value", "must be between 0 and 9999999999999999.99 with at most two decimals.");
        }
    }

    public static bool IsIanaTimeZone(string id) =>
        id.Length <= 64 && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) && zone.HasIanaId;

    /// <summary>Ids in the body that must name existing rows: an unknown one is a field error, not a 404.</summary>
    public static async Task CheckReferencesAsync(RapportDb db, Validation v, CustomerProfile p, CancellationToken ct)
    {
        if (p.AccountOwnerId is { } owner && !await db.Users.AnyAsync(u => u.Id == owner, ct))
        {
            v.Add("account_owner_id", "refers to no user.");
        }
        if (p.CompanyId is { } company && !await db.Companies.AnyAsync(c => c.Id == company, ct))
        {
            v.Add("company_id", "refers to no company.");
        }
    }

    /// <summary>Normalises each identity, recording a field error (e.g. <c>phones[1]</c>) for each that cannot be one.</summary>
    public static List<(IdentityKind Kind, string Value, string? Source)> Identities(
        Validation v, IReadOnlyList<string?>? emails, IReadOnlyList<string?>? phones, IReadOnlyList<IdentityInput?>? others)
    {
        var found = new List<(IdentityKind Kind, string Value, string? Source)>();
        if ((emails?.Count ?? 0) + (phones?.Count ?? 0) + (others?.Count ?? 0) > MaxIdentitiesPerRequest)
        {
            v.Add("identities", $"at most {MaxIdentitiesPerRequest} identities may be given at once.");
            return found;
        }
        for (var i = 0; i < (emails?.Count ?? 0); i++)
        {
            Add(v, found, $"emails[{i}]", IdentityKind.Email, emails![i], null);
        }
        for (var i = 0; i < (phones?.Count ?? 0); i++)
        {
            Add(v, found, $"phones[{i}]", IdentityKind.Phone, phones![i], null);
        }
        for (var i = 0; i < (others?.Count ?? 0); i++)
        {
            var input = others![i];
            if (input?.Kind is not { } kind)
            {
                v.Add($"identities[{i}].kind", "is required.");
                continue;
            }
            Add(v, found, $"identities[{i}]", kind, input.Value, input.Source);
        }
        return found.DistinctBy(f => (f.Kind, f.Value)).ToList();
    }

    public static (IdentityKind Kind, string Value, string? Source)? Identity(Validation v, string field, IdentityKind kind, string? value, string? source)
    {
        var list = new List<(IdentityKind Kind, string Value, string? Source)>();
        Add(v, list, field, kind, value, source);
        return list.Count == 1 ? list[0] : null;
    }

    private static void Add(Validation v, List<(IdentityKind, string, string?)> found, string field, IdentityKind kind, string? value, string? source)
    {
        var valueField = field.EndsWith(']') && field.StartsWith("identities", StringComparison.Ordinal) ? field + ".value" : field;
        if (value is not null && value.Length > 320)
        {
            v.Add(valueField, "must be at most 320 characters.");
            return;
        }
        var normalised = IdentityNormaliser.Normalise(kind, value);
        if (normalised is null)
        {
            v.Add(valueField, kind switch
            {
                IdentityKind.Email => "is not a valid email address.",
                IdentityKind.Phone => "is not a phone number in international form (+ or 00, country code, number).",
                _ => "is required.",
            });
            return;
        }
        var trimmedSource = Blank(source)?.Trim();
        if (trimmedSource is { Length: > 50 })
        {
            v.Add(field.StartsWith("identities", StringComparison.Ordinal) ? field + ".source" : "source", "must be at most 50 characters.");
            return;
        }
        found.Add((kind, normalised, trimmedSource));
    }

    /// <summary>Tag names from a request: each non-empty and short enough; duplicates and case folded away.</summary>
    public static List<string> TagNames(Validation v, string field, IReadOnlyList<string?>? names)
    {
        var result = new List<string>();
        if (names is null)
        {
            return result;
        }
        if (names.Count > MaxTagsPerCustomer)
        {
            v.Add(field, $"at most {MaxTagsPerCustomer} tags.");
            return result;
        }
        for (var i = 0; i < names.Count; i++)
        {
            var name = names[i] is { } raw ? Tag.Normalise(raw) : "";
            if (name.Length == 0)
            {
                v.Add($"{field}[{i}]", "must not be empty.");
            }
            else if (name.Length > TagResolver.MaxNameLength)
            {
                v.Add($"{field}[{i}]", $"must be at most {TagResolver.MaxNameLength} characters.");
            }
            else
            {
                result.Add(name);
            }
        }
        return result.Distinct(StringComparer.Ordinal).ToList();
    }

    [GeneratedRegex("^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$", RegexOptions.CultureInvariant)]
    private static partial Regex LanguageTag();
}
