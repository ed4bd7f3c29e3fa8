using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Rapport.Data;
using Rapport.Web;
using Rapport.Web.Auth;

namespace Rapport.Features.Accounts;

/// <summary>The caller's own account: profile, password, personal API tokens; and the password grant that mints a first token.</summary>
public static class MeApi
{
    public static void MapMeApi(this IEndpointRouteBuilder api)
    {
        api.MapPost("/auth/token", PasswordGrantAsync).AllowAnonymous().RequireRateLimiting(RateLimits.Public).ShowsSecretOnce().TakesSecret();

        api.MapGet("/me", GetMeAsync);
        api.MapPatch("/me", UpdateMeAsync).RequireAuthorization(AuthSetup.Write);

        api.MapGet("/me/tokens", ListMyTokensAsync);
        api.MapGet("/me/tokens/{id:long}", GetMyTokenAsync);
        api.MapPost("/me/tokens", CreateMyTokenAsync).RequireAuthorization(AuthSetup.Write).ShowsSecretOnce();
        api.MapDelete("/me/tokens/{id:long}", RevokeMyTokenAsync).RequireAuthorization(AuthSetup.Write);

        api.MapGet("/tokens", ListAllTokensAsync).RequireAuthorization(AuthSetup.Admin);
        api.MapDelete("/tokens/{id:long}", RevokeAnyTokenAsync).RequireAuthorization(AuthSetup.Admin);
    }

    public static async Task<IResult> PasswordGrantAsync(PasswordGrant body, PasswordSignIn signIn, RapportDb db, TimeProvider time, CancellationToken ct)
    {
        var validation = new Validation()
            .Required("email", body.Email, 254)
            .Required("password", body.Password, Passwords.MaxLength)
            .Required("name", body.Name, 100);
        if (!validation.IsValid)
        {
            return validation.Problem();
        }
        var user = await signIn.SignInAsync(body.Email, body.Password, ct);
        if (user is null)
        {
            return TypedResults.Problem(statusCode: 401, title: "Sign-in failed.", detail: PasswordSignIn.FailureMessage);
        }
        var scope = body.Scope ?? TokenScope.Read;
        if (TokenRules.Refusal(user.Role, TokenScope.Admin, scope) is { } refusal)
        {
            return refusal;
        }
        return await IssueAsync(db, user.Id, body.Name!, scope, time, ct);
    }

    public static async Task<IResult> GetMeAsync(ClaimsPrincipal caller, RapportDb db, CancellationToken ct)
    {
        var user = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == caller.UserId(), ct);
        return user is null ? TypedResults.NotFound() : TypedResults.Ok(ToMe(user, caller));
    }

    public static async Task<IResult> UpdateMeAsync(
        MeUpdate body, ClaimsPrincipal caller, RapportDb db, IPasswordHasher<User> hasher, HttpContext http, TimeProvider time, CancellationToken ct)
    {
        var user = await db.Users.SingleOrDefaultAsync(u => u.Id == caller.UserId(), ct);
        if (user is null)
        {
            return TypedResults.NotFound();
        }
        var validation = new Validation();
        if (body.DisplayName is not null)
        {
            validation.Required("display_name", body.DisplayName, 200);
        }
        if (body.Language is not null && !WorkspaceSettings.IsLanguage(body.Language))
        {
            validation.Add("language", $"must be one of {string.Join(", ", WorkspaceSettings.Languages)}.");
        }
        if (body.TimeZone is not null && !IsTimeZone(body.TimeZone))
        {
            validation.Add("time_zone", "is not a known IANA time zone such as Asia/Tehran.");
        }
        if (body.NewPassword is not null)
        {
            validation.CheckNew("new_password", body.NewPassword);
            if (string.IsNullOrEmpty(body.CurrentPassword) || body.CurrentPassword.Length > Passwords.MaxLength || user.PasswordHash is null
                || hasher.VerifyHashedPassword(user, user.PasswordHash, body.CurrentPassword) == PasswordVerificationResult.Failed)
            {
                validation.Add("current_password", "is not your current password.");
            }
        }
        if (!validation.IsValid)
        {
            return validation.Problem();
        }
        user.DisplayName = body.DisplayName?.Trim() ?? user.DisplayName;
        user.Language = body.Language ?? user.Language;
        user.TimeZone = body.TimeZone ?? user.TimeZone;
        if (body.NewPassword is null)
        {
            await db.SaveChangesAsync(ct);
            return TypedResults.Ok(ToMe(user, caller));
        }
        user.PasswordHash = hasher.HashPassword(user, body.NewPassword);
        // Whoever knew the old password may hold a session: end them all (the caller's own is renewed below).
        user.EndSessions();
        await using (var tx = await db.BeginWriteTransactionAsync(ct))
        {
            await db.SaveChangesAsync(ct);
            if (body.RevokeTokens == true)
            {
                var now = time.GetUtcNow().UtcDateTime;
                await db.ApiTokens.Where(t => t.UserId == user.Id && t.RevokedAt == null)
                    .ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedAt, now), ct);
            }
            await tx.CommitAsync(ct);
        }
        if (caller.IsCookieSession())
        {
            await CookieSessions.SignInAsync(http, user);
        }
        return TypedResults.Ok(ToMe(user, caller));
    }

    public static async Task<IResult> ListMyTokensAsync(ClaimsPrincipal caller, RapportDb db, CancellationToken ct)
    {
        var tokens = await db.ApiTokens.AsNoTracking()
            .Where(t => t.UserId == caller.UserId() && t.RevokedAt == null)
            .OrderBy(t => t.Id).ToListAsync(ct);
        return TypedResults.Ok(new Page<TokenResponse>([.. tokens.Select(TokenResponse.From)], null));
    }

    public static async Task<IResult> GetMyTokenAsync(long id, ClaimsPrincipal caller, RapportDb db, CancellationToken ct)
    {
        var token = await db.ApiTokens.AsNoTracking().SingleOrDefaultAsync(t => t.Id == id && t.UserId == caller.UserId(), ct);
        return token is null ? TypedResults.NotFound() : TypedResults.Ok(TokenResponse.From(token));
    }

    public static async Task<IResult> CreateMyTokenAsync(TokenCreate body, ClaimsPrincipal caller, RapportDb db, TimeProvider time, CancellationToken ct)
    {
        var validation = new Validation().Required("name", body.Name, 100);
        if (body.Scope is null)
        {
            validation.Add("scope", "is required: read, write, ingest or admin.");
        }
        if (!validation.IsValid)
        {
            return validation.Problem();
        }
        if (TokenRules.Refusal(caller.Role(), caller.TokenScope(), body.Scope!.Value) is { } refusal)
        {
            return refusal;
        }
        return await IssueAsync(db, caller.UserId(), body.Name!, body.Scope.Value, time, ct);
    }

    public static async Task<IResult> RevokeMyTokenAsync(long id, ClaimsPrincipal caller, RapportDb db, TimeProvider time, CancellationToken ct) =>
        await RevokeAsync(db, db.ApiTokens.Where(t => t.Id == id && t.UserId == caller.UserId()), time, ct);

    public static async Task<IResult> ListAllTokensAsync(RapportDb db, int? limit, string? cursor, [Microsoft.AspNetCore.Mvc.FromQuery(Name = "user_id")] long? userId, CancellationToken ct)
    {
        var validation = new Validation();
        var take = Paging.Limit(limit, validation);
        var after = Paging.Decode(cursor, 1, validation)?[0] ?? 0;
        if (!validation.IsValid)
        {
            return validation.Problem();
        }
        var query = db.ApiTokens.AsNoTracking().Where(t => t.RevokedAt == null && t.Id > after);
        if (userId is not null)
        {
            query = query.Where(t => t.UserId == userId);
        }
        var rows = await query.OrderBy(t => t.Id).Take(take + 1).ToListAsync(ct);
        return TypedResults.Ok(Paging.Of([.. rows.Select(TokenResponse.From)], take, t => Paging.Encode(t.Id)));
    }

    public static async Task<IResult> RevokeAnyTokenAsync(long id, RapportDb db, TimeProvider time, CancellationToken ct) =>
        await RevokeAsync(db, db.ApiTokens.Where(t => t.Id == id), time, ct);

    /// <summary>Revocation needs no cache flush: the token handler reads the row on every request.</summary>
    private static async Task<IResult> RevokeAsync(RapportDb db, IQueryable<ApiToken> query, TimeProvider time, CancellationToken ct)
    {
        var token = await query.SingleOrDefaultAsync(ct);
        if (token is null)
        {
            return TypedResults.NotFound();
        }
        token.Revoke(time.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(ct);
        return TypedResults.NoContent();
    }

    private static async Task<IResult> IssueAsync(RapportDb db, long userId, string name, TokenScope scope, TimeProvider time, CancellationToken ct)
    {
        var (token, secret) = ApiToken.Issue(userId, name, scope, time.GetUtcNow().UtcDateTime);
        db.ApiTokens.Add(token);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/v1/me/tokens/{token.Id}",
            new CreatedTokenResponse(token.Id, token.Name, token.Scope, secret, token.Hint, token.CreatedAt));
    }

    private static MeResponse ToMe(User u, ClaimsPrincipal caller) =>
        new(u.Id, u.Email, u.DisplayName, u.Role, u.Language, u.TimeZone, caller.TokenScope(), u.CreatedAt, u.LastSignInAt);

    private static bool IsTimeZone(string id) =>
        id.Length is > 0 and <= 64 && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) && zone.HasIanaId;
}

/// <summary>Who may hold which token.</summary>
public static class TokenRules
{
    /// <summary>
    /// A 403 when the caller may not mint <paramref name="requested"/>: never broader than the caller's
    /// own scope, admin scope only for admins, ingest never for light agents (who never speak for a customer).
    /// </summary>
    public static IResult? Refusal(Role role, TokenScope callerScope, TokenScope requested)
    {
        if (requested > callerScope)
        {
            return TypedResults.Problem(statusCode: 403, title: "The scope is broader than your own.",
                detail: $"A {callerScope.ToString().ToLowerInvariant()} token cannot create a {requested.ToString().ToLowerInvariant()} token.");
        }
        if (requested == TokenScope.Admin && role != Role.Admin)
        {
            return TypedResults.Problem(statusCode: 403, title: "Only admins can hold admin tokens.");
        }
        if (requested == TokenScope.Ingest && role == Role.LightAgent)
        {
            return TypedResults.Problem(statusCode: 403, title: "Light agents cannot hold ingest tokens.",
                detail: "An ingest token posts messages as the customer; ask an agent or an admin to set up the integration.");
        }
        return null;
    }
}
