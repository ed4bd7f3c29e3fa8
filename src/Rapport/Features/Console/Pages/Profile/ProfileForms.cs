using Rapport.Features.Accounts;

namespace Rapport.Features.AgentConsole.Pages.Profile;

/// <summary>The profile page's forms as the browser posts them.</summary>
public sealed class DetailsForm
{
    public string? DisplayName { get; set; }
    public string? Language { get; set; }
    public string? TimeZone { get; set; }
}

public sealed class PasswordForm
{
    public string? Current { get; set; }
    public string? New { get; set; }
    public string? Confirmation { get; set; }
    /// <summary>Also revoke every API token of the account; unticked by default, as integrations hold tokens.</summary>
    public bool RevokeTokens { get; set; }
}

public sealed class TokenForm
{
    public string? Name { get; set; }
    public string? Scope { get; set; }
}

/// <summary>What the profile's selects offer.</summary>
public static class ProfileChoices
{
    /// <summary>The IANA time zone names this machine knows, sorted.</summary>
    public static IReadOnlyList<string> TimeZones { get; } = TimeZoneInfo.GetSystemTimeZones()
        .Where(z => z.HasIanaId)
        .Select(z => z.Id)
        .Append("UTC")
        .Distinct(StringComparer.Ordinal)
        .Order(StringComparer.Ordinal)
        .ToList();

    /// <summary>The token scopes a person of <paramref name="role"/> may create.</summary>
    public static IReadOnlyList<TokenScope> ScopesFor(Role role) => role switch
    {
        Role.Admin => [TokenScope.Read, TokenScope.Write, TokenScope.Ingest, TokenScope.Admin],
        Role.Agent => [TokenScope.Read, TokenScope.Write, TokenScope.Ingest],
        _ => [TokenScope.Read, TokenScope.Write],
    };
}
