using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Localization;
using Rapport.Features.AgentConsole;

namespace Rapport.Features.Accounts;

/// <summary>
/// The few building blocks of the account pages. Everything that came from a user goes through
/// <see cref="E"/>; there is no inline script or style, because the CSP forbids both. The words come
/// from <see cref="AccountText"/> in the current culture, which <see cref="AccountLanguage"/> picked.
/// </summary>
internal static class Html
{
    // Letters of every script stay readable in the page source; markup characters are still encoded.
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    public static string E(string? value) => Encoder.Encode(value ?? "");

    public static IStringLocalizer<AccountText> Text(HttpContext http) =>
        http.RequestServices.GetRequiredService<IStringLocalizer<AccountText>>();

    /// <summary>
    /// A whole page. <paramref name="here"/> is the address the language links reload (with
    /// <c>lang=</c> added); null where reloading would lose what was typed or a one-time secret.
    /// </summary>
    public static IResult Page(HttpContext http, string title, string body, string? here, int status = StatusCodes.Status200OK)
    {
        var t = Text(http);
        var culture = CultureInfo.CurrentUICulture;
        var language = ConsoleCultures.LanguageOf(culture);
        var languages = here is null ? "" : $"""
            <nav class="languages" aria-label="{E(t["Languages"])}"><ul>{string.Concat(WorkspaceSettings.Languages.Select(l => $"""
            <li><a href="{E(QueryHelpers.AddQueryString(here, AccountLanguage.QueryKey, l))}" lang="{l}" hreflang="{l}"{(l == language ? " aria-current=\"true\"" : "")}>{E(t["LanguageName_" + l])}</a></li>
            """))}</ul></nav>
            """;
        return TypedResults.Content($"""
            <!doctype html>
            <html lang="{language}" dir="{(ConsoleCultures.IsRightToLeft(culture) ? "rtl" : "ltr")}">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{E(title)} · {E(t["Brand"])}</title>
            <link rel="stylesheet" href="{StylesheetPath}">
            <link rel="icon" href="/favicon.svg" type="image/svg+xml">
            </head>
            <body>
            {languages}
            <main>
            <h1>{E(title)}</h1>
            {body}
            </main>
            </body>
            </html>
            """, "text/html; charset=utf-8", Encoding.UTF8, status);
    }

    public static string Antiforgery(HttpContext http)
    {
        var tokens = http.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(http);
        return $"""<input type="hidden" name="{E(tokens.FormFieldName)}" value="{E(tokens.RequestToken)}">""";
    }

    /// <summary>A labelled input; its errors (already in the page's language) are tied to it with aria-describedby.</summary>
    public static string Field(string label, string name, string type, string? value, FormErrors errors, string autocomplete, string? hint = null)
    {
        var messages = errors.For(name);
        var describedBy = string.Join(' ', new[] { hint is null ? null : $"{name}-hint", messages.Count > 0 ? $"{name}-error" : null }.OfType<string>());
        var described = (messages.Count > 0 ? """ aria-invalid="true" """ : " ") + (describedBy.Length > 0 ? $"""aria-describedby="{describedBy}" """ : "");
        var valueAttribute = type == "password" ? " " : $""" value="{E(value)}" """;
        var direction = type is "email" or "password" ? """ dir="ltr" """ : """ dir="auto" """;
        var error = messages.Count > 0 ? $"""<p class="field-error" id="{name}-error">{E(string.Join(" ", messages))}</p>""" : "";
        var hintText = hint is null ? "" : $"""<p class="hint" id="{name}-hint">{E(hint)}</p>""";
        return $"""
            <div class="field">
            <label for="{name}">{E(label)}</label>
            <input id="{name}" name="{name}" type="{type}"{valueAttribute}{direction}autocomplete="{autocomplete}"{described}required>
            {hintText}
            {error}
            </div>
            """;
    }

    public static string Alert(string? message) => message is null ? "" : $"""<p class="alert" role="alert">{E(message)}</p>""";

    /// <summary>A translated sentence with user text in it: both encoded, the user text isolated in its own direction.</summary>
    public static string Sentence(string template, params string[] userText) =>
        string.Format(CultureInfo.InvariantCulture, E(template), userText.Select(u => (object)$"<bdi>{E(u)}</bdi>").ToArray());

    public const string StylesheetPath = "/accounts.css";

    public const string Stylesheet = """
        @font-face { font-family: "Vazirmatn"; src: url("/lib/vazirmatn/Vazirmatn-Regular.woff2") format("woff2"); font-weight: 400; font-display: swap; }
        @font-face { font-family: "Vazirmatn"; src: url("/lib/vazirmatn/Vazirmatn-Bold.woff2") format("woff2"); font-weight: 700; font-display: swap; }
        body { font-family: system-ui, "Noto Sans", "Noto Sans Armenian", sans-serif; margin: 0; background: #f6f7f9; color: #1d2430; line-height: 1.5; }
        :root:lang(fa) body { font-family: "Vazirmatn", "Noto Naskh Arabic", system-ui, sans-serif; }
        main { max-width: 36rem; margin: 1rem auto 3rem; padding: 2rem; background: #fff; border-radius: 8px; box-shadow: 0 1px 4px rgba(0,0,0,.08); }
        label { display: block; font-weight: 600; margin-block-end: .25rem; }
        input, select { width: 100%; box-sizing: border-box; padding: .5rem; font: inherit; border: 1px solid #b8c0cc; border-radius: 4px; }
        input[aria-invalid=true] { border-color: #b42318; }
        button { padding: .5rem 1rem; font: inherit; border: 0; border-radius: 4px; background: #2453d4; color: #fff; cursor: pointer; }
        :focus-visible { outline: 3px solid #f59e0b; outline-offset: 2px; }
        .field-error, .alert { color: #b42318; }
        .hint { color: #5b6473; margin: .25rem 0 0; font-size: .9rem; }
        .field { margin-block-end: 1rem; }
        .languages ul { display: flex; justify-content: flex-end; gap: 1rem; list-style: none; margin: 0; padding: 1rem; }
        .languages a { color: #2453d4; }
        .languages a[aria-current] { font-weight: 700; text-decoration: none; color: #1d2430; }
        @media (max-width: 640px) { main { margin: 0; border-radius: 0; padding: 1.25rem; } }
        """;
}

/// <summary>Field errors for a page form, keyed by the input's name, in the page's language.</summary>
internal sealed class FormErrors
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public static FormErrors None { get; } = new();

    public bool Any => _errors.Count > 0;

    public FormErrors Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var list))
        {
            _errors[field] = list = [];
        }
        if (!list.Contains(message))
        {
            list.Add(message);
        }
        return this;
    }

    public IReadOnlyList<string> For(string field) => _errors.TryGetValue(field, out var list) ? list : [];

    /// <summary>
    /// One message per field that failed, worded for people: the domain's checks say what is wrong
    /// in English for the API, <paramref name="message"/> says it in the page's language.
    /// </summary>
    public static FormErrors From(Web.Validation validation, Func<string, string> message)
    {
        var errors = new FormErrors();
        foreach (var field in validation.Errors.Keys)
        {
            errors.Add(field, message(field));
        }
        return errors;
    }
}
