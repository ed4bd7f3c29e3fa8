using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;
using Rapport.Data;

namespace Rapport.Features.AgentConsole.Pages.Admin;

/// <summary>An admin page: its words are <see cref="AdminText"/>; its route carries the admin policy.</summary>
public abstract class AdminPage : FormPage<AdminText>;

/// <summary>
/// What the admin and profile pages share. They render on the server without a circuit, so each form
/// post is its own request and passes the page's policy on its endpoint before any handler runs.
/// </summary>
public abstract class FormPage<TText> : ComponentBase, IAsyncDisposable
{
    private AsyncServiceScope? _scope;
    private RapportDb? _db;

    [Inject]
    protected IStringLocalizer<TText> T { get; set; } = null!;

    [Inject]
    private IServiceScopeFactory Scopes { get; set; } = null!;

    [Inject]
    private IAuthorizationService Authorization { get; set; } = null!;

    [Inject]
    protected IStringLocalizer<ConsoleText> Shared { get; set; } = null!;

    [Inject]
    protected NavigationManager Navigation { get; set; } = null!;

    [Inject]
    protected ConsoleUser CurrentUser { get; set; } = null!;

    [CascadingParameter]
    public HttpContext? Http { get; set; }

    [SupplyParameterFromQuery(Name = "done")]
    public string? Done { get; set; }

    protected Dictionary<string, string> Errors { get; set; } = [];
    protected string? Problem { get; set; }
    protected TimeZoneInfo Zone { get; private set; } = TimeZoneInfo.Utc;

    /// <summary>
    /// The page's own database context. Other components of the request (the layout, the
    /// navigation) may read the database while the page initialises, and one context must never run
    /// two queries at once, so the page does not share the request's.
    /// </summary>
    protected RapportDb Db => _db ??= (_scope = Scopes.CreateAsyncScope()).Value.ServiceProvider.GetRequiredService<RapportDb>();

    protected static CultureInfo Culture => CultureInfo.CurrentCulture;
    protected CancellationToken Ct => Http?.RequestAborted ?? CancellationToken.None;
    protected ClaimsPrincipal Caller => Http!.User;

    /// <summary>The message for <c>?done=</c>, from the resource <c>Done_{value}</c>.</summary>
    protected string? Flash => Done is { Length: > 0 and <= 40 } done && T["Done_" + done] is { ResourceNotFound: false } text ? text.Value : null;

    protected override async Task OnInitializedAsync()
    {
        Zone = (await CurrentUser.GetAsync(Ct))?.TimeZone ?? TimeZoneInfo.Utc;
        await LoadAsync();
    }

    protected abstract Task LoadAsync();

    /// <summary>A form's value by its name, for the per-row forms that have no bound model.</summary>
    protected string? Form(string name) =>
        Http is { Request.HasFormContentType: true } http ? http.Request.Form[name].ToString() : null;

    /// <summary>
    /// Whether the caller may make a change the page's own policy does not cover (a page anyone
    /// signed in may read, whose forms write): checked again on every post, as the API's endpoint would.
    /// </summary>
    protected async Task<bool> MayAsync(string policy)
    {
        if (Http is not null && (await Authorization.AuthorizeAsync(Http.User, policy)).Succeeded)
        {
            return true;
        }
        Problem = T["Problem_403"];
        SetStatus(StatusCodes.Status403Forbidden);
        return false;
    }

    /// <summary>After a change: a fresh GET of <paramref name="path"/>, saying what was done.</summary>
    protected void Finish(string path, string done) =>
        Navigation.NavigateTo($"{path}{(path.Contains('?', StringComparison.Ordinal) ? '&' : '?')}done={done}");

    /// <summary>Shows a failed call's field errors, or its problem, and answers with its status.</summary>
    protected void Failed(ApiOutcome outcome)
    {
        Errors = outcome.FieldErrors(T);
        if (Errors.Count == 0)
        {
            Problem = outcome.ProblemText(T);
        }
        SetStatus(outcome.Status);
    }

    protected void SetStatus(int status)
    {
        if (Http is { Response.HasStarted: false } http)
        {
            http.Response.StatusCode = status;
        }
    }

    protected string When(DateTime utc) => ConsoleFormat.DateTime(utc, Zone, Culture, Shared["DateTimeFormat"]);

    protected string Number(long value) => ConsoleFormat.Number(value, Culture);

    public async ValueTask DisposeAsync()
    {
        if (_scope is { } scope)
        {
            await scope.DisposeAsync();
        }
        GC.SuppressFinalize(this);
    }
}
