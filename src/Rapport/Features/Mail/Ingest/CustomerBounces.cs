using Microsoft.EntityFrameworkCore;
using Rapport.Data;
using Rapport.Features.Customers;

namespace Rapport.Features.Mail.Ingest;

public sealed record CustomerBounce(string Address, bool Permanent, string? Diagnostic, DateTime LastBouncedAt);

/// <summary>Which of a customer's e-mail addresses bounce (a delivery report named them): the console warns before the agent replies.</summary>
public static class CustomerBounces
{
    public static async Task<IReadOnlyList<CustomerBounce>> OfAsync(RapportDb db, long customerId, CancellationToken ct = default) =>
        await db.BouncingAddresses.AsNoTracking()
            .Where(b => db.CustomerIdentities.Any(i => i.CustomerId == customerId && i.Kind == IdentityKind.Email && i.Value == b.Address))
            .OrderBy(b => b.Address).Take(5)
            .Select(b => new CustomerBounce(b.Address, b.Permanent, b.Diagnostic, b.LastBouncedAt))
            .ToListAsync(ct);
}
