using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Rapport.Features.Conversations;
using Rapport.Features.Customers;
using Rapport.Web;

namespace Rapport.Features.Import;

/// <summary>
/// Reads one line of the import format (docs/import-format.md) into an <see cref="ImportedConversation"/>,
/// collecting every field error of the line rather than stopping at the first, so a failed line
/// can be fixed in one go. Names of teams and agents are checked later, against the database.
/// </summary>
internal static partial class ImportLineParser
{
    public const int MaxBodyLength = 1_000_000;
    public const int MaxMessages = 10_000;
    public const int MaxTags = 50;

    public static ImportedConversation? Parse(string line, DateTime now, Validation errors) =>
        Parse(() => (JsonDocument.Parse(line), NoBodies), now, errors);

    /// <summary>The same from the line's UTF-8 bytes, read where they lie; long bodies are lifted out first (<see cref="ImportLineBodies"/>).</summary>
    public static ImportedConversation? Parse(System.Buffers.ReadOnlySequence<byte> line, DateTime now, Validation errors) =>
        Parse(() =>
        {
            var lifted = ImportLineBodies.Lift(line);
            return (JsonDocument.Parse(lifted.Rest), lifted.Bodies);
        }, now, errors);

    private static readonly Dictionary<(int, string), string> NoBodies = [];

    private static ImportedConversation? Parse(Func<(JsonDocument, Dictionary<(int Message, string Field), string>)> parse, DateTime now, Validation errors)
    {
        JsonDocument document;
        Dictionary<(int Message, string Field), string> bodies;
        try
        {
            (document, bodies) = parse();
        }
        catch (JsonException e)
        {
            errors.Add("line", $"is not valid JSON: {e.Message.Split(" Path:")[0].Split(" LineNumber:")[0]}");
            return null;
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                errors.Add("line", "must be a JSON object.");
                return null;
            }
            return Read(document.RootElement, bodies, now, errors);
        }
    }

    private static ImportedConversation? Read(JsonElement root, Dictionary<(int Message, string Field), string> bodies, DateTime now, Validation errors)
    {
        var externalId = String(root, "external_id", "external_id", errors);
        errors.MaxLength("external_id", externalId, ImportModel.ExternalIdMaxLength);
        var subject = String(root, "subject", "subject", errors);
        errors.Required("subject", subject, 500);
        var status = EnumValue(root, "status", "status", ConversationStatus.Open, errors);
        var priority = EnumValue(root, "priority", "priority", Priority.Normal, errors);
        var channel = EnumValue(root, "channel", "channel", Channel.Email, errors);
        var team = String(root, "team", "team", errors);
        errors.MaxLength("team", team, 200);
        var assignee = AgentEmail(root, "assignee", "assignee", errors);
        var customer = ReadCustomer(root, errors);
        var tags = ReadTags(root, errors);
        var messages = ReadMessages(root, bodies, now, errors);
        var changes = ReadStatusChanges(root, now, messages, errors);
        if (!errors.IsValid || customer is null || subject is null)
        {
            return null;
        }
        return new ImportedConversation(externalId?.Trim(), subject.Trim(), status, priority, channel, customer,
            team?.Trim(), assignee, tags, messages, changes);
    }

    private static ImportedCustomer? ReadCustomer(JsonElement root, Validation errors)
    {
        if (!root.TryGetProperty("customer", out var c) || c.ValueKind == JsonValueKind.Null)
        {
            errors.Add("customer", "is required.");
            return null;
        }
        if (c.ValueKind != JsonValueKind.Object)
        {
            errors.Add("customer", "must be an object.");
            return null;
        }
        var name = String(c, "name", "customer.name", errors);
        errors.MaxLength("customer.name", name, 300);
        var emailText = String(c, "email", "customer.email", errors);
        var email = emailText is null ? null : IdentityNormaliser.Email(emailText);
        if (emailText is not null && email is null)
        {
            errors.Add("customer.email", "is not a valid email address.");
        }
        var phoneText = String(c, "phone", "customer.phone", errors);
        var phone = phoneText is null ? null : IdentityNormaliser.Phone(phoneText);
        if (phoneText is not null && phone is null)
        {
            errors.Add("customer.phone", "is not a phone number in international form (+ and the country code).");
        }
        var externalId = String(c, "external_id", "customer.external_id", errors)?.Trim();
        errors.MaxLength("customer.external_id", externalId, 320);
        if (emailText is null && phoneText is null && string.IsNullOrEmpty(externalId))
        {
            errors.Add("customer", "needs at least one of email, phone or external_id.");
        }
        var language = String(c, "language", "customer.language", errors);
        if (language is not null && !LanguageTag().IsMatch(language))
        {
            errors.Add("customer.language", "is not a language tag such as fa, hy or en-GB.");
        }
        var timeZone = String(c, "time_zone", "customer.time_zone", errors);
        if (timeZone is not null && !TimeZoneName().IsMatch(timeZone))
        {
            errors.Add("customer.time_zone", "is not an IANA time zone such as Asia/Tehran.");
        }
        return new ImportedCustomer(string.IsNullOrWhiteSpace(name) ? null : name.Trim(), email, phone,
            string.IsNullOrEmpty(externalId) ? null : externalId, language, timeZone);
    }

    private static List<string> ReadTags(JsonElement root, Validation errors)
    {
        var tags = new List<string>();
        if (!root.TryGetProperty("tags", out var array) || array.ValueKind == JsonValueKind.Null)
        {
            return tags;
        }
        if (array.ValueKind != JsonValueKind.Array)
        {
            errors.Add("tags", "must be an array of strings.");
            return tags;
        }
        if (array.GetArrayLength() > MaxTags)
        {
            errors.Add("tags", $"must hold at most {MaxTags} tags.");
            return tags;
        }
        var i = 0;
        foreach (var tag in array.EnumerateArray())
        {
            var field = $"tags[{i++}]";
            if (tag.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(tag.GetString()))
            {
                errors.Add(field, "must be a non-empty string.");
                continue;
            }
            var name = tag.GetString()!;
            errors.MaxLength(field, name.Trim(), TagResolver.MaxNameLength);
            tags.Add(name);
        }
        return tags;
    }

    private static List<ImportedMessage> ReadMessages(JsonElement root, Dictionary<(int Message, string Field), string> bodies, DateTime now, Validation errors)
    {
        var messages = new List<ImportedMessage>();
        if (!root.TryGetProperty("messages", out var array) || array.ValueKind != JsonValueKind.Array || array.GetArrayLength() == 0)
        {
            errors.Add("messages", "must be an array with at least one message.");
            return messages;
        }
        if (array.GetArrayLength() > MaxMessages)
        {
            errors.Add("messages", $"must hold at most {MaxMessages} messages.");
            return messages;
        }
        var i = 0;
        foreach (var m in array.EnumerateArray())
        {
            var index = i;
            var field = $"messages[{i++}]";
            if (m.ValueKind != JsonValueKind.Object)
            {
                errors.Add(field, "must be an object.");
                continue;
            }
            var kindText = String(m, "kind", $"{field}.kind", errors);
            MessageKind? kind = kindText is null ? null : ParseEnum<MessageKind>(kindText);
            if (kind is null)
            {
                errors.Add($"{field}.kind", "must be inbound, outbound or note.");
            }
            var author = AgentEmail(m, "author", $"{field}.author", errors);
            if (kind is MessageKind.Outbound or MessageKind.Note && !Present(m, "author"))
            {
                errors.Add($"{field}.author", "is required: the email of the agent who wrote it.");
            }
            if (kind == MessageKind.Inbound && author is not null)
            {
                errors.Add($"{field}.author", "must be left out: inbound messages are written by the customer.");
            }
            var text = Body(m, bodies, index, "body_text", field, errors);
            var html = Body(m, bodies, index, "body_html", field, errors);
            errors.MaxLength($"{field}.body_text", text, MaxBodyLength);
            errors.MaxLength($"{field}.body_html", html, MaxBodyLength);
            // Sanitised and read exactly as a message sent through the API would be.
            var (bodyText, bodyHtml) = Message.Content(text, html);
            if (bodyText.Length == 0)
            {
                errors.Add($"{field}.body_text", "is required (or body_html with some text in it).");
            }
            var at = Time(m, "created_at", $"{field}.created_at", now, errors);
            if (kind is { } k && at is { } t && bodyText.Length > 0)
            {
                messages.Add(new ImportedMessage(k, author, bodyText, bodyHtml, t));
            }
        }
        // The source's order is not trusted; time is. OrderBy is stable, so equal times keep the file's order.
        return [.. messages.OrderBy(m => m.CreatedAt)];
    }

    private static List<ImportedStatus> ReadStatusChanges(JsonElement root, DateTime now, List<ImportedMessage> messages, Validation errors)
    {
        var changes = new List<ImportedStatus>();
        if (!root.TryGetProperty("status_changes", out var array) || array.ValueKind == JsonValueKind.Null)
        {
            return changes;
        }
        if (array.ValueKind != JsonValueKind.Array)
        {
            errors.Add("status_changes", "must be an array.");
            return changes;
        }
        var i = 0;
        foreach (var s in array.EnumerateArray())
        {
            var field = $"status_changes[{i++}]";
            if (s.ValueKind != JsonValueKind.Object)
            {
                errors.Add(field, "must be an object.");
                continue;
            }
            var status = String(s, "status", $"{field}.status", errors) is { } text ? ParseEnum<ConversationStatus>(text) : null;
            if (status is null)
            {
                errors.Add($"{field}.status", "must be one of new, open, pending, on_hold, solved, closed.");
            }
            var at = Time(s, "at", $"{field}.at", now, errors);
            if (at is { } t && messages.Count > 0 && t < messages[0].CreatedAt)
            {
                errors.Add($"{field}.at", "must not be before the first message.");
            }
            if (status is { } st && at is { } a)
            {
                changes.Add(new ImportedStatus(st, a));
            }
        }
        return [.. changes.OrderBy(c => c.At)];
    }

    private static string? AgentEmail(JsonElement obj, string name, string field, Validation errors)
    {
        var text = String(obj, name, field, errors);
        if (text is null)
        {
            return null;
        }
        if (!Validation.IsEmail(text))
        {
            errors.Add(field, "is not a valid email address.");
            return null;
        }
        return text.Trim().ToLowerInvariant();
    }

    /// <summary>A body lifted out of the line stands as an empty string in the document.</summary>
    private static string? Body(JsonElement message, Dictionary<(int Message, string Field), string> bodies, int index, string name, string field, Validation errors)
    {
        var text = String(message, name, $"{field}.{name}", errors);
        return text is { Length: 0 } && bodies.TryGetValue((index, name), out var lifted) ? lifted : text;
    }

    private static bool Present(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null;

    private static string? String(JsonElement obj, string name, string field, Validation errors)
    {
        if (!obj.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        if (value.ValueKind != JsonValueKind.String)
        {
            errors.Add(field, "must be a string.");
            return null;
        }
        return value.GetString();
    }

    private static T EnumValue<T>(JsonElement obj, string name, string field, T fallback, Validation errors) where T : struct, System.Enum
    {
        var text = String(obj, name, field, errors);
        if (text is null)
        {
            return fallback;
        }
        if (ParseEnum<T>(text) is { } value)
        {
            return value;
        }
        errors.Add(field, $"must be one of {EnumNames.List<T>()}.");
        return fallback;
    }

    /// <summary>Accepts the API's snake_case names ("on_hold", "whatsapp") and other spellings of them ("OnHold", "on-hold"); never numbers.</summary>
    public static T? ParseEnum<T>(string text) where T : struct, System.Enum
    {
        var key = text.Replace("_", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        foreach (var value in System.Enum.GetValues<T>())
        {
            if (string.Equals(value.ToString(), key, StringComparison.OrdinalIgnoreCase))
            {
                return value;
            }
        }
        return null;
    }

    private static DateTime? Time(JsonElement obj, string name, string field, DateTime now, Validation errors)
    {
        var text = String(obj, name, field, errors);
        if (text is null)
        {
            errors.Add(field, "is required.");
            return null;
        }
        if (!IsoWithOffset().IsMatch(text)
            || !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
        {
            errors.Add(field, "must be an ISO 8601 time with an offset, such as 2025-03-01T09:30:00+03:30.");
            return null;
        }
        var utc = parsed.UtcDateTime;
        if (utc > now)
        {
            errors.Add(field, "must not be in the future.");
            return null;
        }
        return utc;
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(Z|[+-]\d{2}:\d{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex IsoWithOffset();

    [GeneratedRegex(@"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8}){0,3}$", RegexOptions.CultureInvariant)]
    private static partial Regex LanguageTag();

    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9_+\-]*(/[A-Za-z0-9_+\-]+){0,2}$", RegexOptions.CultureInvariant)]
    private static partial Regex TimeZoneName();
}
