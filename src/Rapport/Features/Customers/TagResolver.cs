using Microsoft.EntityFrameworkCore;
using Rapport.Data;

namespace Rapport.Features.Customers;

/// <summary>Finds tags by name, creating the ones that do not exist yet. Shared by customers and conversations.</summary>
public static class TagResolver
{
    public const int MaxNameLength = 100;

    public static async Task<List<Tag>> ResolveAsync(RapportDb db, IEnumerable<string> names, DateTime now, CancellationToken ct = default)
    {
        var wanted = names.Select(Tag.Normalise).Where(n => n.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        if (wanted.Count == 0)
        {
            return [];
        }
        var found = await db.Tags.Where(t => wanted.Contains(t.Name)).ToListAsync(ct);
        foreach (var name in wanted.Except(found.Select(t => t.Name), StringComparer.Ordinal))
        {
            var tag = new Tag(name, now);
            db.Tags.Add(tag);
            found.Add(tag);
        }
        return found;
    }
}
