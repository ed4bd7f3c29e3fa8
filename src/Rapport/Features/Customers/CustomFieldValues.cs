using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Rapport.Data;
using Rapport.Web;

namespace Rapport.Features.Customers;

/// <summary>
/// Checks custom field values against the admin's definitions and merges them into a customer's
/// values: a key sent as null clears it, keys not sent are kept. Errors are named
/// <c>custom_fields.key</c>.
/// </summary>
public static class CustomFieldValues
{
    public const int MaxTextLength = 1000;

    public static async Task<JsonObject> MergeAsync(RapportDb db, Validation v, JsonElement? incoming, JsonObject existing, bool creating, CancellationToken ct)
    {
        var result = existing.DeepClone().AsObject();
        var definitions = await db.CustomFields.AsNoTracking().ToDictionaryAsync(d => d.Key, StringComparer.Ordinal, ct);
        if (incoming is { } element)
        {
            if (element.ValueKind != JsonValueKind.Object)
            {
                v.Add("custom_fields", "must be an object keyed by custom field key.");
                return result;
            }
            foreach (var property in element.EnumerateObject())
            {
                var field = "custom_fields." + (property.Name.Length > 64 ? property.Name[..64] : property.Name);
                if (!definitions.TryGetValue(property.Name, out var definition))
                {
                    v.Add(field, "is not a defined custom field.");
                    continue;
                }
                if (definition.ArchivedAt is not null)
                {
                    // Sending the value it already has (a whole form posted back) is no change.
                    if (!IsUnchanged(definition, property.Value, existing[property.Name]))
                    {
                        v.Add(field, "is archived; its value can no longer be changed.");
                    }
                    continue;
                }
                if (property.Value.ValueKind == JsonValueKind.Null)
                {
                    if (definition.IsRequired)
                    {
                        v.Add(field, "is required.");
                    }
                    result.Remove(property.Name);
                    continue;
                }
                if (Read(definition, property.Value) is { } value)
                {
                    result[property.Name] = value;
                }
                else
                {
                    v.Add(field, Expected(definition));
                }
            }
        }
        if (creating)
        {
            foreach (var definition in definitions.Values.Where(d => d.IsRequired && d.ArchivedAt is null && result[d.Key] is null))
            {
                v.Add("custom_fields." + definition.Key, "is required.");
            }
        }
        return result;
    }

    private static bool IsUnchanged(CustomFieldDefinition definition, JsonElement incoming, JsonNode? current) =>
        incoming.ValueKind == JsonValueKind.Null
            ? current is null
            : current is not null && Read(definition, incoming) is { } value && JsonNode.DeepEquals(value, current);

    /// <summary>The value in its stored form, or null when it does not fit the field's type.</summary>
    private static JsonNode? Read(CustomFieldDefinition definition, JsonElement value) => definition.Type switch
    {
        CustomFieldType.Text when value.ValueKind == JsonValueKind.String && value.GetString()!.Length <= MaxTextLength
            => JsonValue.Create(value.GetString()),
        CustomFieldType.Number when value.ValueKind == JsonValueKind.Number && value.TryGetDecimal(out var number)
            => JsonValue.Create(number),
        CustomFieldType.Date when value.ValueKind == JsonValueKind.String
            && DateOnly.TryParseExact(value.GetString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            => JsonValue.Create(date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
        CustomFieldType.Choice when value.ValueKind == JsonValueKind.String && Choices(definition).Contains(value.GetString()!)
            => JsonValue.Create(value.GetString()),
        _ => null,
    };

    private static string Expected(CustomFieldDefinition definition) => definition.Type switch
    {
        CustomFieldType.Text => $"must be text of at most {MaxTextLength} characters.",
        CustomFieldType.Number => "must be a number.",
        CustomFieldType.Date => "must be a date written yyyy-MM-dd.",
        _ => $"must be one of: {string.Join(", ", Choices(definition))}.",
    };

    public static IReadOnlyList<string> Choices(CustomFieldDefinition definition) =>
        JsonSerializer.Deserialize<List<string>>(definition.Choices) ?? [];
}
