namespace Rapport.Features.Accounts;

public sealed record AgentResponse(
    long Id, string Email, string DisplayName, Role Role, bool IsActive, string Language, string TimeZone,
    bool HasPassword, DateTime CreatedAt, DateTime? LastSignInAt)
{
    public static AgentResponse From(User u) =>
        new(u.Id, u.Email, u.DisplayName, u.Role, u.IsActive, u.Language, u.TimeZone, u.PasswordHash != null, u.CreatedAt, u.LastSignInAt);
}

public sealed record MeResponse(
    long Id, string Email, string DisplayName, Role Role, string Language, string TimeZone,
    TokenScope Scope, DateTime CreatedAt, DateTime? LastSignInAt);

/// <summary>
/// A new password ends every other session of the user; with <see cref="RevokeTokens"/> (default false,
/// since integrations hold tokens and a password change is not always a compromise) it also revokes all
/// their API tokens, the one making this call included.
/// </summary>
public sealed record MeUpdate(string? DisplayName, string? Language, string? TimeZone, string? NewPassword, string? CurrentPassword, bool? RevokeTokens = null);

public sealed record TokenResponse(
    long Id, long UserId, string Name, TokenScope Scope, string Hint, DateTime CreatedAt, DateTime? LastUsedAt, DateTime? RevokedAt)
{
    public static TokenResponse From(ApiToken t) => new(t.Id, t.UserId, t.Name, t.Scope, t.Hint, t.CreatedAt, t.LastUsedAt, t.RevokedAt);
}

/// <summary>The only time the secret is shown.</summary>
public sealed record CreatedTokenResponse(long Id, string Name, TokenScope Scope, string Token, string Hint, DateTime CreatedAt);

public sealed record TokenCreate(string? Name, TokenScope? Scope);

public sealed record PasswordGrant(string? Email, string? Password, string? Name, TokenScope? Scope);

public sealed record AgentCreate(string? Email, string? DisplayName, Role? Role);

public sealed record AgentCreated(AgentResponse Agent, string InviteUrl, DateTime InviteExpiresAt);

public sealed record AgentUpdate(string? DisplayName, Role? Role, bool? IsActive);

public sealed record TeamResponse(long Id, string Name, string? Description, long? LeadUserId, int MemberCount, DateTime CreatedAt);

public sealed record TeamMember(long Id, string DisplayName, string Email, Role Role, bool IsActive);

public sealed record TeamDetail(long Id, string Name, string? Description, long? LeadUserId, DateTime CreatedAt, IReadOnlyList<TeamMember> Members);

public sealed record TeamCreate(string? Name, string? Description);

public sealed record TeamUpdate(string? Name, string? Description, long? LeadUserId);

public sealed record SettingsResponse(string BusinessName, string DefaultLanguage);

public sealed record SettingsUpdate(string? BusinessName, string? DefaultLanguage);
