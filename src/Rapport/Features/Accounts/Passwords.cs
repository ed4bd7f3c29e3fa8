using Rapport.Web;

namespace Rapport.Features.Accounts;

/// <summary>What a new password must be. Length is what matters; composition rules only push people to predictable patterns.</summary>
public static class Passwords
{
    public const int MinLength = 10;
    public const int MaxLength = 200;

    public static Validation CheckNew(this Validation validation, string field, string? password)
    {
        if (string.IsNullOrEmpty(password))
        {
            return validation.Add(field, "is required.");
        }
        if (password.Length < MinLength)
        {
            validation.Add(field, $"must be at least {MinLength} characters.");
        }
        return validation.MaxLength(field, password, MaxLength);
    }
}
