using Microsoft.EntityFrameworkCore;
using Rapport.Data;
using Rapport.Features.Conversations;
using Rapport.Features.Customers;
using Rapport.Features.Timeline;
using Rapport.Web;

namespace Rapport.Features.AgentConsole.Pages.Conversations;

/// <summary>One message as the page shows it: the author's name resolved, the body as plain text.</summary>
public sealed record MessageItem(
    long Id, MessageKind Kind, Channel Channel, string Author, bool ByCustomer, string Text, DateTime CreatedAt,
    IReadOnlyList<AttachmentView> Attachments);

public sealed record NamedOption(long Id, string Name);

/// <summary>The customer beside the conversation: who they are, their other conversations, what happened lately.</summary>
public sealed record CustomerPanelData(
    CustomerResponse Customer, TimeZoneInfo? Zone, IReadOnlyList<ConversationSummary> Others, IReadOnlyList<TimelineItem> Timeline, bool MoreTimeline);

/// <summary>
/// Everything the conversation page shows, read through the same views and queries as the API
/// (<see cref="ConversationViews"/>, <see cref="ConversationQuery"/>, <see cref="TimelineQuery"/>, <see cref="CustomerQueries"/>).
/// Each list is bounded: the newest messages, the first page of the timeline.
/// </summary>
public sealed record ConversationPageData(
    ConversationDetail Conversation,
    IReadOnlyList<MessageItem> Messages,
    bool EarlierMessages,
    IReadOnlyList<NamedOption> Teams,
    IReadOnlyList<NamedOption> Agents,
    CustomerPanelData Customer)
{
    public const int MaxMessages = 200;
    public const int TimelineItems = 20;
    public const int OtherConversations = 10;
    private const int MaxOptions = 500;

    public static async Task<ConversationPageData?> LoadAsync(RapportDb db, long id, CancellationToken ct)
    {
        var detail = await ConversationViews.DetailAsync(db, id, ct);
        if (detail is null)
        {
            return null;
        }
        var newest = await db.Messages.AsNoTracking().Include(m => m.Attachments)
            .Where(m => m.ConversationId == id).OrderByDescending(m => m.Id).Take(MaxMessages + 1).ToListAsync(ct);
        var earlier = newest.Count > MaxMessages;
        var messages = newest.Take(MaxMessages).Reverse().Select(ConversationViews.View).ToList();

        var userIds = messages.Where(m => m.AuthorUserId is not null).Select(m => m.AuthorUserId!.Value).Distinct().ToList();
        var userNames = await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
        var customerIds = messages.Where(m => m.AuthorCustomerId is not null).Select(m => m.AuthorCustomerId!.Value).Distinct().ToList();
        var customerNames = await db.Customers.AsNoTracking().Where(c => customerIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.FullName, ct);
        var items = messages.Select(m => new MessageItem(
            m.Id, m.Kind, m.Channel,
            m.AuthorUserId is { } u ? userNames.GetValueOrDefault(u, "") : m.AuthorCustomerId is { } c ? customerNames.GetValueOrDefault(c, "") : "",
            m.AuthorCustomerId is not null, m.BodyText, m.CreatedAt, m.Attachments)).ToList();

        var teams = await db.Teams.AsNoTracking().OrderBy(t => t.Name).Take(MaxOptions).Select(t => new NamedOption(t.Id, t.Name)).ToListAsync(ct);
        var agents = await db.Users.AsNoTracking().Where(u => u.IsActive || u.Id == detail.AssigneeId)
            .OrderBy(u => u.DisplayName).Take(MaxOptions).Select(u => new NamedOption(u.Id, u.DisplayName)).ToListAsync(ct);
        return new ConversationPageData(detail, items, earlier, teams, agents, await CustomerAsync(db, detail, ct));
    }

    private static async Task<CustomerPanelData> CustomerAsync(RapportDb db, ConversationDetail conversation, CancellationToken ct)
    {
        var customer = await CustomerQueries.FindAsync(db, conversation.CustomerId, ct)
            ?? throw new InvalidOperationException($"Conversation {conversation.Id} has no customer.");
        var response = await CustomerQueries.ResponseAsync(db, customer, ct);
        var zone = response.TimeZone is { } name && TimeZoneInfo.TryFindSystemTimeZoneById(name, out var found) ? found : null;

        var validation = new Validation();
        var filter = new ConversationsApi.ListQuery(null, null, null, null, conversation.CustomerId, null, null, null, null, null);
        var theirs = await ConversationQuery.FilterAsync(db, filter, 0, validation, ct);
        var others = await ConversationQuery.PageAsync(theirs.Where(c => c.Id != conversation.Id), null, OtherConversations, ct);

        var family = (await CustomerFamily.IdsAsync(db, conversation.CustomerId, ct)).Select(i => (long?)i).ToList();
        var timeline = await TimelineQuery.PageAsync(db.Activities.Where(a => family.Contains(a.CustomerId)), null, TimelineItems, ct);
        return new CustomerPanelData(response, zone, others.Items, timeline.Items, timeline.NextCursor is not null);
    }
}
