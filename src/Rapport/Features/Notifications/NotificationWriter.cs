using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Rapport.Features.Timeline;

namespace Rapport.Features.Notifications;

/// <summary>
/// Reads the activities a save is about to write and adds, in that same save, a notification for
/// each agent they call on: those mentioned in a note, the one a conversation is assigned or
/// transferred to, and the agents named in an activity's <c>notify</c> list (promise reminders).
/// Never the actor themselves. It runs no query, so a save with nothing to notify costs nothing more.
/// </summary>
internal sealed class NotificationWriter : SaveChangesInterceptor
{
    // A save that fails and is retried sees the same activities again: notify once.
    private readonly ConditionalWeakTable<Activity, object> _done = [];

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Write(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        Write(eventData.Context);
        return ValueTask.FromResult(result);
    }

    private void Write(DbContext? context)
    {
        if (context is null)
        {
            return;
        }
        var added = context.ChangeTracker.Entries<Activity>().Where(e => e.State == EntityState.Added).Select(e => e.Entity).ToList();
        foreach (var activity in added)
        {
            if (!_done.TryAdd(activity, activity))
            {
                continue;
            }
            foreach (var (userId, kind, excerpt) in Called(activity))
            {
                if (userId == activity.ActorUserId)
                {
                    continue;
                }
                context.Add(Notification.For(userId, kind, activity.Conversation, activity.ConversationId, activity.ActorUserId, excerpt, activity.OccurredAt));
            }
        }
    }

    /// <summary>Who this activity calls on, and why; each agent once.</summary>
    internal static IEnumerable<(long UserId, string Kind, string? Excerpt)> Called(Activity activity)
    {
        if (activity.Kind is not (ActivityKinds.NoteAdded or ActivityKinds.Assigned or ActivityKinds.Transferred) && !activity.Data.Contains("\"notify\"", StringComparison.Ordinal))
        {
            return [];
        }
        using var doc = JsonDocument.Parse(activity.Data);
        var root = doc.RootElement;
        var excerpt = Text(root, "excerpt");
        var called = new List<(long, string, string?)>();
        if (activity.Kind == ActivityKinds.NoteAdded)
        {
            called.AddRange(Ids(root, "mentions").Select(id => (id, NotificationKinds.Mention, excerpt)));
        }
        else if (activity.Kind is ActivityKinds.Assigned or ActivityKinds.Transferred
                 && root.TryGetProperty("to", out var to) && to.ValueKind == JsonValueKind.Object
                 && to.TryGetProperty("assignee_id", out var assignee) && assignee.ValueKind == JsonValueKind.Number)
        {
            called.Add((assignee.GetInt64(), NotificationKinds.Assigned, Text(root, "reason")));
        }
        if (Text(root, "notify_kind") is { } notifyKind)
        {
            called.AddRange(Ids(root, "notify").Select(id => (id, notifyKind, Text(root, "what") ?? excerpt)));
        }
        return called.DistinctBy(c => c.Item1);
    }

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static IEnumerable<long> Ids(JsonElement root, string name) =>
        root.TryGetProperty(name, out var ids) && ids.ValueKind == JsonValueKind.Array
            ? [.. ids.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.Number).Select(e => e.GetInt64())]
            : [];
}
