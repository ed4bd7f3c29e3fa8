namespace Rapport.Features.Customers;

/// <summary>A label shared by customers and conversations. Names are stored lower-case and trimmed.</summary>
public sealed class Tag
{
    private Tag() { }

    public Tag(string name, DateTime now)
    {
        Name = Normalise(name);
        CreatedAt = now;
    }

    public long Id { get; private set; }
    public string Name { get; private set; } = "";
    public DateTime CreatedAt { get; private set; }

    public static string Normalise(string name) => name.Trim().ToLowerInvariant();

    public void Rename(string name) => Name = Normalise(name);
}

public sealed class CustomerTag
{
    public long CustomerId { get; set; }
    public long TagId { get; set; }
    public Tag? Tag { get; set; }
}
