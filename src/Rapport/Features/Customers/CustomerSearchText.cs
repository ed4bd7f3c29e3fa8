namespace Rapport.Features.Customers;

/// <summary>
/// Builds the normalised text a customer is found by: names, emails and phones, folded by
/// <see cref="SearchNormaliser"/>. Recomputed whenever any of those change.
/// </summary>
public static class CustomerSearchText
{
    public static string For(Customer customer)
    {
        var parts = new List<string> { customer.FullName };
        if (customer.PreferredName is { } preferred)
        {
            parts.Add(preferred);
        }
        parts.AddRange(customer.Identities.Select(i => i.Value));
        // Phones are also found without the plus and country code typed.
        parts.AddRange(customer.Identities.Where(i => i.Kind == IdentityKind.Phone).Select(i => i.Value.TrimStart('+')));
        var text = SearchNormaliser.Normalise(string.Join(' ', parts));
        return text.Length > 4000 ? text[..4000] : text;
    }
}
