using Rapport.Features.Customers;

namespace Rapport.Features.AgentConsole.Pages.Conversations;

/// <summary>
/// @mentions in the note composer, as pure text work: the <c>@name</c> being typed at the end of the
/// text, the agents it may mean (matched Persian-aware, so «علي» finds «علی»), the text with the
/// picked name written out, and, on sending, the picked agents whose <c>@Name</c> is still in the text.
/// </summary>
public static class ComposerMentions
{
    public const int MaxSuggestions = 6;
    private const int MaxQueryLength = 40;

    /// <summary>What follows an <c>@</c> at the start or after a space, up to the end of the text; null when no mention is being typed.</summary>
    public static string? Query(string text)
    {
        var at = text.LastIndexOf('@');
        if (at < 0 || (at > 0 && !char.IsWhiteSpace(text[at - 1])))
        {
            return null;
        }
        var query = text[(at + 1)..];
        return query.Length > MaxQueryLength || query.Any(char.IsWhiteSpace) ? null : query;
    }

    /// <summary>Agents whose name, or one of its words, starts with the query; all of them (up to the limit) for a bare <c>@</c>.</summary>
    public static IReadOnlyList<NamedOption> Suggest(string query, IEnumerable<NamedOption> agents)
    {
        var wanted = SearchNormaliser.Normalise(query);
        return [.. agents.Where(a =>
            {
                var name = SearchNormaliser.Normalise(a.Name);
                return wanted.Length == 0 || name.StartsWith(wanted, StringComparison.Ordinal)
                    || name.Split(' ').Any(word => word.StartsWith(wanted, StringComparison.Ordinal));
            })
            .Take(MaxSuggestions)];
    }

    /// <summary>The text with the <c>@query</c> being typed replaced by the agent's whole name and a space.</summary>
    public static string Insert(string text, NamedOption agent)
    {
        var at = text.LastIndexOf('@');
        return (at < 0 ? text + " " : text[..at]) + "@" + agent.Name + " ";
    }

    /// <summary>The picked agents still named in the text (a name deleted after picking is no mention).</summary>
    public static List<long> Resolve(string text, IEnumerable<NamedOption> picked) =>
        [.. picked.Where(a => text.Contains("@" + a.Name, StringComparison.Ordinal)).Select(a => a.Id).Distinct()];
}
