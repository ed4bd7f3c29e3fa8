using System.Security.Cryptography;
using System.Text;

namespace Rapport.Data;

/// <summary>A row of <c>schema_migrations</c>: a version and, from migration 0210 on, the checksum of the script applied.</summary>
public sealed record AppliedMigration(string Version, string? Checksum);

/// <summary>What <c>rapport migrate --dry-run</c> reports: the scripts that would run, and what disagrees with the history.</summary>
public sealed record MigrationPlan(IReadOnlyList<string> Pending, IReadOnlyList<string> Problems);

/// <summary>
/// Compares the scripts this build carries with the ones the database says it applied. An applied
/// script must never change (the databases that ran the old text keep its effect, new ones would get
/// another), and must never disappear; either means this build and the database disagree about the
/// schema, so nothing is applied until someone has looked.
/// </summary>
public static class MigrationHistory
{
    /// <summary>SHA-256 (lowercase hex) of the script's UTF-8 text with CRLF and CR read as LF, so a checkout on Windows sums the same.</summary>
    public static string Checksum(string script)
    {
        var normalised = script.ReplaceLineEndings("\n");
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(normalised)));
    }

    /// <summary>One sentence per disagreement, naming the file and what to do; empty when the history and the scripts agree.</summary>
    public static IReadOnlyList<string> Problems(DatabaseProvider provider, IReadOnlyList<(string Version, string Script)> scripts, IEnumerable<AppliedMigration> applied)
    {
        var known = scripts.ToDictionary(s => s.Version, s => s.Script, StringComparer.Ordinal);
        var latest = scripts.Count == 0 ? "" : scripts[^1].Version;
        var problems = new List<string>();
        foreach (var row in applied.OrderBy(r => r.Version, StringComparer.Ordinal))
        {
            var file = $"Data/Migrations/{provider}/{row.Version}.sql";
            if (!known.TryGetValue(row.Version, out var script))
            {
                // Past this build's last script it was applied by a newer Rapport (a rolling upgrade
                // with this node not yet replaced): the newer schema only adds, so this node carries on.
                if (string.CompareOrdinal(row.Version, latest) < 0)
                {
                    problems.Add($"Migration {file} was applied to this database but is missing from this build (deleted or renamed). " +
                        "Restore the file exactly as it was applied; to undo what it did, add a new migration with a higher number.");
                }
                continue;
            }
            var expected = Checksum(script);
            if (row.Checksum is not null && !string.Equals(row.Checksum, expected, StringComparison.OrdinalIgnoreCase))
            {
                problems.Add($"Migration {file} was edited after it was applied to this database (checksum applied {row.Checksum}, this build's {expected}). " +
                    "Restore the file exactly as it was applied and put the change in a new migration with a higher number; nothing was applied.");
            }
        }
        return problems;
    }
}

/// <summary>Start-up and <c>rapport migrate</c> stop with this when the applied history and this build's scripts disagree.</summary>
public sealed class MigrationHistoryException(IReadOnlyList<string> problems)
    : InvalidOperationException("The database's migration history does not match this build:\n  " + string.Join("\n  ", problems))
{
    public IReadOnlyList<string> Problems { get; } = problems;
}
