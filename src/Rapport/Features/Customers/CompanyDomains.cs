using Microsoft.EntityFrameworkCore;
using Rapport.Data;

namespace Rapport.Features.Customers;

/// <summary>A new customer whose e-mail domain is a company's domain belongs to that company.</summary>
public static class CompanyDomains
{
    public static async Task<long?> CompanyForAsync(RapportDb db, IEnumerable<string> normalisedEmails, CancellationToken ct)
    {
        var domains = normalisedEmails.Select(e => e[(e.LastIndexOf('@') + 1)..]).Distinct(StringComparer.Ordinal).ToList();
        if (domains.Count == 0)
        {
            return null;
        }
        return await db.Companies.Where(c => c.Domain != null && domains.Contains(c.Domain))
            .OrderBy(c => c.Id).Select(c => (long?)c.Id).FirstOrDefaultAsync(ct);
    }
}
