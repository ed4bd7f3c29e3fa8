using System.Net.Mail;

namespace Rapport.Web;

/// <summary>
/// Collects field errors for one request and turns them into a 400 validation problem. Field
/// names are the JSON names the client sent, so a form can put each message beside its field.
/// </summary>
public sealed class Validation
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool IsValid => _errors.Count == 0;

    public Validation Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var list))
        {
            _errors[field] = list = [];
        }
        list.Add(message);
        return this;
    }

    public Validation Required(string field, string? value, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return Add(field, "is required.");
        }
        return MaxLength(field, value, maxLength);
    }

    public Validation MaxLength(string field, string? value, int maxLength)
    {
        if (value is not null && value.Length > maxLength)
        {
            Add(field, $"must be at most {maxLength} characters.");
        }
        return this;
    }

    public Validation Email(string field, string? value)
    {
        if (value is not null && !IsEmail(value))
        {
            Add(field, "is not a valid email address.");
        }
        return this;
    }

    /// <param name="allowHostWithoutDot">
    /// Also accept a domain of one host name label (<c>root@localhost</c>, <c>nagios@monitor</c>): mail
    /// from a server's own MTA comes from such addresses. People typing into forms mean a dotted domain.
    /// </param>
    public static bool IsEmail(string value, bool allowHostWithoutDot = false)
    {
        value = value.Trim();
        if (value.Length is 0 or > 254 || value.Contains(' ', StringComparison.Ordinal) || value.Count(c => c == '@') != 1)
        {
            return false;
        }
        var at = value.IndexOf('@', StringComparison.Ordinal);
        var domain = value[(at + 1)..];
        var dotted = domain.Contains('.', StringComparison.Ordinal);
        if (at == 0 || (!dotted && !(allowHostWithoutDot && IsHostLabel(domain))) || domain.StartsWith('.') || domain.EndsWith('.'))
        {
            return false;
        }
        return MailAddress.TryCreate(value, out var parsed) && parsed.Address == value;
    }

    /// <summary>One DNS label (RFC 1123): letters, digits and inner hyphens, at most 63 characters.</summary>
    private static bool IsHostLabel(string label) =>
        label.Length is > 0 and <= 63 && label[0] != '-' && label[^1] != '-' && label.All(c => char.IsAsciiLetterOrDigit(c) || c == '-');

    public IDictionary<string, string[]> Errors => _errors.ToDictionary(e => e.Key, e => e.Value.ToArray());

    public IResult Problem() => TypedResults.ValidationProblem(Errors, title: "The request has invalid fields.");
}
