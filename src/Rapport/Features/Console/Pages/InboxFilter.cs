using System.Globalization;
using Rapport.Features.Conversations;

namespace Rapport.Features.AgentConsole.Pages;

/// <summary>
/// Everything the inbox shows, as its URL query string holds it: a view, the filters, the search, the
/// sort and the page. The URL is the state, so a view is linkable and survives a reload.
/// </summary>
public sealed record InboxFilter(
    string View,
    string? Status = null,
    string? Priority = null,
    long? TeamId = null,
    string? Assignee = null,
    string? Tag = null,
    string? Channel = null,
    long? CustomerId = null,
    string? Q = null,
    string? Sort = null,
    string? Order = null,
    string? Cursor = null)
{
    public bool HasFilters =>
        !string.IsNullOrEmpty(Status) || !string.IsNullOrEmpty(Priority) || TeamId is not null || !string.IsNullOrEmpty(Assignee)
        || !string.IsNullOrEmpty(Tag) || !string.IsNullOrEmpty(Channel) || CustomerId is not null || !string.IsNullOrEmpty(Q);

    public ConversationsApi.ListQuery ToListQuery() =>
        new(Blank(Status), Blank(Assignee), TeamId, Blank(Tag), CustomerId, Blank(Channel), Blank(Priority), null, null, null, Blank(Q));

    /// <summary>This inbox's address: only what is set, in a fixed order.</summary>
    public string Url()
    {
        var parts = new List<string>();
        void Add(string name, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                parts.Add(name + "=" + Uri.EscapeDataString(value));
            }
        }
        Add("view", View);
        Add("status", Status);
        Add("priority", Priority);
        Add("team", TeamId?.ToString(CultureInfo.InvariantCulture));
        Add("assignee", Assignee);
        Add("tag", Tag);
        Add("channel", Channel);
        Add("customer", CustomerId?.ToString(CultureInfo.InvariantCulture));
        Add("q", Q);
        Add("sort", Sort);
        Add("order", Order);
        Add("cursor", Cursor);
        return "/?" + string.Join("&", parts);
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
