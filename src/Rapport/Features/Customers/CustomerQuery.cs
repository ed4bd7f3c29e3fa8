using Microsoft.EntityFrameworkCore;
using Rapport.Data;
using Rapport.Web;

namespace Rapport.Features.Customers;

/// <summary>
/// Which customers a list shows and how it pages: shared by <c>GET /api/v1/customers</c> and the
/// console's directory, so both search (Persian-aware, see <see cref="CustomerSearch"/>), order and page alike.
/// </summary>
public static class CustomerQuery
{
    public const int MaxQueryLength = 300;

    /// <summary>One page with identities and tags loaded; null when the query has field errors (recorded on <paramref name="v"/>).</summary>
    public static async Task<Page<Customer>?> PageAsync(RapportDb db, CustomerListQuery query, Validation v, CancellationToken ct)
    {
        var byId = query.Sort == "id";
        if (query.Sort is not (null or "" or "updated_at" or "id"))
        {
            v.Add("sort", "must be updated_at or id.");
        }
        var limit = Paging.Limit(query.Limit, v);
        var after = Paging.Decode(query.Cursor, byId ? 1 : 2, v);
        v.MaxLength("q", query.Q, MaxQueryLength);
        if (!v.IsValid)
        {
            return null;
        }
        var customers = await FilterAsync(db, db.Customers.AsNoTracking(), query, ct);
        if (byId)
        {
            if (after is { } key)
            {
                customers = customers.Where(c => c.Id < key[0]);
            }
            customers = customers.OrderByDescending(c => c.Id);
        }
        else
        {
            if (after is { } key)
            {
                var at = new DateTime(key[0], DateTimeKind.Utc);
                customers = customers.Where(c => c.UpdatedAt < at || (c.UpdatedAt == at && c.Id < key[1]));
            }
            customers = customers.OrderByDescending(c => c.UpdatedAt).ThenByDescending(c => c.Id);
        }
        var rows = await customers.Take(limit + 1)
            .Include(c => c.Identities).Include(c => c.Tags).ThenInclude(t => t.Tag).AsSplitQuery()
            .ToListAsync(ct);
        return Paging.Of(rows, limit, c => byId ? Paging.Encode(c.Id) : Paging.Encode(c.UpdatedAt.Ticks, c.Id));
    }

    private static async Task<IQueryable<Customer>> FilterAsync(RapportDb db, IQueryable<Customer> customers, CustomerListQuery query, CancellationToken ct)
    {
        if (query.IncludeMerged != true)
        {
            customers = customers.Where(c => c.MergedIntoId == null);
        }
        if (!string.IsNullOrWhiteSpace(query.Q))
        {
            customers = await CustomerSearch.MatchingAsync(db, customers, query.Q, ct);
        }
        if (!string.IsNullOrWhiteSpace(query.Tag))
        {
            var tag = Tag.Normalise(query.Tag);
            customers = customers.Where(c => c.Tags.Any(t => t.Tag!.Name == tag));
        }
        if (query.CompanyId is { } company)
        {
            customers = customers.Where(c => c.CompanyId == company);
        }
        if (!string.IsNullOrWhiteSpace(query.Tier))
        {
            customers = customers.Where(c => c.Tier == query.Tier);
        }
        if (query.AccountOwnerId is { } owner)
        {
            customers = customers.Where(c => c.AccountOwnerId == owner);
        }
        if (query.UpdatedSince is { } since)
        {
            var from = since.UtcDateTime;
            customers = customers.Where(c => c.UpdatedAt >= from);
        }
        return customers;
    }
}
