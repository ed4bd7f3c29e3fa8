using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Rapport.Data;

namespace Rapport.Features.Customers;

public sealed record CompanySummary(long Id, string Name);

public sealed record IdentityResponse(long Id, IdentityKind Kind, string Value, string? Source, bool IsPrimary, DateTime CreatedAt);

public sealed record CustomerResponse(
    long Id,
    string FullName,
    string? PreferredName,
    string? Pronunciation,
    string? Language,
    string? TimeZone,
    ContactChannel? PreferredChannel,
    string? ContactHours,
    bool DoNotContact,
    string? Tier,
    long? AccountOwnerId,
    long? CompanyId,
    CompanySummary? Company,
    decimal? Value,
    JsonElement CustomFields,
    IReadOnlyList<string> Tags,
    IReadOnlyList<IdentityResponse> Identities,
    long? MergedIntoId,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    int Version);

public sealed record NoteResponse(long Id, long CustomerId, long? AuthorUserId, string Body, DateTime CreatedAt);

/// <summary>Loads customers with what their responses show, and shapes those responses.</summary>
public static class CustomerQueries
{
    /// <summary>The customer with identities and tags, tracked so a handler can change it.</summary>
    public static Task<Customer?> FindAsync(RapportDb db, long id, CancellationToken ct, bool withNotes = false)
    {
        var query = db.Customers.Include(c => c.Identities).Include(c => c.Tags).ThenInclude(t => t.Tag).AsSplitQuery();
        if (withNotes)
        {
            query = query.Include(c => c.Notes);
        }
        return query.SingleOrDefaultAsync(c => c.Id == id, ct);
    }

    public static async Task<CustomerResponse> ResponseAsync(RapportDb db, Customer customer, CancellationToken ct) =>
        (await ResponsesAsync(db, [customer], ct))[0];

    public static async Task<List<CustomerResponse>> ResponsesAsync(RapportDb db, IReadOnlyList<Customer> customers, CancellationToken ct)
    {
        var companyIds = customers.Where(c => c.CompanyId is not null).Select(c => c.CompanyId!.Value).Distinct().ToList();
        var companies = companyIds.Count == 0
            ? []
            : await db.Companies.Where(c => companyIds.Contains(c.Id)).Select(c => new CompanySummary(c.Id, c.Name)).ToDictionaryAsync(c => c.Id, ct);
        return customers.Select(c => ToResponse(c, c.CompanyId is { } id ? companies.GetValueOrDefault(id) : null)).ToList();
    }

    private static CustomerResponse ToResponse(Customer c, CompanySummary? company)
    {
        using var fields = JsonDocument.Parse(c.CustomFields);
        return new CustomerResponse(
            c.Id, c.FullName, c.PreferredName, c.Pronunciation, c.Language, c.TimeZone, c.PreferredChannel, c.ContactHours,
            c.DoNotContact, c.Tier, c.AccountOwnerId, c.CompanyId, company, c.Value, fields.RootElement.Clone(),
            c.Tags.Select(t => t.Tag!.Name).Order(StringComparer.Ordinal).ToList(),
            c.Identities.OrderBy(i => i.Kind).ThenByDescending(i => i.IsPrimary).ThenBy(i => i.Id)
                .Select(i => new IdentityResponse(i.Id, i.Kind, i.Value, i.Source, i.IsPrimary, i.CreatedAt)).ToList(),
            c.MergedIntoId, c.CreatedAt, c.UpdatedAt, c.Version);
    }

    public static NoteResponse ToResponse(CustomerNote n) => new(n.Id, n.CustomerId, n.AuthorUserId, n.Body, n.CreatedAt);
}
