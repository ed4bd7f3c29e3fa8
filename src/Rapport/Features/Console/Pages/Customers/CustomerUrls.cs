using Microsoft.EntityFrameworkCore;
using Rapport.Data;
using Rapport.Features.Customers;

namespace Rapport.Features.AgentConsole.Pages.Customers;

/// <summary>Addresses of the customer pages, and the small lookups several of them share.</summary>
public static class CustomerUrls
{
    public static string Directory(string? q, string? cursor)
    {
        var parts = new List<string>();
        if (!string.IsNullOrWhiteSpace(q))
        {
            parts.Add("q=" + Uri.EscapeDataString(q));
        }
        if (cursor is not null)
        {
            parts.Add("cursor=" + Uri.EscapeDataString(cursor));
        }
        return parts.Count == 0 ? "/customers" : "/customers?" + string.Join('&', parts);
    }

    public static string Profile(long id) => $"/customers/{id}";

    public static string Merge(long id, string? q, long? sourceId)
    {
        var url = $"/customers/{id}/merge";
        if (sourceId is { } source)
        {
            return url + $"?source={source}";
        }
        return string.IsNullOrWhiteSpace(q) ? url : url + "?q=" + Uri.EscapeDataString(q);
    }

    public static string Company(long id) => $"/companies/{id}";

    public static string Conversation(long id) => $"/conversations/{id}";

    /// <summary>The primary e-mail and phone, in that order, for a directory row.</summary>
    public static IEnumerable<CustomerIdentity> Primary(Customer c) =>
        c.Identities.Where(i => i.IsPrimary && i.Kind is IdentityKind.Email or IdentityKind.Phone).OrderBy(i => i.Kind);

    public static async Task<Dictionary<long, string>> CompanyNamesAsync(RapportDb db, IEnumerable<long?> ids, CancellationToken ct)
    {
        var wanted = ids.OfType<long>().Distinct().ToList();
        return wanted.Count == 0 ? [] : await db.Companies.AsNoTracking().Where(c => wanted.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.Name, ct);
    }

    public static async Task<Dictionary<long, string>> UserNamesAsync(RapportDb db, IEnumerable<long?> ids, CancellationToken ct)
    {
        var wanted = ids.OfType<long>().Distinct().ToList();
        return wanted.Count == 0 ? [] : await db.Users.AsNoTracking().Where(u => wanted.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
    }
}
