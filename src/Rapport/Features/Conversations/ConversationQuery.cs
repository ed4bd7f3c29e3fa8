using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Rapport.Data;
using Rapport.Features.Customers;
using Rapport.Features.Timeline;
using Rapport.Web;

namespace Rapport.Features.Conversations;

/// <summary>
/// Which conversations a list shows and how it pages: shared by the API's list endpoint and the
/// console's inbox, so both filter, order and page the same way.
/// </summary>
public static class ConversationQuery
{
    /// <summary>The conversations (of <paramref name="source"/>, else all) matching <paramref name="query"/>'s filters; bad filter values become field errors.</summary>
    public static async Task<IQueryable<Conversation>> FilterAsync(
        RapportDb db, ConversationsApi.ListQuery query, long callerId, Validation validation, CancellationToken ct,
        IQueryable<Conversation>? source = null)
    {
        var conversations = source ?? db.Conversations.AsNoTracking();

        if (!string.IsNullOrWhiteSpace(query.Status))
        {
            var statuses = new List<ConversationStatus>();
            foreach (var name in query.Status.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (EnumNames.TryParse<ConversationStatus>(name, out var status))
                {
                    statuses.Add(status);
                }
                else
                {
                    validation.Add("status", $"'{name}' is not one of {EnumNames.List<ConversationStatus>()}.");
                }
            }
            conversations = conversations.Where(c => statuses.Contains(c.Status));
        }
        switch (query.AssigneeId?.Trim())
        {
            case null or "":
                break;
            case "me":
                conversations = conversations.Where(c => c.AssigneeId == callerId);
                break;
            case "none":
                conversations = conversations.Where(c => c.AssigneeId == null);
                break;
            case var text when long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var assigneeId):
                conversations = conversations.Where(c => c.AssigneeId == assigneeId);
                break;
            default:
                validation.Add("assignee_id", "must be a user id, 'me' or 'none'.");
                break;
        }
        if (query.TeamId is { } teamId)
        {
            conversations = conversations.Where(c => c.TeamId == teamId);
        }
        if (!string.IsNullOrWhiteSpace(query.Tag))
        {
            var tag = Tag.Normalise(query.Tag);
            conversations = conversations.Where(c => c.Tags.Any(t => t.Tag!.Name == tag));
        }
        if (query.CustomerId is { } customerId)
        {
            var family = await CustomerFamily.IdsAsync(db, customerId, ct);
            conversations = conversations.Where(c => family.Contains(c.CustomerId));
        }
        if (query.Channel is not null)
        {
            if (EnumNames.TryParse<Channel>(query.Channel, out var channel))
            {
                conversations = conversations.Where(c => c.Channel == channel);
            }
            else
            {
                validation.Add("channel", $"must be one of {EnumNames.List<Channel>()}.");
            }
        }
        if (query.Priority is not null)
        {
            if (EnumNames.TryParse<Priority>(query.Priority, out var priority))
            {
                conversations = conversations.Where(c => c.Priority == priority);
            }
            else
            {
                validation.Add("priority", $"must be one of {EnumNames.List<Priority>()}.");
            }
        }
        if (query.UpdatedSince is not null)
        {
            if (DateTimeOffset.TryParse(query.UpdatedSince, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var since))
            {
                var sinceUtc = since.UtcDateTime;
                conversations = conversations.Where(c => c.UpdatedAt >= sinceUtc);
            }
            else
            {
                validation.Add("updated_since", "must be an ISO 8601 date and time, such as 2025-01-31T12:00:00Z.");
            }
        }
        if (!string.IsNullOrWhiteSpace(query.Q))
        {
            if (query.Q.Length > ConversationSearch.MaxQueryLength)
            {
                validation.Add("q", $"must be at most {ConversationSearch.MaxQueryLength} characters.");
            }
            else
            {
                conversations = await ConversationSearch.MatchingAsync(db, conversations, query.Q, ct);
            }
        }
        return conversations;
    }

    /// <summary>The (updated_at, id) a cursor says the next page starts after; a field error when it is not one of ours.</summary>
    public static (DateTime UpdatedAt, long Id)? After(string? cursor, Validation validation)
    {
        if (Paging.Decode(cursor, 2, validation) is not [var ticks, var lastId])
        {
            return null;
        }
        if (ticks < DateTime.MinValue.Ticks || ticks > DateTime.MaxValue.Ticks)
        {
            validation.Add("cursor", "is not a cursor from this list.");
            return null;
        }
        return (new DateTime(ticks, DateTimeKind.Utc), lastId);
    }

    /// <summary>Newest activity first: ordered by (updated_at, id) descending, paged by keyset on the same pair.</summary>
    public static async Task<Page<ConversationSummary>> PageAsync(
        IQueryable<Conversation> conversations, (DateTime UpdatedAt, long Id)? after, int limit, CancellationToken ct)
    {
        if (after is { } start)
        {
            var (lastUpdated, lastId) = start;
            conversations = conversations.Where(c => c.UpdatedAt < lastUpdated || (c.UpdatedAt == lastUpdated && c.Id < lastId));
        }
        var rows = await conversations
            .OrderByDescending(c => c.UpdatedAt)
            .ThenByDescending(c => c.Id)
            .Take(limit + 1)
            .Summaries()
            .ToListAsync(ct);
        return Paging.Of(rows, limit, c => Paging.Encode(c.UpdatedAt.Ticks, c.Id));
    }
}
