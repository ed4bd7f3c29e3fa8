using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Rapport.Data;
using Rapport.Web;
using Rapport.Web.Auth;
using static Rapport.Features.Accounts.Html;

namespace Rapport.Features.Accounts;

/// <summary>
/// Sign-in, sign-out, the first-admin setup and accepting an invite: plain server-rendered HTML in
/// the visitor's language (<see cref="AccountLanguage"/>), fast and without the console's circuit.
/// Forms carry an antiforgery token, which minimal APIs check for every <c>[FromForm]</c> endpoint.
/// The signed-in person's own settings and tokens live on the console's profile page.
/// </summary>
public static class AccountsPages
{
    /// <summary>Where a person lands after signing in: the console's inbox.</summary>
    public const string ConsoleHome = "/";

    /// <summary>The console's profile page (language, time zone, password, API tokens).</summary>
    public const string ProfilePath = "/profile";

    public const string ForbiddenPath = "/forbidden";

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet(StylesheetPath, () => TypedResults.Text(Stylesheet, "text/css; charset=utf-8")).AllowAnonymous();

        var pages = app.MapGroup("").RequireRateLimiting(RateLimits.Public).ExcludeFromDescription();
        pages.MapGet("/signin", SignInFormAsync).AllowAnonymous();
        pages.MapPost("/signin", SignInAsync).AllowAnonymous();
        pages.MapPost("/signout", SignOutAsync).AllowAnonymous();
        pages.MapGet("/setup", SetupFormAsync).AllowAnonymous();
        pages.MapPost("/setup", SetupAsync).AllowAnonymous();
        pages.MapGet("/invite", InviteFormAsync).AllowAnonymous();
        pages.MapPost("/invite", AcceptInviteAsync).AllowAnonymous();
        pages.MapGet(ForbiddenPath, (Delegate)ForbiddenAsync).RequireAuthorization(AuthSetup.Read);
        // The old address of the account page.
        app.MapGet("/account", () => TypedResults.Redirect(ProfilePath)).RequireAuthorization(AuthSetup.Read).ExcludeFromDescription();
    }

    public static async Task<IResult> SignInFormAsync(HttpContext http, string? returnUrl)
    {
        AccountLanguage.Use(await AccountLanguage.PickAsync(http));
        return SignInPage(http, null, returnUrl, FormErrors.None, null);
    }

    public static async Task<IResult> SignInAsync(
        HttpContext http, PasswordSignIn signIn,
        [FromForm] string? email, [FromForm] string? password, [FromForm] string? returnUrl)
    {
        AccountLanguage.Use(await AccountLanguage.PickAsync(http));
        var t = Text(http);
        var validation = new Validation().Required("email", email, 254).Required("password", password, Passwords.MaxLength);
        if (!validation.IsValid)
        {
            var errors = FormErrors.From(validation, field => t["Error_signin_" + field]);
            return SignInPage(http, email, returnUrl, errors, null, StatusCodes.Status400BadRequest);
        }
        var user = await signIn.SignInAsync(email, password, http.RequestAborted);
        if (user is null)
        {
            return SignInPage(http, email, returnUrl, FormErrors.None, t["SignIn_Failed"], StatusCodes.Status401Unauthorized);
        }
        await CookieSessions.SignInAsync(http, user);
        return TypedResults.Redirect(IsLocalUrl(returnUrl) ? returnUrl! : ConsoleHome);
    }

    /// <summary>
    /// Signing out ends every session of the person, on every device (a copy of this cookie included),
    /// and keeps their language for the sign-in page that follows.
    /// </summary>
    public static async Task<IResult> SignOutAsync(HttpContext http, IAntiforgery antiforgery, RapportDb db)
    {
        var language = AccountLanguage.Use(await AccountLanguage.PickAsync(http));
        if (!await antiforgery.IsRequestValidAsync(http))
        {
            return FormExpired(http);
        }
        if (http.User.IsCookieSession())
        {
            await CookieSessions.EndAllAsync(db, http.User.UserId(), http.RequestAborted);
        }
        await http.SignOutAsync(AuthSetup.CookieScheme);
        AccountLanguage.Remember(http, language);
        return TypedResults.Redirect("/signin");
    }

    public static async Task<IResult> SetupFormAsync(HttpContext http, SetupToken setup, string? token)
    {
        AccountLanguage.Use(await AccountLanguage.PickAsync(http));
        return await setup.IsValidAsync(token, http.RequestAborted) ? SetupPage(http, token!, null, null, FormErrors.None) : InvalidLink(http);
    }

    public static async Task<IResult> SetupAsync(
        HttpContext http, SetupToken setup, RapportDb db,
        [FromForm] string? token, [FromForm] string? email, [FromForm(Name = "display_name")] string? displayName, [FromForm] string? password)
    {
        AccountLanguage.Use(await AccountLanguage.PickAsync(http));
        if (!await setup.IsValidAsync(token, http.RequestAborted))
        {
            return InvalidLink(http);
        }
        var validation = new Validation()
            .Required("email", email, 254).Email("email", email)
            .Required("display_name", displayName, 200)
            .CheckNew("password", password);
        var errors = FormErrors.From(validation, field => NewAccountError(http, field));
        if (validation.IsValid && await db.Users.AnyAsync(u => u.Email == User.NormaliseEmail(email!), http.RequestAborted))
        {
            errors.Add("email", Text(http)["Error_email_taken"]);
        }
        if (errors.Any)
        {
            return SetupPage(http, token!, email, displayName, errors, StatusCodes.Status400BadRequest);
        }
        var admin = await setup.CompleteAsync(token, email!, displayName!, password!, http.RequestAborted);
        if (admin is null)
        {
            return InvalidLink(http);
        }
        await CookieSessions.SignInAsync(http, admin);
        return TypedResults.Redirect(ConsoleHome);
    }

    public static async Task<IResult> InviteFormAsync(HttpContext http, RapportDb db, TimeProvider time, string? token)
    {
        AccountLanguage.Use(await AccountLanguage.PickAsync(http));
        var invite = await FindInviteAsync(db, token, time, http.RequestAborted);
        return invite is null ? InvalidLink(http) : InvitePage(http, token!, invite.User!, FormErrors.None);
    }

    public static async Task<IResult> AcceptInviteAsync(
        HttpContext http, RapportDb db, TimeProvider time, IPasswordHasher<User> hasher,
        [FromForm] string? token, [FromForm] string? password, [FromForm(Name = "password_confirmation")] string? passwordConfirmation)
    {
        AccountLanguage.Use(await AccountLanguage.PickAsync(http));
        var invite = await FindInviteAsync(db, token, time, http.RequestAborted);
        if (invite is null)
        {
            return InvalidLink(http);
        }
        var validation = new Validation().CheckNew("password", password);
        if (password != passwordConfirmation)
        {
            validation.Add("password_confirmation", "does not match the password.");
        }
        if (!validation.IsValid)
        {
            return InvitePage(http, token!, invite.User!, FormErrors.From(validation, field => NewAccountError(http, field)), StatusCodes.Status400BadRequest);
        }
        var now = time.GetUtcNow().UtcDateTime;
        var user = invite.User!;
        user.PasswordHash = hasher.HashPassword(user, password!);
        // A new password ends any session the account still had.
        user.EndSessions();
        user.RecordSignIn(now);
        invite.Use(now);
        await db.SaveChangesAsync(http.RequestAborted);
        await CookieSessions.SignInAsync(http, user);
        return TypedResults.Redirect(ConsoleHome);
    }

    public static async Task<IResult> ForbiddenAsync(HttpContext http)
    {
        AccountLanguage.Use(await AccountLanguage.PickAsync(http));
        return ForbiddenPage(http);
    }

    /// <summary>
    /// What a signed-in person gets from a page their role does not allow (an agent opening an admin
    /// page): a 403 with a way back, in their language, instead of a redirect to a page that does not exist.
    /// </summary>
    public static async Task WriteForbiddenAsync(HttpContext http)
    {
        AccountLanguage.Use(await AccountLanguage.PickAsync(http));
        await ForbiddenPage(http).ExecuteAsync(http);
    }

    /// <summary>
    /// Only a path on this site: "//evil.example" and "/\evil.example" are read by browsers as
    /// another host, and control characters can smuggle one in.
    /// </summary>
    public static bool IsLocalUrl(string? url) =>
        !string.IsNullOrEmpty(url) && url.Length <= 2000 && url[0] == '/'
        && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'))
        && !url.Any(c => char.IsControl(c) || c == '\\');

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

    private static string NewAccountError(HttpContext http, string field) =>
        string.Format(System.Globalization.CultureInfo.CurrentCulture, Text(http)["Error_" + field], Passwords.MinLength);

    private static IResult SignInPage(HttpContext http, string? email, string? returnUrl, FormErrors errors, string? alert, int status = 200)
    {
        var t = Text(http);
        var local = IsLocalUrl(returnUrl) ? returnUrl : null;
        return Page(http, t["SignIn_Title"], $"""
            {Alert(alert)}
            <form method="post" action="/signin" novalidate>
            {Antiforgery(http)}
            <input type="hidden" name="returnUrl" value="{E(local ?? "")}">
            {Field(t["Field_email"], "email", "email", email, errors, "username")}
            {Field(t["Field_password"], "password", "password", null, errors, "current-password")}
            <p><button type="submit">{E(t["SignIn_Button"])}</button></p>
            </form>
            """, local is null ? "/signin" : QueryHelpers.AddQueryString("/signin", "returnUrl", local), status);
    }

    private static IResult SetupPage(HttpContext http, string token, string? email, string? name, FormErrors errors, int status = 200)
    {
        var t = Text(http);
        var hint = string.Format(System.Globalization.CultureInfo.CurrentCulture, t["PasswordHint"], Passwords.MinLength);
        return Page(http, t["Setup_Title"], $"""
            <p>{E(t["Setup_Intro"])}</p>
            <form method="post" action="/setup" novalidate>
            {Antiforgery(http)}
            <input type="hidden" name="token" value="{E(token)}">
            {Field(t["Field_email"], "email", "email", email, errors, "username")}
            {Field(t["Field_display_name"], "display_name", "text", name, errors, "name")}
            {Field(t["Field_password"], "password", "password", null, errors, "new-password", hint)}
            <p><button type="submit">{E(t["Setup_Button"])}</button></p>
            </form>
            """, status == 200 ? QueryHelpers.AddQueryString("/setup", "token", token) : null, status);
    }

    private static IResult InvitePage(HttpContext http, string token, User user, FormErrors errors, int status = 200)
    {
        var t = Text(http);
        var hint = string.Format(System.Globalization.CultureInfo.CurrentCulture, t["PasswordHint"], Passwords.MinLength);
        return Page(http, t["Invite_Title"], $"""
            <p>{Sentence(t["Invite_Welcome"], user.DisplayName, user.Email)}</p>
            <form method="post" action="/invite" novalidate>
            {Antiforgery(http)}
            <input type="hidden" name="token" value="{E(token)}">
            {Field(t["Field_password"], "password", "password", null, errors, "new-password", hint)}
            {Field(t["Field_password_confirmation"], "password_confirmation", "password", null, errors, "new-password")}
            <p><button type="submit">{E(t["Invite_Button"])}</button></p>
            </form>
            """, QueryHelpers.AddQueryString("/invite", "token", token), status);
    }

    private static IResult ForbiddenPage(HttpContext http)
    {
        var t = Text(http);
        return Page(http, t["Forbidden_Title"], $"""
            <p>{E(t["Forbidden_Text"])}</p>
            <p><a href="{ConsoleHome}">{E(t["Forbidden_Back"])}</a></p>
            """, null, StatusCodes.Status403Forbidden);
    }

    private static IResult InvalidLink(HttpContext http)
    {
        var t = Text(http);
        return Page(http, t["InvalidLink_Title"], $"<p>{E(t["InvalidLink_Text"])}</p>", null, StatusCodes.Status404NotFound);
    }

    private static IResult FormExpired(HttpContext http)
    {
        var t = Text(http);
        return Page(http, t["FormExpired_Title"], $"<p>{E(t["FormExpired_Text"])}</p>", null, StatusCodes.Status400BadRequest);
    }
}
