using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.AspNetCore.Antiforgery;

namespace Rapport.Features.Accounts;

/// <summary>
/// The few building blocks of the account pages. Everything that came from a user goes through
/// <see cref="E"/>; there is no inline script or style, because the CSP forbids both.
/// </summary>
internal static class Html
{
    // Letters of every script stay readable in the page source; markup characters are still encoded.
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    public static string E(string? value) => Encoder.Encode(value ?? "");

    public static IResult Page(string title, string body, int status = StatusCodes.Status200OK) => TypedResults.Content($"""
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{E(title)} · Rapport</title>
        <link rel="stylesheet" href="{StylesheetPath}">
        <link rel="icon" href="/favicon.svg" type="image/svg+xml">
        </head>
        <body>
        <main>
        <h1>{E(title)}</h1>
        {body}
        </main>
        </body>
        </html>
        """, "text/html; charset=utf-8", Encoding.UTF8, status);

    public static string Antiforgery(HttpContext http)
    {
        var tokens = http.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(http);
        return $"""<input type="hidden" name="{E(tokens.FormFieldName)}" value="{E(tokens.RequestToken)}">""";
    }

    public static string Field(string label, string name, string type, string? value, FormErrors errors, string autocomplete, bool required = true)
    {
        var messages = errors.For(name);
        var described = messages.Count > 0 ? $""" aria-invalid="true" aria-describedby="{name}-error" """ : " ";
        var valueAttribute = type == "password" ? " " : $""" value="{E(value)}" """;
        var error = messages.Count > 0 ? $"""<p class="field-error" id="{name}-error">{E(string.Join(" ", messages.Select(m => $"{label} {m}")))}</p>""" : "";
        return $"""
            <div class="field">
            <label for="{name}">{E(label)}</label>
            <input id="{name}" name="{name}" type="{type}"{valueAttribute}autocomplete="{autocomplete}"{described}{(required ? "required" : "")}>
            {error}
            </div>
            """;
    }

    public static string Alert(string? message) => message is null ? "" : $"""<p class="alert" role="alert">{E(message)}</p>""";

    public const string StylesheetPath = "/accounts.css";

    public const string Stylesheet = """
        body { font-family: system-ui, sans-serif; margin: 0; background: #f6f7f9; color: #1d2430; }
        main { max-width: 36rem; margin: 3rem auto; padding: 2rem; background: #fff; border-radius: 8px; box-shadow: 0 1px 4px rgba(0,0,0,.08); }
        label { display: block; font-weight: 600; margin-bottom: .25rem; }
        input, select { width: 100%; box-sizing: border-box; padding: .5rem; font: inherit; border: 1px solid #b8c0cc; border-radius: 4px; }
        input[aria-invalid=true] { border-color: #b42318; }
        button { padding: .5rem 1rem; font: inherit; border: 0; border-radius: 4px; background: #2453d4; color: #fff; cursor: pointer; }
        button.secondary { background: #5b6473; }
        .field-error, .alert { color: #b42318; }
        .secret { font-family: ui-monospace, monospace; word-break: break-all; background: #eef2ff; padding: .5rem; }
        table { width: 100%; border-collapse: collapse; }
        th, td { text-align: start; padding: .4rem; border-bottom: 1px solid #e4e7ec; }
        form.inline { display: inline; }
        .field { margin-bottom: 1rem; }
        """;
}

/// <summary>Field errors for a page form, keyed by the input's name.</summary>
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
        list.Add(message);
        return this;
    }

    public IReadOnlyList<string> For(string field) => _errors.TryGetValue(field, out var list) ? list : [];

    public static FormErrors From(Web.Validation validation)
    {
        var errors = new FormErrors();
        foreach (var (field, messages) in validation.Errors)
        {
            foreach (var message in messages)
            {
                errors.Add(field, message);
            }
        }
        return errors;
    }
}
