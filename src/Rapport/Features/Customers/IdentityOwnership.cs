using Microsoft.EntityFrameworkCore;
using Rapport.Data;

namespace Rapport.Features.Customers;

/// <summary>
/// Keeps "every identity resolves to exactly one customer": an address already held by another
/// customer is refused with 409 naming that customer, so the client can open it or merge.
/// </summary>
public static class IdentityOwnership
{
    public static async Task<IResult?> ConflictAsync(RapportDb db, IEnumerable<(IdentityKind Kind, string Value)> identities, long? customerId, CancellationToken ct)
    {
        var wanted = identities.ToList();
        if (wanted.Count == 0)
        {
            return null;
        }
        var values = wanted.Select(w => w.Value).Distinct().ToList();
        var held = await db.CustomerIdentities.AsNoTracking()
            .Where(i => values.Contains(i.Value))
            .Select(i => new { i.Kind, i.Value, i.CustomerId })
            .ToListAsync(ct);
        var taken = held.FirstOrDefault(h => h.CustomerId != customerId && wanted.Contains((h.Kind, h.Value)));
        if (taken is null)
        {
            return null;
        }
        return TypedResults.Problem(
            statusCode: StatusCodes.Status409Conflict,
            title: "The identity belongs to another customer.",
            detail: $"{taken.Value} already belongs to customer {taken.CustomerId}. Open that customer, or merge the two.",
            extensions: new Dictionary<string, object?>
            {
                ["owner_customer_id"] = taken.CustomerId,
                ["kind"] = System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(taken.Kind.ToString()),
                ["value"] = taken.Value,
            });
    }

    /// <summary>Saves; when another request claimed one of the identities meanwhile, answers 409 as above.</summary>
    public static async Task<IResult?> SaveAsync(RapportDb db, IEnumerable<(IdentityKind Kind, string Value)> identities, long? customerId, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
            return null;
        }
        catch (DbUpdateException e) when (e is not DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            var conflict = await ConflictAsync(db, identities, customerId, ct);
            if (conflict is null)
            {
                throw;
            }
            return conflict;
        }
    }
}
