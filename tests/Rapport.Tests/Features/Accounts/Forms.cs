using System.Net;
using System.Text.RegularExpressions;

namespace Rapport.Tests.Features.Accounts;

/// <summary>Reads a server-rendered form and posts it back the way a browser would.</summary>
internal static partial class Forms
{
    public const string AntiforgeryField = "__RequestVerificationToken";

    public static async Task<(string Html, string Token)> GetFormAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {url}: {(int)response.StatusCode} {html}");
        var match = AntiforgeryInput().Match(html);
        Assert.True(match.Success, $"No antiforgery field in {url}: {html}");
        return (html, WebUtility.HtmlDecode(match.Groups[1].Value));
    }

    public static Task<HttpResponseMessage> PostAsync(HttpClient client, string url, string? antiforgery, params (string Name, string Value)[] fields)
    {
        var all = fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)).ToList();
        if (antiforgery is not null)
        {
            all.Add(new(AntiforgeryField, antiforgery));
        }
        return client.PostAsync(url, new FormUrlEncodedContent(all));
    }

    /// <summary>Posts a console (Blazor) form: its name travels in <c>_handler</c>, as the rendered form sends it.</summary>
    public static Task<HttpResponseMessage> PostConsoleFormAsync(HttpClient client, string url, string form, string antiforgery, params (string Name, string Value)[] fields) =>
        PostAsync(client, url, antiforgery, [("_handler", form), .. fields]);

    /// <summary>Signs in a new client as <paramref name="email"/>; returns it with an antiforgery token for console forms.</summary>
    public static async Task<(HttpClient Client, string Antiforgery)> SignedInAsync(Infrastructure.RapportApp app, string email)
    {
        var client = app.CreateClient(null);
        var response = await SignInAsync(client, email, Infrastructure.RapportApp.Password);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var (_, token) = await GetFormAsync(client, "/profile");
        return (client, token);
    }

    /// <summary>Signs <paramref name="client"/> in through the sign-in page and returns the redirect target.</summary>
    public static async Task<HttpResponseMessage> SignInAsync(HttpClient client, string email, string password, string? returnUrl = null)
    {
        var (_, token) = await GetFormAsync(client, "/signin");
        return await PostAsync(client, "/signin", token, ("email", email), ("password", password), ("returnUrl", returnUrl ?? ""));
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryInput();
}
