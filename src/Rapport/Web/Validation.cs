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

    public static bool IsEmail(string value)
    {
        value = value.Trim();
        if (value.Length is 0 or > 254 || value.Contains(' ', StringComparison.Ordinal) || value.Count(c => c == '@') != 1)
        {
            return false;
        }
        var at = value.IndexOf('@', StringComparison.Ordinal);
        var domain = value[(at + 1)..];
        if (at == 0 || !domain.Contains('.', StringComparison.Ordinal) || domain.StartsWith('.') || domain.EndsWith('.'))
        {
            return false;
        }
        return MailAddress.TryCreate(value, out var parsed) && parsed.Address == value;
    }

    public IDictionary<string, string[]> Errors => _errors.ToDictionary(e => e.Key, e => e.Value.ToArray());

    public IResult Problem() => TypedResults.ValidationProblem(Errors, title: "The request has invalid fields.");
}
