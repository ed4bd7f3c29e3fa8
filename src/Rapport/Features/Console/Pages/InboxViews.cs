using Microsoft.EntityFrameworkCore;
using Rapport.Data;
using Rapport.Features.Conversations;
using Rapport.Web;

namespace Rapport.Features.AgentConsole.Pages;

/// <summary>
/// The inbox's views, each a filter of the shared conversation list query. "Mine", "unassigned"
/// and "my teams" hold everything not yet solved (pending and on-hold work is still someone's);
/// "all open" is what waits for an agent now: new and open; pending, on hold and solved are their status.
/// </summary>
public static class InboxViews
{
    public const string Mine = "mine";
    public const string Unassigned = "unassigned";
    public const string Teams = "teams";
    public const string Open = "open";
    public const string Pending = "pending";
    public const string OnHold = "on_hold";
    public const string Solved = "solved";

    private const string Unsolved = "new,open,pending,on_hold";

    public static IReadOnlyList<string> All { get; } = [Mine, Unassigned, Teams, Open, Pending, OnHold, Solved];

    /// <summary>The view's conversations; with <paramref name="filter"/>, narrowed by its filters and search too.</summary>
    public static async Task<IQueryable<Conversation>> QueryAsync(RapportDb db, string view, long userId, Validation validation, CancellationToken ct,
        InboxFilter? filter = null)
    {
        var (status, assignee) = view switch
        {
            Unassigned => (Unsolved, "none"),
            Teams => (Unsolved, null),
            Open => ("new,open", null),
            Pending => ("pending", null),
            OnHold => ("on_hold", null),
            Solved => ("solved", null),
            _ => (Unsolved, (string?)"me"),
        };
        var conversations = await ConversationQuery.FilterAsync(db, Filter(status, assignee), userId, validation, ct);
        if (view == Teams)
        {
            var teams = db.TeamMemberships.Where(m => m.UserId == userId).Select(m => (long?)m.TeamId);
            conversations = conversations.Where(c => teams.Contains(c.TeamId));
        }
        if (filter is not null)
        {
            conversations = await ConversationQuery.FilterAsync(db, filter.ToListQuery(), userId, validation, ct, conversations);
        }
        return conversations;
    }

    /// <summary>Every view's count: one indexed COUNT each, no rows loaded.</summary>
    public static async Task<Dictionary<string, int>> CountsAsync(RapportDb db, long userId, CancellationToken ct)
    {
        var counts = new Dictionary<string, int>();
        foreach (var view in All)
        {
            counts[view] = await (await QueryAsync(db, view, userId, new Validation(), ct)).CountAsync(ct);
        }
        return counts;
    }

    private static ConversationsApi.ListQuery Filter(string status, string? assignee) =>
        new(status, assignee, null, null, null, null, null, null, null, null);
}
