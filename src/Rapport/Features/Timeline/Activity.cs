using System.Text.Json;
using Rapport.Features.Conversations;
using Rapport.Features.Customers;

namespace Rapport.Features.Timeline;

/// <summary>
/// One row of the append-only activity log. Every change to a customer or conversation adds one,
/// in the same transaction as the change, so the log and the state never disagree. The customer
/// timeline, and every consumer that comes later (SLA, KPIs, health), reads from here.
/// </summary>
public sealed class Activity
{
    private Activity() { }

    public long Id { get; private set; }
    public DateTime OccurredAt { get; private set; }
    /// <summary>Dotted name such as <c>conversation.status_changed</c>; see <see cref="ActivityKinds"/>.</summary>
    public string Kind { get; private set; } = "";
    public ActorKind ActorKind { get; private set; }
    public long? ActorUserId { get; private set; }
    public long? ActorCustomerId { get; private set; }
    public long? CustomerId { get; private set; }
    public Customer? Customer { get; private set; }
    public long? ConversationId { get; private set; }
    public Conversation? Conversation { get; private set; }
    /// <summary>JSON object with the details of the change (old and new values, reasons, ids).</summary>
    public string Data { get; private set; } = "{}";

    public static Activity ForConversation(Conversation conversation, string kind, Actor actor, DateTime at, object? data = null)
    {
        var activity = New(kind, actor, at, data);
        activity.Conversation = conversation;
        if (conversation.Customer is not null)
        {
            activity.Customer = conversation.Customer;
        }
        else
        {
            activity.CustomerId = conversation.CustomerId;
        }
        return activity;
    }

    public static Activity ForCustomer(Customer customer, string kind, Actor actor, DateTime at, object? data = null)
    {
        var activity = New(kind, actor, at, data);
        activity.Customer = customer;
        return activity;
    }

    private static Activity New(string kind, Actor actor, DateTime at, object? data) => new()
    {
        Kind = kind,
        OccurredAt = DateTime.SpecifyKind(at, DateTimeKind.Utc),
        ActorKind = actor.Kind,
        ActorUserId = actor.UserId,
        ActorCustomerId = actor.CustomerId,
        Data = data is null ? "{}" : JsonSerializer.Serialize(data, ActivityJson.Options),
    };
}

internal static class ActivityJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };
}
