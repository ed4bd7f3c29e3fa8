using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Rapport.Data;
using Rapport.Features.Accounts;

namespace Rapport.Web.Auth;

/// <summary>
/// <c>Authorization: Bearer rpt_…</c>. The token is found by its hash; a revoked token, or one whose
/// owner was deactivated, fails. The last-use time is recorded at most once a minute per token,
/// so a busy integration does not turn every read into a write.
/// </summary>
internal sealed class ApiTokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    RapportDb db,
    TimeProvider time) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiToken";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        string secret;
        if (header is not null && header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            secret = header["Bearer ".Length..].Trim();
        }
        else if (HubQueryToken(Request) is { } queryToken)
        {
            secret = queryToken;
        }
        else
        {
            return AuthenticateResult.NoResult();
        }
        if (!secret.StartsWith(ApiToken.SecretPrefix, StringComparison.Ordinal) || secret.Length > 100)
        {
            return AuthenticateResult.Fail("The token is not a Rapport API token.");
        }
        var hash = ApiToken.Hash(secret);
        var found = await db.ApiTokens.AsNoTracking()
            .Where(t => t.TokenHash == hash)
            .Select(t => new { t.Id, t.Scope, t.RevokedAt, t.LastUsedAt, t.UserId, t.User!.Role, t.User.IsActive, t.User.DisplayName })
            .SingleOrDefaultAsync(Context.RequestAborted);
        if (found is null || found.RevokedAt is not null)
        {
            return AuthenticateResult.Fail("The token is unknown or revoked.");
        }
        if (!found.IsActive)
        {
            return AuthenticateResult.Fail("The token's owner is deactivated.");
        }
        var now = time.GetUtcNow().UtcDateTime;
        if (found.LastUsedAt is null || now - found.LastUsedAt > TimeSpan.FromMinutes(1))
        {
            await db.ApiTokens.Where(t => t.Id == found.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.LastUsedAt, now), Context.RequestAborted);
        }
        var identity = RapportClaims.Identity(found.UserId, found.DisplayName, found.Role, found.Scope, SchemeName);
        identity.AddClaim(new Claim(RapportClaims.TokenId, found.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    /// <summary>
    /// Browsers cannot set headers on a WebSocket, so the console hub alone also takes the token as
    /// <c>?access_token=</c>; everywhere else a token in a URL would end up in logs and is ignored.
    /// </summary>
    public static string? HubQueryToken(HttpRequest request) =>
        request.Path.StartsWithSegments(Features.Realtime.ConsoleHub.Path) && request.Query.TryGetValue("access_token", out var token)
            && !string.IsNullOrWhiteSpace(token) ? token.ToString() : null;

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        return Task.CompletedTask;
    }
}
