using Rapport.Features.Timeline;

namespace Rapport.Features.Customers;

public enum ContactChannel
{
    Email,
    Phone,
    Chat,
    Portal,
    Sms,
    WhatsApp,
    Social,
}

/// <summary>
/// A person the business serves. The full name is kept exactly as the customer wrote it; search
/// uses <see cref="SearchText"/>, a normalised copy, so the spelling shown is never altered.
/// </summary>
public sealed partial class Customer : IRecordsActivity
{
    private Customer() { }

    public Customer(string fullName, DateTime now)
    {
        FullName = fullName;
        CreatedAt = now;
        UpdatedAt = now;
    }

    public long Id { get; private set; }
    public string FullName { get; set; } = "";
    public string? PreferredName { get; set; }
    public string? Pronunciation { get; set; }
    /// <summary>BCP 47 language tag, e.g. <c>fa</c>, <c>hy</c>, <c>en-GB</c>.</summary>
    public string? Language { get; set; }
    /// <summary>IANA time zone, e.g. <c>Asia/Tehran</c>.</summary>
    public string? TimeZone { get; set; }
    public ContactChannel? PreferredChannel { get; set; }
    /// <summary>Free text such as <c>Sat-Wed 09:00-17:00</c>, shown to agents beside the customer's local time.</summary>
    public string? ContactHours { get; set; }
    public bool DoNotContact { get; set; }
    public string? Tier { get; set; }
    public long? AccountOwnerId { get; set; }
    public long? CompanyId { get; set; }
    public Company? Company { get; set; }
    public decimal? Value { get; set; }
    /// <summary>Values of admin-defined custom fields, as a JSON object keyed by field key.</summary>
    public string CustomFields { get; set; } = "{}";
    public string SearchText { get; set; } = "";
    /// <summary>Set when this record was merged into another; the record itself is kept.</summary>
    public long? MergedIntoId { get; set; }
    public DateTime CreatedAt { get; private set; }
    public DateTime UpdatedAt { get; set; }

    public List<CustomerIdentity> Identities { get; private set; } = [];
    public List<CustomerTag> Tags { get; private set; } = [];
    public List<CustomerNote> Notes { get; private set; } = [];

    /// <summary>Optimistic concurrency: bumped on every save, so two agents never overwrite each other unseen.</summary>
    public int Version { get; set; }

    public IList<Activity> PendingActivities { get; } = [];
}
