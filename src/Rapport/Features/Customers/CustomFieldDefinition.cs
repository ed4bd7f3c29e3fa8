namespace Rapport.Features.Customers;

public enum CustomFieldType
{
    Text,
    Number,
    Date,
    Choice,
}

/// <summary>An admin-defined field on customers. Values live in <see cref="Customer.CustomFields"/>.</summary>
public sealed class CustomFieldDefinition
{
    private CustomFieldDefinition() { }

    public CustomFieldDefinition(string key, string label, CustomFieldType type, DateTime now)
    {
        Key = key;
        Label = label;
        Type = type;
        CreatedAt = now;
    }

    public long Id { get; private set; }
    /// <summary>Stable machine key, e.g. <c>contract_end</c>.</summary>
    public string Key { get; private set; } = "";
    public string Label { get; set; } = "";
    public CustomFieldType Type { get; private set; }
    /// <summary>For <see cref="CustomFieldType.Choice"/>: the allowed values as a JSON array.</summary>
    public string Choices { get; set; } = "[]";
    public bool IsRequired { get; set; }
    public DateTime CreatedAt { get; private set; }

    /// <summary>
    /// When an admin retired the field. An archived field keeps every customer's value (still shown
    /// and returned) but takes no new ones and is no longer required; unarchiving brings it back.
    /// </summary>
    public DateTime? ArchivedAt { get; private set; }

    public void Archive(DateTime now) => ArchivedAt ??= now;

    public void Unarchive() => ArchivedAt = null;
}
