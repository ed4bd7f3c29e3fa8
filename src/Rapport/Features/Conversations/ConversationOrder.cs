using Microsoft.EntityFrameworkCore;
using Rapport.Web;

namespace Rapport.Features.Conversations;

/// <summary>
/// How a conversation list is sorted and paged: by updated_at (the default, newest first),
/// created_at or priority (then updated_at), either way, with id breaking ties. The cursor holds
/// the sort key of the last row sent: (ticks, id), or (priority rank, ticks, id).
/// </summary>
public sealed record ConversationOrder(string Sort, bool Descending)
{
    public const string UpdatedAt = "updated_at";
    public const string CreatedAt = "created_at";
    public const string PriorityKey = "priority";

    public static IReadOnlyList<string> Sorts { get; } = [UpdatedAt, CreatedAt, PriorityKey];

    public static ConversationOrder Default { get; } = new(UpdatedAt, true);

    /// <summary>The order asked for; a field error (and the default) when it is not one of ours.</summary>
    public static ConversationOrder Parse(string? sort, string? order, Validation validation)
    {
        sort = string.IsNullOrWhiteSpace(sort) ? UpdatedAt : sort.Trim();
        if (!Sorts.Contains(sort))
        {
            validation.Add("sort", $"must be one of {string.Join(", ", Sorts)}.");
            sort = UpdatedAt;
        }
        var descending = true;
        switch (order?.Trim())
        {
            case null or "" or "desc":
                break;
            case "asc":
                descending = false;
                break;
            default:
                validation.Add("order", "must be asc or desc.");
                break;
        }
        return new ConversationOrder(sort, descending);
    }

    /// <summary>Urgent ranks highest; the same numbers in the query and in the cursor.</summary>
    public static int Rank(Priority p) => p switch
    {
        Priority.Urgent => 3,
        Priority.High => 2,
        Priority.Normal => 1,
        _ => 0,
    };

    /// <summary>The keys a cursor says the next page starts after; a field error when it is not one of ours.</summary>
    public long[]? After(string? cursor, Validation validation)
    {
        var count = Sort == PriorityKey ? 3 : 2;
        if (Paging.Decode(cursor, count, validation) is not { } keys)
        {
            return null;
        }
        var ticks = keys[count - 2];
        if (ticks < DateTime.MinValue.Ticks || ticks > DateTime.MaxValue.Ticks || (count == 3 && keys[0] is < 0 or > 3))
        {
            validation.Add("cursor", "is not a cursor from this list.");
            return null;
        }
        return keys;
    }

    public async Task<Page<ConversationSummary>> PageAsync(IQueryable<Conversation> conversations, long[]? after, int limit, CancellationToken ct)
    {
        var query = Sort switch
        {
            CreatedAt => ByTime(conversations, c => c.CreatedAt, after),
            PriorityKey => ByPriority(conversations, after),
            _ => ByTime(conversations, c => c.UpdatedAt, after),
        };
        var rows = await query.Take(limit + 1).Summaries().ToListAsync(ct);
        return Paging.Of(rows, limit, c => Sort switch
        {
            CreatedAt => Paging.Encode(c.CreatedAt.Ticks, c.Id),
            PriorityKey => Paging.Encode(Rank(c.Priority), c.UpdatedAt.Ticks, c.Id),
            _ => Paging.Encode(c.UpdatedAt.Ticks, c.Id),
        });
    }

    private IQueryable<Conversation> ByTime(IQueryable<Conversation> conversations,
        System.Linq.Expressions.Expression<Func<Conversation, DateTime>> key, long[]? after)
    {
        if (after is [var ticks, var lastId])
        {
            var last = new DateTime(ticks, DateTimeKind.Utc);
            conversations = Sort == CreatedAt
                ? Descending
                    ? conversations.Where(c => c.CreatedAt < last || (c.CreatedAt == last && c.Id < lastId))
                    : conversations.Where(c => c.CreatedAt > last || (c.CreatedAt == last && c.Id > lastId))
                : Descending
                    ? conversations.Where(c => c.UpdatedAt < last || (c.UpdatedAt == last && c.Id < lastId))
                    : conversations.Where(c => c.UpdatedAt > last || (c.UpdatedAt == last && c.Id > lastId));
        }
        return Descending
            ? conversations.OrderByDescending(key).ThenByDescending(c => c.Id)
            : conversations.OrderBy(key).ThenBy(c => c.Id);
    }

    private IQueryable<Conversation> ByPriority(IQueryable<Conversation> conversations, long[]? after)
    {
        // The rank is computed in SQL from the stored name, the same way Rank computes it here.
        var ranked = conversations.Select(c => new
        {
            Conversation = c,
            Rank = c.Priority == Priority.Urgent ? 3 : c.Priority == Priority.High ? 2 : c.Priority == Priority.Normal ? 1 : 0,
        });
        if (after is [var rank, var ticks, var lastId])
        {
            var r = (int)rank;
            var last = new DateTime(ticks, DateTimeKind.Utc);
            ranked = Descending
                ? ranked.Where(x => x.Rank < r || (x.Rank == r && (x.Conversation.UpdatedAt < last || (x.Conversation.UpdatedAt == last && x.Conversation.Id < lastId))))
                : ranked.Where(x => x.Rank > r || (x.Rank == r && (x.Conversation.UpdatedAt > last || (x.Conversation.UpdatedAt == last && x.Conversation.Id > lastId))));
        }
        var ordered = Descending
            ? ranked.OrderByDescending(x => x.Rank).ThenByDescending(x => x.Conversation.UpdatedAt).ThenByDescending(x => x.Conversation.Id)
            : ranked.OrderBy(x => x.Rank).ThenBy(x => x.Conversation.UpdatedAt).ThenBy(x => x.Conversation.Id);
        return ordered.Select(x => x.Conversation);
    }
}
