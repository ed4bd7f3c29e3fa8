using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Rapport.Features.Customers;
using Rapport.Web;

namespace Rapport.Features.AgentConsole.Pages.Customers;

/// <summary>
/// The profile's edit form as posted. It becomes the same JSON object a PATCH would send, so
/// <see cref="CustomerUpdate"/> checks it with the API's own rules and names errors by the same
/// field names. Text is sent exactly as typed (names keep their spelling); a number that does not
/// parse is sent as text, so the API's type check reports it beside its field.
/// </summary>
public sealed class CustomerForm
{
    public string? FullName { get; set; }
    public string? PreferredName { get; set; }
    public string? Pronunciation { get; set; }
    public string? Language { get; set; }
    public string? TimeZone { get; set; }
    public string? PreferredChannel { get; set; }
    public string? ContactHours { get; set; }
    public bool DoNotContact { get; set; }
    public string? Tier { get; set; }
    public string? AccountOwnerId { get; set; }
    public string? CompanyId { get; set; }
    public string? Value { get; set; }
    public Dictionary<string, string?> CustomFields { get; set; } = [];
    public int Version { get; set; }

    public static CustomerForm From(Customer c)
    {
        var fields = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var (key, value) in c.Profile.CustomFields ?? [])
        {
            fields[key] = value is JsonValue v && v.TryGetValue<string>(out var text) ? text : value?.ToJsonString();
        }
        return new CustomerForm
        {
            FullName = c.FullName,
            PreferredName = c.PreferredName,
            Pronunciation = c.Pronunciation,
            Language = c.Language,
            TimeZone = c.TimeZone,
            PreferredChannel = c.PreferredChannel is { } channel ? EnumNames.Of(channel) : null,
            ContactHours = c.ContactHours,
            DoNotContact = c.DoNotContact,
            Tier = c.Tier,
            AccountOwnerId = c.AccountOwnerId?.ToString(CultureInfo.InvariantCulture),
            CompanyId = c.CompanyId?.ToString(CultureInfo.InvariantCulture),
            Value = c.Value?.ToString(CultureInfo.InvariantCulture),
            CustomFields = fields,
            Version = c.Version,
        };
    }

    public JsonElement ToPatch(IReadOnlyList<CustomFieldDefinition> definitions)
    {
        var fields = new JsonObject();
        foreach (var definition in definitions)
        {
            var text = CustomFields.GetValueOrDefault(definition.Key);
            fields[definition.Key] = string.IsNullOrWhiteSpace(text) ? null
                : definition.Type == CustomFieldType.Number ? Number(text) : JsonValue.Create(text);
        }
        var patch = new JsonObject
        {
            ["full_name"] = FullName ?? "",
            ["preferred_name"] = PreferredName,
            ["pronunciation"] = Pronunciation,
            ["language"] = Language,
            ["time_zone"] = TimeZone,
            ["preferred_channel"] = string.IsNullOrEmpty(PreferredChannel) ? null : PreferredChannel,
            ["contact_hours"] = ContactHours,
            ["do_not_contact"] = DoNotContact,
            ["tier"] = Tier,
            ["account_owner_id"] = Number(AccountOwnerId),
            ["company_id"] = Number(CompanyId),
            ["value"] = Number(Value),
            ["custom_fields"] = fields,
            ["version"] = Version,
        };
        return JsonSerializer.SerializeToElement(patch);
    }

    /// <summary>A number typed in any script's digits (۱۲۳ as well as 123); text that is no number stays text.</summary>
    private static JsonNode? Number(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        var ascii = string.Concat(text.Trim().Select(c => char.IsDigit(c) ? (char)('0' + (int)char.GetNumericValue(c)) : c == '٫' ? '.' : c));
        return decimal.TryParse(ascii, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number)
            ? JsonValue.Create(number)
            : JsonValue.Create(text);
    }
}
