namespace Rapport.Features.Customers;

public enum IdentityKind
{
    Email,
    Phone,
    ChatVisitor,
    Social,
    External,
}

/// <summary>
/// One way to reach or recognise a customer. (Kind, Value) is unique across all customers, so an
/// address always resolves to exactly one person. Values are stored normalised (lower-case email,
/// E.164 phone).
/// </summary>
public sealed class CustomerIdentity
{
    private CustomerIdentity() { }

    public CustomerIdentity(IdentityKind kind, string value, DateTime now)
    {
        Kind = kind;
        Value = value;
        CreatedAt = now;
    }

    public long Id { get; private set; }
    public long CustomerId { get; set; }
    public Customer? Customer { get; set; }
    public IdentityKind Kind { get; private set; }
    public string Value { get; private set; } = "";
    /// <summary>For social handles and external ids: the network or system, e.g. <c>instagram</c>, <c>shopify</c>.</summary>
    public string? Source { get; set; }
    public bool IsPrimary { get; set; }
    public DateTime CreatedAt { get; private set; }
}
