using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Rapport.Data;
using Rapport.Features.Conversations;
using Rapport.Web;

namespace Rapport.Features.Timeline;

public sealed record TimelineActor(ActorKind Kind, long? UserId, long? CustomerId);

public sealed record TimelineItem(
    long Id,
    DateTime OccurredAt,
    string Kind,
    TimelineActor Actor,
    long? ConversationId,
    Channel? Channel,
    string? Subject,
    JsonElement Data);

/// <summary>Reads activity rows newest first, one keyset page at a time (by id, which only grows).</summary>
public static class TimelineQuery
{
    /// <summary>A customer's timeline: their activities and those of every record merged into them.</summary>
    public static async Task<Page<TimelineItem>> ForCustomerAsync(RapportDb db, long customerId, long? beforeId, int limit, CancellationToken ct)
    {
        var family = (await CustomerFamily.IdsAsync(db, customerId, ct)).Select(i => (long?)i).ToList();
        return await PageAsync(db.Activities.Where(a => family.Contains(a.CustomerId)), beforeId, limit, ct);
    }

    public static async Task<Page<TimelineItem>> PageAsync(IQueryable<Activity> activities, long? beforeId, int limit, CancellationToken ct)
    {
        if (beforeId is { } before)
        {
            activities = activities.Where(a => a.Id < before);
        }
        var rows = await activities
            .OrderByDescending(a => a.Id)
            .Take(limit + 1)
            .Select(a => new
            {
                a.Id,
                a.OccurredAt,
                a.Kind,
                a.ActorKind,
                a.ActorUserId,
                a.ActorCustomerId,
                a.ConversationId,
                Channel = a.ConversationId == null ? (Channel?)null : a.Conversation!.Channel,
                Subject = a.ConversationId == null ? null : a.Conversation!.Subject,
                a.Data,
            })
            .ToListAsync(ct);
        var items = rows.Select(r => new TimelineItem(
            r.Id,
            r.OccurredAt,
            r.Kind,
            new TimelineActor(r.ActorKind, r.ActorUserId, r.ActorCustomerId),
            r.ConversationId,
            r.Channel,
            r.Subject,
            ParseData(r.Data))).ToList();
        return Paging.Of(items, limit, i => Paging.Encode(i.Id));
    }

    private static JsonElement ParseData(string data)
    {
        using var document = JsonDocument.Parse(string.IsNullOrEmpty(data) ? "{}" : data);
        return document.RootElement.Clone();
    }
}
