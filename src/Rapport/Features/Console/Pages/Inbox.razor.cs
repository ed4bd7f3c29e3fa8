using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.EntityFrameworkCore;
using Rapport.Data;
using Rapport.Features.Conversations;
using Rapport.Features.Realtime;
using Rapport.Web;
using Rapport.Web.Auth;

namespace Rapport.Features.AgentConsole.Pages;

/// <summary>
/// The inbox: a view with its counts, filters, search and sort from the URL, one page of
/// conversations, bulk changes to the rows selected, and, once interactive, live: any committed
/// conversation change reloads the counts and the page (a short pause gathers a burst into one reload).
/// </summary>
public sealed partial class Inbox
{
    private static readonly TimeSpan ReloadPause = TimeSpan.FromMilliseconds(250);

    [SupplyParameterFromQuery(Name = "view")] public string? View { get; set; }
    [SupplyParameterFromQuery(Name = "status")] public string? Status { get; set; }
    [SupplyParameterFromQuery(Name = "priority")] public string? PriorityName { get; set; }
    [SupplyParameterFromQuery(Name = "team")] public string? Team { get; set; }
    [SupplyParameterFromQuery(Name = "assignee")] public string? Assignee { get; set; }
    [SupplyParameterFromQuery(Name = "tag")] public string? Tag { get; set; }
    [SupplyParameterFromQuery(Name = "channel")] public string? ChannelName { get; set; }
    [SupplyParameterFromQuery(Name = "customer")] public string? Customer { get; set; }
    [SupplyParameterFromQuery(Name = "q")] public string? Q { get; set; }
    [SupplyParameterFromQuery(Name = "sort")] public string? Sort { get; set; }
    [SupplyParameterFromQuery(Name = "order")] public string? Order { get; set; }
    [SupplyParameterFromQuery(Name = "cursor")] public string? Cursor { get; set; }

    [CascadingParameter]
    public Task<AuthenticationState>? Authentication { get; set; }

    private ClaimsPrincipal _user = new();
    private ConsoleUserInfo? _me;
    private InboxFilter _filter = new(InboxViews.Mine);
    private ConversationOrder _order = ConversationOrder.Default;
    private Page<ConversationSummary>? _page;
    private Dictionary<string, int> _counts = [];
    private Dictionary<long, string> _customerNames = [];
    private Dictionary<long, DateTime> _slaDue = [];
    private List<(long Id, string Name)> _teams = [];
    private List<(long Id, string Name)> _agents = [];
    private List<string> _errors = [];
    private TimeZoneInfo _zone = TimeZoneInfo.Utc;
    private readonly HashSet<long> _selected = [];
    private string _bulkStatus = "";
    private string _bulkAssignee = "";
    private string _bulkTag = "";
    private string? _bulkMessage;
    private bool _busy;
    private bool _interactive;
    private CancellationTokenSource? _live;
    private bool _disposed;

    private static CultureInfo Culture => CultureInfo.CurrentCulture;

    protected override async Task OnParametersSetAsync()
    {
        _user = Authentication is null ? new ClaimsPrincipal() : (await Authentication).User;
        _filter = new InboxFilter(
            InboxViews.All.Contains(View) ? View! : InboxViews.Mine,
            Blank(Status), Blank(PriorityName), Id(Team), Blank(Assignee), Blank(Tag), Blank(ChannelName), Id(Customer),
            Blank(Q), Blank(Sort), Blank(Order), Blank(Cursor));
        _selected.Clear();
        await LoadAsync();
        _interactive = RendererInfo.IsInteractive;
        if (_interactive && _live is null && _me is not null)
        {
            _live = new CancellationTokenSource();
            var events = Bus.Subscribe(_live.Token);
            _ = Task.Run(() => FollowAsync(events, _live.Token));
        }
    }

    private async Task LoadAsync()
    {
        await using var scope = Scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RapportDb>();
        var ct = CancellationToken.None;
        _me = await ConsoleUser.LoadAsync(db, _user.UserId(), ct);
        if (_me is null)
        {
            return;
        }
        _zone = _me.TimeZone;
        _counts = await InboxViews.CountsAsync(db, _me.Id, ct);

        var validation = new Validation();
        var conversations = await InboxViews.QueryAsync(db, _filter.View, _me.Id, validation, ct, _filter);
        _order = ConversationOrder.Parse(_filter.Sort, _filter.Order, validation);
        var after = _order.After(_filter.Cursor, validation);
        _errors = [.. validation.Errors.Where(e => e.Key != "cursor").SelectMany(e => e.Value.Select(m => $"{e.Key}: {m}"))];
        if (!validation.IsValid)
        {
            // A stale or hand-edited cursor shows the first page; a bad filter shows the view unfiltered, with the reason.
            after = null;
            if (_errors.Count > 0)
            {
                conversations = await InboxViews.QueryAsync(db, _filter.View, _me.Id, new Validation(), ct);
                _order = ConversationOrder.Parse(_filter.Sort, _filter.Order, new Validation());
            }
        }
        _page = await _order.PageAsync(conversations, after, Paging.DefaultLimit, ct);
        var ids = _page.Items.Select(c => c.CustomerId).Distinct().ToList();
        _customerNames = await db.Customers.AsNoTracking().Where(c => ids.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.FullName, ct);
        // The page's SLA badges in one read (none without policies); a reload passes them new due times, so live badges follow.
        _slaDue = await Sla.SlaBadges.LoadAsync(db, SlaCache, [.. _page.Items.Select(c => c.Id)], ct);
        _teams = [.. (await db.Teams.AsNoTracking().OrderBy(t => t.Name).Select(t => new { t.Id, t.Name }).ToListAsync(ct)).Select(t => (t.Id, t.Name))];
        // Without the agent themselves: they are "Me" in every list.
        _agents = [.. (await db.Users.AsNoTracking().Where(u => u.IsActive && u.Id != _me.Id).OrderBy(u => u.DisplayName).Select(u => new { u.Id, u.DisplayName }).ToListAsync(ct))
            .Select(u => (u.Id, u.DisplayName))];
    }

    /// <summary>Any conversation's change may move a row or a count: reload, once per burst.</summary>
    private async Task FollowAsync(System.Threading.Channels.ChannelReader<RealtimeEvent> events, CancellationToken ct)
    {
        try
        {
            await foreach (var e in events.ReadAllAsync(ct))
            {
                if (e.ConversationId is null && e.Kind != RealtimeEvent.RefreshKind)
                {
                    continue;
                }
                // Whatever else arrives meanwhile is covered by the one reload after the pause.
                await Task.Delay(ReloadPause, ct);
                while (events.TryRead(out _))
                {
                }
                try
                {
                    await InvokeAsync(async () =>
                    {
                        if (_disposed)
                        {
                            return;
                        }
                        await LoadAsync();
                        // Selected rows stay selected while they are still shown.
                        _selected.IntersectWith(_page?.Items.Select(c => c.Id) ?? []);
                        StateHasChanged();
                    });
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // A failed reload (the database busy a moment) leaves the page as it was; the next event tries again.
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The page closed.
        }
    }

    private void Toggle(long id, ChangeEventArgs e)
    {
        _bulkMessage = null;
        if (e.Value is true)
        {
            _selected.Add(id);
        }
        else
        {
            _selected.Remove(id);
        }
    }

    private void ToggleAll(ChangeEventArgs e)
    {
        _bulkMessage = null;
        if (e.Value is true)
        {
            _selected.UnionWith(_page?.Items.Select(c => c.Id) ?? []);
        }
        else
        {
            _selected.Clear();
        }
    }

    private Task BulkStatusAsync() =>
        EnumNames.TryParse<ConversationStatus>(_bulkStatus, out var status)
            ? RunBulkAsync(new BulkRequest([.. _selected], ConversationsApi.BulkStatus, status, null, null, null, null))
            : Task.CompletedTask;

    private Task BulkAssignAsync()
    {
        long? assignee = long.TryParse(_bulkAssignee, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;
        return RunBulkAsync(new BulkRequest([.. _selected], ConversationsApi.BulkAssign, null, null, assignee, null, null));
    }

    private Task BulkTagAsync(bool add)
    {
        List<string> tags = [_bulkTag.Trim()];
        return RunBulkAsync(new BulkRequest([.. _selected], ConversationsApi.BulkTag, null, null, null, add ? tags : null, add ? null : tags));
    }

    /// <summary>The API's bulk handler, run as the signed-in agent after the same write check as its endpoint.</summary>
    private async Task RunBulkAsync(BulkRequest request)
    {
        _busy = true;
        try
        {
            await using var scope = Scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<RapportDb>();
            var me = await ConsoleUser.LoadAsync(db, _user.UserId(), CancellationToken.None);
            if (me is null || !(await Authorization.AuthorizeAsync(_user, AuthSetup.Write)).Succeeded)
            {
                _bulkMessage = T["Bulk_Forbidden"];
                return;
            }
            var result = await ConversationsApi.Bulk(request, _user, db, Time, CancellationToken.None);
            if (result is Microsoft.AspNetCore.Http.HttpResults.Ok<BulkResponse> { Value: { } response })
            {
                var done = response.Items.Count(i => i.Ok);
                _bulkMessage = string.Format(Culture, T["Bulk_Result"], ConsoleFormat.Number(done, Culture), ConsoleFormat.Number(response.Items.Count - done, Culture));
                _selected.ExceptWith(response.Items.Where(i => i.Ok).Select(i => i.Id));
            }
            else
            {
                _bulkMessage = T["Bulk_Invalid"];
            }
            await LoadAsync();
        }
        finally
        {
            _busy = false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        if (_live is not null)
        {
            await _live.CancelAsync();
            _live.Dispose();
        }
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static long? Id(string? value) => long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;
}
