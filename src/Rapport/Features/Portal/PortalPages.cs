using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Rapport.Data;
using Rapport.Features.Accounts;
using Rapport.Features.AgentConsole;
using Rapport.Features.Conversations;
using Rapport.Features.Promises;
using Rapport.Features.Sla;
using Rapport.Web;
using static Rapport.Features.Accounts.Html;

namespace Rapport.Features.Portal;

/// <summary>
/// What a customer sees without signing in: a conversation's status page, reached only through the
/// signed link in its acknowledgement (<see cref="StatusLinks"/>), and the workspace's published
/// service standards. Plain server-rendered HTML under the same strict CSP as every page, in the
/// customer's language, rate-limited per address. Only what the customer was told or may know is
/// shown: the subject, the status in plain words, the standard, the promises made to them. Never
/// notes, agents, tags or anything else agents keep for themselves.
/// </summary>
public static class PortalPages
{
    public const string StandardsPath = "/standards";

    public static void MapPortalPages(this IEndpointRouteBuilder app)
    {
        var pages = app.MapGroup("").RequireRateLimiting(RateLimits.Public).AllowAnonymous().ExcludeFromDescription();
        pages.MapGet(StatusLinks.PathPrefix + "{token}", StatusAsync);
        pages.MapGet(StandardsPath, StandardsAsync);
    }

    public static async Task<IResult> StatusAsync(string token, HttpContext http, StatusLinks links, RapportDb db, SlaPolicyCache policies,
        IStringLocalizer<StandardsText> standards, IStringLocalizer<PortalText> t, CancellationToken ct)
    {
        NoStore(http);
        var conversation = links.Read(token) is { } id
            ? await db.Conversations.AsNoTracking().Where(c => c.Id == id)
                .Select(c => new { c.Id, c.Subject, c.Status, c.Priority, c.Customer!.Language, c.Customer.TimeZone }).SingleOrDefaultAsync(ct)
            : null;
        if (conversation is null)
        {
            AccountLanguage.Use(await AccountLanguage.PickAsync(http));
            return Page(http, t["NotFound_Title"], $"<p>{E(t["NotFound_Text"])}</p>", null, StatusCodes.Status404NotFound);
        }
        var language = AccountLanguage.Use(Asked(http) ?? Own(conversation.Language) ?? await AccountLanguage.PickAsync(http));
        var culture = CultureInfo.CurrentCulture;
        var lines = await ServiceStandards.ForConversationAsync(db, policies, conversation.Id, conversation.Priority, standards, language, ct);
        var promises = await db.Promises.AsNoTracking()
            .Where(p => p.ConversationId == conversation.Id && p.State != PromiseState.Cancelled)
            .OrderBy(p => p.DueAt).Take(50)
            .Select(p => new { p.What, p.DueAt, p.State })
            .ToListAsync(ct);
        var zone = conversation.TimeZone is { } named && TimeZoneInfo.TryFindSystemTimeZoneById(named, out var found) ? found : TimeZoneInfo.Utc;

        var body = new System.Text.StringBuilder();
        // The reference as the mail subjects carry it, so the customer can match the two.
        body.Append(CultureInfo.InvariantCulture, $"""<p class="hint">{Sentence(t["Reference"], Mail.Threading.SubjectToken.For(conversation.Id))}</p>""");
        body.Append(CultureInfo.InvariantCulture, $"""<h2>{E(t["Status_Heading"])}</h2><p class="status" data-status="{EnumNames.Of(conversation.Status)}">{E(t["Status_" + EnumNames.Of(conversation.Status)])}</p>""");
        if (lines.Count > 0)
        {
            body.Append(CultureInfo.InvariantCulture, $"""<h2>{E(t["Standard_Heading"])}</h2><ul class="standard">""");
            body.Append(string.Concat(lines.Select(l => $"<li>{E(l.Text)}</li>"))).Append("</ul>");
        }
        if (promises.Count > 0)
        {
            body.Append(CultureInfo.InvariantCulture, $"""<h2>{E(t["Promises_Heading"])}</h2><ul class="promises">""");
            foreach (var promise in promises)
            {
                var due = ConsoleFormat.DateTime(promise.DueAt, zone, culture, t["DateFormat"]);
                body.Append(CultureInfo.InvariantCulture, $"""
                    <li data-state="{EnumNames.Of(promise.State)}"><bdi>{E(promise.What)}</bdi> — <time datetime="{ConsoleFormat.MachineDateTime(promise.DueAt)}">{E(due)}</time> <span class="state">({E(t["Promise_" + EnumNames.Of(promise.State)])})</span></li>
                    """);
            }
            body.Append("</ul>");
            body.Append(CultureInfo.InvariantCulture, $"""<p class="hint">{Sentence(t["TimeZone"], zone.Id)}</p>""");
        }
        body.Append(CultureInfo.InvariantCulture, $"""<p>{E(t["Answer"])}</p><p><a href="{StandardsPath}?lang={language}">{E(t["Standards_Link"])}</a></p>""");
        return Page(http, conversation.Subject, body.ToString(), StatusLinks.PathPrefix + token);
    }

    public static async Task<IResult> StandardsAsync(HttpContext http, RapportDb db, SlaPolicyCache policies,
        IStringLocalizer<StandardsText> standards, IStringLocalizer<PortalText> t, CancellationToken ct)
    {
        var language = AccountLanguage.Use(await AccountLanguage.PickAsync(http));
        var all = ServiceStandards.All(await policies.GetAsync(db, ct), standards, language).Where(p => p.Lines.Count > 0).ToList();
        var body = all.Count == 0
            ? $"<p>{E(t["Standards_None"])}</p>"
            : $"<p>{E(t["Standards_Intro"])}</p>" + string.Concat(all.Select(p =>
                $"""<section><h2>{E(p.Name)}</h2><ul class="standard">{string.Concat(p.Lines.Select(l => $"<li>{E(l.Text)}</li>"))}</ul></section>"""));
        return Page(http, t["Standards_Title"], body, StandardsPath);
    }

    /// <summary>A language the visitor just picked on the page.</summary>
    private static string? Asked(HttpContext http)
    {
        var asked = http.Request.Query[AccountLanguage.QueryKey].ToString();
        return WorkspaceSettings.IsLanguage(asked) ? asked : null;
    }

    /// <summary>The customer's stored language when it is one of ours ("fa-IR" counts as "fa").</summary>
    public static string? Own(string? language)
    {
        var own = language?.Split('-', '_')[0].ToLowerInvariant();
        return WorkspaceSettings.IsLanguage(own) ? own : null;
    }

    /// <summary>A status page is for one person: no shared cache keeps it, no search engine lists it.</summary>
    private static void NoStore(HttpContext http)
    {
        http.Response.Headers.CacheControl = "no-store";
        http.Response.Headers["X-Robots-Tag"] = "noindex, nofollow";
    }
}
