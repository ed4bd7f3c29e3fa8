namespace Rapport.Features.Customers;

public sealed class Company
{
    private Company() { }

    public Company(string name, DateTime now)
    {
        Name = name;
        CreatedAt = now;
        UpdatedAt = now;
    }

    public long Id { get; private set; }
    public string Name { get; set; } = "";
    /// <summary>Mail domain such as <c>example.com</c>, used to attach new customers to the company.</summary>
    public string? Domain { get; set; }
    public string? Tier { get; set; }
    public long? AccountOwnerId { get; set; }
    public decimal? Value { get; set; }
    public string? Notes { get; set; }
    public string SearchText { get; set; } = "";
    public DateTime CreatedAt { get; private set; }
    public DateTime UpdatedAt { get; set; }
}
