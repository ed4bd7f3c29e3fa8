using System.Text.Json;
using Rapport.Web;

namespace Rapport.Features.Customers;

/// <summary>
/// Reads a partial update: a field that is absent keeps its value, a field sent as <c>null</c>
/// clears it, anything else must have the field's type. Type errors become field errors on the
/// same <see cref="Validation"/>, so one response lists every problem in the request.
/// </summary>
public sealed class JsonFields
{
    private readonly JsonElement _body;
    private readonly JsonSerializerOptions _options;
    private readonly Validation _validation;

    private JsonFields(JsonElement body, JsonSerializerOptions options, Validation validation)
    {
        _body = body;
        _options = options;
        _validation = validation;
    }

    /// <summary>Null (with an error recorded) when the body is not a JSON object.</summary>
    public static JsonFields? Of(JsonElement body, JsonSerializerOptions options, Validation validation)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            validation.Add("$", "The body must be a JSON object.");
            return null;
        }
        return new JsonFields(body, options, validation);
    }

    public bool Has(string name) => _body.TryGetProperty(name, out _);

    public IEnumerable<string> Names => _body.EnumerateObject().Select(p => p.Name);

    /// <summary>True when the field is present and readable as <typeparamref name="T"/> (null included).</summary>
    public bool TryGet<T>(string name, out T? value)
    {
        value = default;
        if (!_body.TryGetProperty(name, out var element))
        {
            return false;
        }
        if (element.ValueKind == JsonValueKind.Null)
        {
            return true;
        }
        try
        {
            value = element.Deserialize<T>(_options);
            return true;
        }
        catch (JsonException)
        {
            _validation.Add(name, "has the wrong type or is not an allowed value.");
            return false;
        }
    }

    /// <summary>A field whose value is needed as raw JSON (custom fields); absent or null give false/null.</summary>
    public bool TryGetElement(string name, out JsonElement? value)
    {
        value = null;
        if (!_body.TryGetProperty(name, out var element))
        {
            return false;
        }
        value = element.ValueKind == JsonValueKind.Null ? null : element;
        return true;
    }
}
