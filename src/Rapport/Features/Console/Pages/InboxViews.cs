using Rapport.Data;
using Rapport.Features.Conversations;
using Rapport.Web;

namespace Rapport.Features.AgentConsole.Pages;

/// <summary>
/// The inbox's views, each a filter of the shared conversation list query. "Mine" and
/// "unassigned" hold everything not yet solved (pending and on-hold work is still someone's);
/// "all open" is what waits for an agent now: new and open.
/// </summary>
public static class InboxViews
{
    public const string Mine = "mine";
    public const string Unassigned = "unassigned";
    public const string Open = "open";

    private const string Unsolved = "new,open,pending,on_hold";

    public static IReadOnlyList<string> All { get; } = [Mine, Unassigned, Open];

    public static Task<IQueryable<Conversation>> QueryAsync(RapportDb db, string view, long userId, Validation validation, CancellationToken ct)
    {
        var query = view switch
        {
            Unassigned => Filter(Unsolved, "none"),
            Open => Filter("new,open", null),
            _ => Filter(Unsolved, "me"),
        };
        return ConversationQuery.FilterAsync(db, query, userId, validation, ct);
    }

    public static string Url(string view, string? cursor) =>
        cursor is null ? $"/?view={view}" : $"/?view={view}&cursor={Uri.EscapeDataString(cursor)}";

    private static ConversationsApi.ListQuery Filter(string status, string? assignee) =>
        new(status, assignee, null, null, null, null, null, null, null, null);
}
