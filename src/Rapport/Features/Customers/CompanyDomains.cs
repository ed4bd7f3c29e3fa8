using Microsoft.EntityFrameworkCore;
using Rapport.Data;

namespace Rapport.Features.Customers;

/// <summary>A new customer whose e-mail domain is a company's domain belongs to that company.</summary>
public static class CompanyDomains
{
    public static async Task<long?> CompanyForAsync(RapportDb db, IEnumerable<string> normalisedEmails, CancellationToken ct)
    {
        var domains = normalisedEmails.Select(Domain).Distinct(StringComparer.Ordinal).ToList();
        if (domains.Count == 0)
        {
            return null;
        }
        return await db.Companies.Where(c => c.Domain != null && domains.Contains(c.Domain))
            .OrderBy(c => c.Id).Select(c => (long?)c.Id).FirstOrDefaultAsync(ct);
    }

    /// <summary>For many new customers at once: each domain's company (the oldest, as <see cref="CompanyForAsync"/> picks).</summary>
    public static async Task<Dictionary<string, long>> CompaniesForAsync(RapportDb db, IEnumerable<string> normalisedEmails, CancellationToken ct)
    {
        var domains = normalisedEmails.Select(Domain).Distinct(StringComparer.Ordinal).ToList();
        if (domains.Count == 0)
        {
            return [];
        }
        var companies = await db.Companies.Where(c => c.Domain != null && domains.Contains(c.Domain))
            .Select(c => new { c.Id, Domain = c.Domain! }).ToListAsync(ct);
        return companies.GroupBy(c => c.Domain, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Min(c => c.Id), StringComparer.Ordinal);
    }

    public static string Domain(string normalisedEmail) => normalisedEmail[(normalisedEmail.LastIndexOf('@') + 1)..];
}
