using Microsoft.EntityFrameworkCore;
using Rapport.Data;
using Rapport.Features.Timeline;

namespace Rapport.Features.Customers;

/// <summary>
/// Turns "who wrote this" into one customer: an existing id, or the owner of an identity, or a new
/// customer holding that identity. Channels and the conversations API use this, so the same
/// person is never created twice however they reach us.
/// </summary>
public static class CustomerResolver
{
    /// <summary>Returns the customer that owns the identity, creating one named <paramref name="name"/> when none does. Follows merges.</summary>
    public static async Task<Customer> FindOrCreateAsync(RapportDb db, IdentityKind kind, string normalisedValue, string? name, Actor actor, DateTime now, CancellationToken ct = default)
    {
        var ownerId = await db.CustomerIdentities.Where(i => i.Kind == kind && i.Value == normalisedValue)
            .Select(i => (long?)i.CustomerId).SingleOrDefaultAsync(ct);
        if (ownerId is { } id)
        {
            return await FollowMergesAsync(db, id, ct);
        }
        var companyId = kind == IdentityKind.Email ? await CompanyDomains.CompanyForAsync(db, [normalisedValue], ct) : null;
        var customer = New(kind, normalisedValue, name, companyId, actor, now);
        db.Customers.Add(customer);
        return customer;
    }

    /// <summary>
    /// A new customer holding the identity, with its creation activity, not yet added to the context;
    /// for callers that already know no one owns the identity (an import resolving a batch at once).
    /// </summary>
    public static Customer New(IdentityKind kind, string normalisedValue, string? name, long? companyId, Actor actor, DateTime now)
    {
        var customer = new Customer(DisplayName(name, normalisedValue), now) { CompanyId = companyId };
        customer.Identities.Add(new CustomerIdentity(kind, normalisedValue, now) { IsPrimary = true });
        customer.SearchText = CustomerSearchText.For(customer);
        customer.PendingActivities.Add(Activity.ForCustomer(customer, ActivityKinds.CustomerCreated, actor, now,
            new { full_name = customer.FullName, identity = new { kind, value = normalisedValue } }));
        return customer;
    }

    /// <summary>
    /// The name as the sender gave it; a display name from a mail header can be anything, so an
    /// over-long one is cut (on a character boundary) to fit rather than failing the whole message.
    /// </summary>
    private static string DisplayName(string? name, string fallback)
    {
        var trimmed = string.IsNullOrWhiteSpace(name) ? fallback : name.Trim();
        if (trimmed.Length <= 300)
        {
            return trimmed;
        }
        var info = new System.Globalization.StringInfo(trimmed);
        var length = Math.Min(info.LengthInTextElements, 300);
        while (length > 0 && info.SubstringByTextElements(0, length).Length > 300)
        {
            length--;
        }
        return info.SubstringByTextElements(0, length);
    }

    /// <summary>The customer a merged record now lives in (or the record itself).</summary>
    public static async Task<Customer> FollowMergesAsync(RapportDb db, long customerId, CancellationToken ct = default)
    {
        var customer = await db.Customers.SingleAsync(c => c.Id == customerId, ct);
        for (var hops = 0; customer.MergedIntoId is { } next && hops < 10; hops++)
        {
            customer = await db.Customers.SingleAsync(c => c.Id == next, ct);
        }
        return customer;
    }
}
