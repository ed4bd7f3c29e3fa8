using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Rapport.Web;

/// <summary>
/// The wire names of enums ("on_hold", "whatsapp"), the same ones JSON bodies use, for query
/// strings and messages. Read from a serializer with the converter the API's JSON options use
/// (see <see cref="ProblemHandling"/>), so the two cannot disagree.
/// </summary>
public static class EnumNames
{
    private static readonly JsonSerializerOptions Json = new() { Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) } };

    private static readonly ConcurrentDictionary<Type, Dictionary<string, object>> ByName = new();

    public static string Of<T>(T value) where T : struct, Enum =>
        JsonSerializer.Serialize(value, Json).Trim('"');

    public static bool TryParse<T>(string? name, out T value) where T : struct, Enum
    {
        var names = ByName.GetOrAdd(typeof(T), _ => Enum.GetValues<T>().ToDictionary(v => Of(v), v => (object)v, StringComparer.Ordinal));
        if (name is not null && names.TryGetValue(name.Trim(), out var found))
        {
            value = (T)found;
            return true;
        }
        value = default;
        return false;
    }

    public static string List<T>() where T : struct, Enum => string.Join(", ", Enum.GetValues<T>().Select(v => Of(v)));
}
