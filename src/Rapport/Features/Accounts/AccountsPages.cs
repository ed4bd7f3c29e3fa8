using System.Security.Claims;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Rapport.Data;
using Rapport.Web;
using Rapport.Web.Auth;
using static Rapport.Features.Accounts.Html;

namespace Rapport.Features.Accounts;

/// <summary>
/// Sign-in, the first-admin setup, accepting an invite, and a small account page for API tokens.
/// Plain server-rendered HTML until the console arrives; forms carry an antiforgery token, which
/// minimal APIs check for every <c>[FromForm]</c> endpoint.
/// </summary>
public static class AccountsPages
{
    /// <summary>Where a person lands after signing in: the console's inbox.</summary>
    public const string ConsoleHome = "/";

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet(StylesheetPath, () => TypedResults.Text(Stylesheet, "text/css; charset=utf-8")).AllowAnonymous();

        var pages = app.MapGroup("").RequireRateLimiting(RateLimits.Public).ExcludeFromDescription();
        pages.MapGet("/signin", SignInForm).AllowAnonymous();
        pages.MapPost("/signin", SignInAsync).AllowAnonymous();
        pages.MapPost("/signout", SignOutAsync).AllowAnonymous();
        pages.MapGet("/setup", SetupFormAsync).AllowAnonymous();
        pages.MapPost("/setup", SetupAsync).AllowAnonymous();
        pages.MapGet("/invite", InviteFormAsync).AllowAnonymous();
        pages.MapPost("/invite", AcceptInviteAsync).AllowAnonymous();
        pages.MapGet("/account", AccountAsync).RequireAuthorization(AuthSetup.Read);
        pages.MapPost("/account/tokens", CreateTokenAsync).RequireAuthorization(AuthSetup.Write);
        pages.MapPost("/account/tokens/{id:long}/revoke", RevokeTokenAsync).RequireAuthorization(AuthSetup.Write);
    }

    public static IResult SignInForm(HttpContext http, string? returnUrl) =>
        SignInPage(http, null, returnUrl, FormErrors.None, null);

    public static async Task<IResult> SignInAsync(
        HttpContext http, PasswordSignIn signIn,
        [FromForm] string? email, [FromForm] string? password, [FromForm] string? returnUrl)
    {
        var validation = new Validation().Required("email", email, 254).Required("password", password, Passwords.MaxLength);
        if (!validation.IsValid)
        {
            return SignInPage(http, email, returnUrl, FormErrors.From(validation), null, StatusCodes.Status400BadRequest);
        }
        var user = await signIn.SignInAsync(email, password, http.RequestAborted);
        if (user is null)
        {
            return SignInPage(http, email, returnUrl, FormErrors.None, PasswordSignIn.FailureMessage, StatusCodes.Status401Unauthorized);
        }
        await SignInCookieAsync(http, user);
        return TypedResults.Redirect(IsLocalUrl(returnUrl) ? returnUrl! : ConsoleHome);
    }

    public static async Task<IResult> SignOutAsync(HttpContext http, IAntiforgery antiforgery)
    {
        if (!await antiforgery.IsRequestValidAsync(http))
        {
            return FormExpired();
        }
        await http.SignOutAsync(AuthSetup.CookieScheme);
        return TypedResults.Redirect("/signin");
    }

    public static async Task<IResult> SetupFormAsync(HttpContext http, SetupToken setup, string? token) =>
        await setup.IsValidAsync(token, http.RequestAborted) ? SetupPage(http, token!, null, null, FormErrors.None) : InvalidLink();

    public static async Task<IResult> SetupAsync(
        HttpContext http, SetupToken setup, RapportDb db,
        [FromForm] string? token, [FromForm] string? email, [FromForm(Name = "display_name")] string? displayName, [FromForm] string? password)
    {
        if (!await setup.IsValidAsync(token, http.RequestAborted))
        {
            return InvalidLink();
        }
        var validation = new Validation()
            .Required("email", email, 254).Email("email", email)
            .Required("display_name", displayName, 200)
            .CheckNew("password", password);
        if (validation.IsValid && await db.Users.AnyAsync(u => u.Email == User.NormaliseEmail(email!), http.RequestAborted))
        {
            validation.Add("email", "already belongs to an account.");
        }
        if (!validation.IsValid)
        {
            return SetupPage(http, token!, email, displayName, FormErrors.From(validation), StatusCodes.Status400BadRequest);
        }
        var admin = await setup.CompleteAsync(token, email!, displayName!, password!, http.RequestAborted);
        if (admin is null)
        {
            return InvalidLink();
        }
        await SignInCookieAsync(http, admin);
        return TypedResults.Redirect(ConsoleHome);
    }

    public static async Task<IResult> InviteFormAsync(HttpContext http, RapportDb db, TimeProvider time, string? token)
    {
        var invite = await FindInviteAsync(db, token, time, http.RequestAborted);
        return invite is null ? InvalidLink() : InvitePage(http, token!, invite.User!, FormErrors.None);
    }

    public static async Task<IResult> AcceptInviteAsync(
        HttpContext http, RapportDb db, TimeProvider time, IPasswordHasher<User> hasher,
        [FromForm] string? token, [FromForm] string? password, [FromForm(Name = "password_confirmation")] string? passwordConfirmation)
    {
        var invite = await FindInviteAsync(db, token, time, http.RequestAborted);
        if (invite is null)
        {
            return InvalidLink();
        }
        var validation = new Validation().CheckNew("password", password);
        if (password != passwordConfirmation)
        {
            validation.Add("password_confirmation", "does not match the password.");
        }
        if (!validation.IsValid)
        {
            return InvitePage(http, token!, invite.User!, FormErrors.From(validation), StatusCodes.Status400BadRequest);
        }
        var now = time.GetUtcNow().UtcDateTime;
        var user = invite.User!;
        user.PasswordHash = hasher.HashPassword(user, password!);
        user.RecordSignIn(now);
        invite.Use(now);
        await db.SaveChangesAsync(http.RequestAborted);
        await SignInCookieAsync(http, user);
        return TypedResults.Redirect(ConsoleHome);
    }

    public static async Task<IResult> AccountAsync(HttpContext http, ClaimsPrincipal caller, RapportDb db) =>
        await AccountPageAsync(http, caller, db, null, null, FormErrors.None);

    public static async Task<IResult> CreateTokenAsync(
        HttpContext http, ClaimsPrincipal caller, RapportDb db, TimeProvider time,
        [FromForm] string? name, [FromForm] string? scope)
    {
        var validation = new Validation().Required("name", name, 100);
        TokenScope? requested = scope switch { "read" => TokenScope.Read, "write" => TokenScope.Write, "admin" => TokenScope.Admin, _ => null };
        if (requested is null)
        {
            validation.Add("scope", "must be read, write or admin.");
        }
        else if (TokenRules.Refusal(caller.Role(), caller.TokenScope(), requested.Value) is not null)
        {
            validation.Add("scope", "is broader than you may hold.");
        }
        if (!validation.IsValid)
        {
            return await AccountPageAsync(http, caller, db, null, name, FormErrors.From(validation), StatusCodes.Status400BadRequest);
        }
        var (token, secret) = ApiToken.Issue(caller.UserId(), name!, requested!.Value, time.GetUtcNow().UtcDateTime);
        db.ApiTokens.Add(token);
        await db.SaveChangesAsync(http.RequestAborted);
        return await AccountPageAsync(http, caller, db, secret, null, FormErrors.None);
    }

    public static async Task<IResult> RevokeTokenAsync(long id, HttpContext http, ClaimsPrincipal caller, RapportDb db, TimeProvider time, IAntiforgery antiforgery)
    {
        if (!await antiforgery.IsRequestValidAsync(http))
        {
            return FormExpired();
        }
        var token = await db.ApiTokens.SingleOrDefaultAsync(t => t.Id == id && t.UserId == caller.UserId(), http.RequestAborted);
        if (token is null)
        {
            return Page("Not found", "<p>There is no such token.</p>", StatusCodes.Status404NotFound);
        }
        token.Revoke(time.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(http.RequestAborted);
        return TypedResults.Redirect("/account");
    }

    /// <summary>
    /// Only a path on this site: "//evil.example" and "/\evil.example" are read by browsers as
    /// another host, and control characters can smuggle one in.
    /// </summary>
    public static bool IsLocalUrl(string? url) =>
        !string.IsNullOrEmpty(url) && url.Length <= 2000 && url[0] == '/'
        && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'))
        && !url.Any(c => char.IsControl(c) || c == '\\');

    private static async Task SignInCookieAsync(HttpContext http, User user)
    {
        var identity = RapportClaims.Identity(user.Id, user.DisplayName, user.Role, TokenScope.Admin, AuthSetup.CookieScheme);
        await http.SignInAsync(AuthSetup.CookieScheme, new ClaimsPrincipal(identity));
    }

    private static async Task<UserInvite?> FindInviteAsync(RapportDb db, string? token, TimeProvider time, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 100)
        {
            return null;
        }
        var hash = OneTimeSecret.Hash(token);
        var invite = await db.UserInvites.Include(i => i.User).SingleOrDefaultAsync(i => i.TokenHash == hash, ct);
        return invite is not null && invite.IsUsableAt(time.GetUtcNow().UtcDateTime) && invite.User!.IsActive ? invite : null;
    }

    private static IResult SignInPage(HttpContext http, string? email, string? returnUrl, FormErrors errors, string? alert, int status = 200) =>
        Page("Sign in", $"""
            {Alert(alert)}
            <form method="post" action="/signin">
            {Antiforgery(http)}
            <input type="hidden" name="returnUrl" value="{E(IsLocalUrl(returnUrl) ? returnUrl : "")}">
            {Field("E-mail", "email", "email", email, errors, "username")}
            {Field("Password", "password", "password", null, errors, "current-password")}
            <p><button type="submit">Sign in</button></p>
            </form>
            """, status);

    private static IResult SetupPage(HttpContext http, string token, string? email, string? name, FormErrors errors, int status = 200) =>
        Page("Create the first admin", $"""
            <p>This link works once. The account you create here can invite everyone else.</p>
            <form method="post" action="/setup">
            {Antiforgery(http)}
            <input type="hidden" name="token" value="{E(token)}">
            {Field("E-mail", "email", "email", email, errors, "username")}
            {Field("Your name", "display_name", "text", name, errors, "name")}
            {Field("Password", "password", "password", null, errors, "new-password")}
            <p>At least {Passwords.MinLength} characters.</p>
            <p><button type="submit">Create admin account</button></p>
            </form>
            """, status);

    private static IResult InvitePage(HttpContext http, string token, User user, FormErrors errors, int status = 200) =>
        Page("Choose your password", $"""
            <p>Welcome, {E(user.DisplayName)}. You sign in as <strong>{E(user.Email)}</strong>.</p>
            <form method="post" action="/invite">
            {Antiforgery(http)}
            <input type="hidden" name="token" value="{E(token)}">
            {Field("Password", "password", "password", null, errors, "new-password")}
            {Field("Password again", "password_confirmation", "password", null, errors, "new-password")}
            <p>At least {Passwords.MinLength} characters.</p>
            <p><button type="submit">Set password</button></p>
            </form>
            """, status);

    private static async Task<IResult> AccountPageAsync(
        HttpContext http, ClaimsPrincipal caller, RapportDb db, string? newSecret, string? tokenName, FormErrors errors, int status = 200)
    {
        var user = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == caller.UserId(), http.RequestAborted);
        if (user is null)
        {
            return TypedResults.Redirect("/signin");
        }
        var tokens = await db.ApiTokens.AsNoTracking().Where(t => t.UserId == user.Id && t.RevokedAt == null)
            .OrderBy(t => t.Id).ToListAsync(http.RequestAborted);
        var antiforgery = Antiforgery(http);
        var rows = string.Concat(tokens.Select(t => $"""
            <tr><td>{E(t.Name)}</td><td>{E(t.Scope.ToString().ToLowerInvariant())}</td><td>{E(t.Hint)}…</td>
            <td>{t.CreatedAt:yyyy-MM-dd HH:mm} UTC</td>
            <td><form class="inline" method="post" action="/account/tokens/{t.Id}/revoke">{antiforgery}<button class="secondary" type="submit">Revoke</button></form></td></tr>
            """));
        var scopes = user.Role == Role.Admin ? new[] { "read", "write", "admin" } : ["read", "write"];
        var options = string.Concat(scopes.Select(s => $"""<option value="{s}">{s}</option>"""));
        var secret = newSecret is null ? "" : $"""
            <section aria-labelledby="new-token">
            <h2 id="new-token">Your new token</h2>
            <p>Copy it now: it is shown only this once.</p>
            <p class="secret">{E(newSecret)}</p>
            </section>
            """;
        var scopeErrors = errors.For("scope");
        return Page("Your account", $"""
            <p>Signed in as <strong>{E(user.DisplayName)}</strong> ({E(user.Email)}), {E(user.Role.ToString().ToLowerInvariant())}.</p>
            <form method="post" action="/signout">{antiforgery}<button class="secondary" type="submit">Sign out</button></form>
            {secret}
            <h2>Create an API token</h2>
            <form method="post" action="/account/tokens">
            {antiforgery}
            {Field("Name", "name", "text", tokenName, errors, "off")}
            <div class="field">
            <label for="scope">Scope</label>
            <select id="scope" name="scope">{options}</select>
            {(scopeErrors.Count > 0 ? $"""<p class="field-error">{E("Scope " + string.Join(" ", scopeErrors))}</p>""" : "")}
            </div>
            <p><button type="submit">Create token</button></p>
            </form>
            <h2>Your API tokens</h2>
            {(tokens.Count == 0 ? "<p>You have no API tokens.</p>" : $"""
            <table>
            <thead><tr><th scope="col">Name</th><th scope="col">Scope</th><th scope="col">Starts with</th><th scope="col">Created</th><th scope="col"><span>Action</span></th></tr></thead>
            <tbody>{rows}</tbody>
            </table>
            """)}
            """, status);
    }

    private static IResult InvalidLink() =>
        Page("Link not valid", "<p>This link is not valid: it has expired, has been used already, or was replaced by a newer one.</p>", StatusCodes.Status404NotFound);

    private static IResult FormExpired() =>
        Page("Form expired", "<p>The form has expired. Go back, reload the page and try again.</p>", StatusCodes.Status400BadRequest);
}
