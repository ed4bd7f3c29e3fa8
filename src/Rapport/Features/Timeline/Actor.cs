namespace Rapport.Features.Timeline;

public enum ActorKind
{
    System,
    User,
    Customer,
}

/// <summary>Who made a change: recorded on every activity row.</summary>
public sealed record Actor(ActorKind Kind, long? UserId, long? CustomerId)
{
    public static readonly Actor System = new(ActorKind.System, null, null);

    public static Actor User(long userId) => new(ActorKind.User, userId, null);

    public static Actor Customer(long customerId) => new(ActorKind.Customer, null, customerId);
}
