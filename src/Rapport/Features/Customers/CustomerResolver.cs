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
        var customer = new Customer(string.IsNullOrWhiteSpace(name) ? normalisedValue : name.Trim(), now);
        customer.Identities.Add(new CustomerIdentity(kind, normalisedValue, now) { IsPrimary = true });
        customer.SearchText = CustomerSearchText.For(customer);
        customer.PendingActivities.Add(Activity.ForCustomer(customer, ActivityKinds.CustomerCreated, actor, now,
            new { full_name = customer.FullName, identity = new { kind, value = normalisedValue } }));
        db.Customers.Add(customer);
        return customer;
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
