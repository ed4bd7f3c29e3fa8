using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Rapport.Data;
using Rapport.Features.Accounts;
using Rapport.Features.Conversations;
using Rapport.Features.Realtime;
using Rapport.Features.Timeline;
using Rapport.Web;
using Rapport.Web.Auth;

namespace Rapport.Features.AgentConsole.Pages.Conversations;

/// <summary>
/// One conversation, live: its messages and notes, a composer, the controls that change it, and the
/// customer beside it. Rendered first on the server, then interactive over the Blazor circuit,
/// where it follows the realtime bus and the shared presence.
/// </summary>
public sealed partial class ConversationPage
{
    private const string ModeReply = "reply";
    private const string ModeNote = "note";
    private static readonly TimeSpan TypingPause = TimeSpan.FromSeconds(4);
    private static readonly TimeSpan TypingRepeat = TimeSpan.FromSeconds(3);

    [Parameter]
    public long Id { get; set; }

    [CascadingParameter]
    public Task<AuthenticationState>? Authentication { get; set; }

    private ClaimsPrincipal _user = new();
    private ConsoleUserInfo? _me;
    private ConversationPageData? _data;
    private bool _missing;
    private TimeZoneInfo _zone = TimeZoneInfo.Utc;
    private ConversationLive? _live;
    private bool _disposed;
    private IReadOnlyList<AgentRef> _viewers = [];
    private IReadOnlyList<AgentRef> _typing = [];

    private string _mode = ModeReply;
    private string _text = "";
    private readonly List<NamedOption> _mentions = [];
    private readonly List<PickedFile> _files = [];
    private bool _confirmingTransfer;
    private string _thenStatus = "";
    private string? _composerError;
    private bool _inboundWhileWriting;
    private DateTimeOffset _typingSentAt = DateTimeOffset.MinValue;
    private CancellationTokenSource? _typingPause;

    private string _status = "";
    private string _priority = "";
    private string _assignTeam = "";
    private string _assignAgent = "";
    private string _transferTeam = "";
    private string _transferAgent = "";
    private string _reason = "";
    private string _tags = "";
    private string? _controlsError;
    private string? _assignError;
    private string? _transferTargetError;
    private string? _reasonError;
    private string? _tagsError;
    private bool _busy;

    private static CultureInfo Culture => CultureInfo.CurrentCulture;

    private bool CanReply => _me?.Role is not Role.LightAgent && _user.Role() != Role.LightAgent;

    private static IEnumerable<string> AfterSendStatuses =>
        [EnumNames.Of(ConversationStatus.Open), EnumNames.Of(ConversationStatus.Pending), EnumNames.Of(ConversationStatus.OnHold), EnumNames.Of(ConversationStatus.Solved)];

    private ConversationActions Actions => new(Scopes, Authorization, Store, Time);

    protected override async Task OnInitializedAsync()
    {
        _user = Authentication is null ? new ClaimsPrincipal() : (await Authentication).User;
        await using (var scope = Scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<RapportDb>();
            _me = await ConsoleUser.LoadAsync(db, _user.UserId(), CancellationToken.None);
        }
        _zone = _me?.TimeZone ?? TimeZoneInfo.Utc;
        if (!CanReply)
        {
            _mode = ModeNote;
        }
        await LoadAsync(resetControls: true);
        if (RendererInfo.IsInteractive && _data is not null)
        {
            _live = new ConversationLive(Id, new AgentRef(_user.UserId(), _user.Identity?.Name ?? _me?.DisplayName ?? ""),
                Bus, Presence, Hub, Time, OnEventAsync, OnPresenceAsync);
            await _live.StartAsync();
            ReadPresence();
        }
    }

    private async Task LoadAsync(bool resetControls)
    {
        await using var scope = Scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RapportDb>();
        var data = await ConversationPageData.LoadAsync(db, Id, CancellationToken.None);
        _missing = data is null;
        var before = _data?.Conversation;
        _data = data;
        if (data is null)
        {
            return;
        }
        var c = data.Conversation;
        _status = EnumNames.Of(c.Status);
        _priority = EnumNames.Of(c.Priority);
        // Someone else's change to the owner or tags replaces what is shown; a half-written transfer stays.
        if (resetControls || before is null || before.TeamId != c.TeamId || before.AssigneeId != c.AssigneeId)
        {
            _assignTeam = c.TeamId?.ToString(CultureInfo.InvariantCulture) ?? "";
            _assignAgent = c.AssigneeId?.ToString(CultureInfo.InvariantCulture) ?? "";
        }
        if (resetControls || before is null || !before.Tags.SequenceEqual(c.Tags))
        {
            _tags = string.Join(", ", c.Tags);
        }
    }

    private Task OnEventAsync(RealtimeEvent e) => InvokeAsync(async () =>
    {
        if (_disposed)
        {
            return;
        }
        if (e.Kind == ActivityKinds.MessageAdded && e.MessageKind == EnumNames.Of(MessageKind.Inbound) && !string.IsNullOrWhiteSpace(_text))
        {
            _inboundWhileWriting = true;
        }
        await LoadAsync(resetControls: false);
        StateHasChanged();
    });

    private Task OnPresenceAsync() => _disposed ? Task.CompletedTask : InvokeAsync(() =>
    {
        if (!_disposed)
        {
            ReadPresence();
            StateHasChanged();
        }
    });

    private void ReadPresence()
    {
        _viewers = _live?.OtherViewers ?? [];
        _typing = _live?.OthersTyping ?? [];
    }

    /// <summary>Tells the others this agent is writing, at most every few seconds, and that they stopped after a pause.</summary>
    private async Task WritingAsync()
    {
        _composerError = null;
        if (_live is null)
        {
            return;
        }
        if (_typingPause is not null)
        {
            await _typingPause.CancelAsync();
            _typingPause.Dispose();
        }
        var pause = _typingPause = new CancellationTokenSource();
        var now = Time.GetUtcNow();
        if (now - _typingSentAt >= TypingRepeat)
        {
            _typingSentAt = now;
            await _live.TypingAsync(true);
        }
        _ = Task.Delay(TypingPause, pause.Token).ContinueWith(t =>
        {
            if (!t.IsCanceled && !_disposed)
            {
                _ = InvokeAsync(StoppedTypingAsync);
            }
        }, TaskScheduler.Default);
    }

    private IReadOnlyList<NamedOption> PickedMentions => [.. _mentions.Where(a => _text.Contains("@" + a.Name, StringComparison.Ordinal))];

    private void PickMention(NamedOption agent)
    {
        _text = ComposerMentions.Insert(_text, agent);
        if (!_mentions.Contains(agent))
        {
            _mentions.Add(agent);
        }
    }

    private async Task StoppedTypingAsync()
    {
        _typingSentAt = DateTimeOffset.MinValue;
        if (_live is not null)
        {
            await _live.TypingAsync(false);
        }
    }

    private async Task SendAsync()
    {
        if (string.IsNullOrWhiteSpace(_text) && _files.Count == 0)
        {
            _composerError = T["Error_TextRequired"].Value;
            return;
        }
        var files = _files.Count == 0 ? null : _files.Select(f => f.ToUpload()).ToList();
        ConversationStatus? then = EnumNames.TryParse<ConversationStatus>(_thenStatus, out var s) ? s : null;
        var reply = _mode == ModeReply && CanReply;
        var outcome = await RunAsync(() => reply
            ? Actions.ReplyAsync(_user, Id, _text, then, CancellationToken.None, files)
            : Actions.NoteAsync(_user, Id, _text, then, CancellationToken.None, ComposerMentions.Resolve(_text, _mentions), files));
        if (outcome.Done)
        {
            _text = "";
            _mentions.Clear();
            _files.Clear();
            _thenStatus = "";
            _inboundWhileWriting = false;
            await StoppedTypingAsync();
        }
        else
        {
            _composerError = outcome.FieldError("body_text") ?? outcome.FieldError("mentions")
                ?? outcome.FieldErrors.Where(e => e.Key.StartsWith("attachments", StringComparison.Ordinal)).Select(e => string.Join(" ", e.Value)).FirstOrDefault()
                ?? ErrorText(outcome);
        }
    }

    private async Task ChangeStatusAsync()
    {
        if (EnumNames.TryParse<ConversationStatus>(_status, out var status))
        {
            var outcome = await RunAsync(() => Actions.SetStatusAsync(_user, Id, status, CancellationToken.None));
            _controlsError = outcome.Done ? null : ErrorText(outcome);
        }
    }

    private async Task ChangePriorityAsync()
    {
        if (EnumNames.TryParse<Priority>(_priority, out var priority))
        {
            var outcome = await RunAsync(() => Actions.SetPriorityAsync(_user, Id, priority, CancellationToken.None));
            _controlsError = outcome.Done ? null : ErrorText(outcome);
        }
    }

    private async Task AssignAsync()
    {
        var outcome = await RunAsync(() => Actions.AssignAsync(_user, Id, IdOf(_assignTeam), IdOf(_assignAgent), CancellationToken.None));
        _assignError = outcome.Done ? null : outcome.FieldError("team_id") ?? outcome.FieldError("assignee_id") ?? ErrorText(outcome);
    }

    private async Task TransferAsync()
    {
        var team = IdOf(_transferTeam);
        var agent = IdOf(_transferAgent);
        _reasonError = string.IsNullOrWhiteSpace(_reason) ? T["Error_ReasonRequired"].Value
            : _reason.Length > Conversation.MaxReasonLength ? Format(T["Error_TooLong"], Number(Conversation.MaxReasonLength)) : null;
        _transferTargetError = team is null && agent is null ? T["Error_TransferTarget"].Value : null;
        if (_reasonError is not null || _transferTargetError is not null)
        {
            return;
        }
        // The third transfer and beyond need a second, deliberate click: the customer is being bounced.
        if (_data?.Conversation.TransferCount >= 2 && !_confirmingTransfer)
        {
            _confirmingTransfer = true;
            return;
        }
        _confirmingTransfer = false;
        var outcome = await RunAsync(() => Actions.TransferAsync(_user, Id, team, agent, _reason, CancellationToken.None));
        if (outcome.Done)
        {
            _reason = "";
            _transferTeam = "";
            _transferAgent = "";
            return;
        }
        _reasonError = outcome.FieldError("reason");
        _transferTargetError = outcome.FieldError("team_id") ?? outcome.FieldError("assignee_id")
            ?? (_reasonError is null ? ErrorText(outcome) : null);
    }

    private async Task SaveTagsAsync()
    {
        var tags = _tags.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
        var outcome = await RunAsync(() => Actions.SetTagsAsync(_user, Id, tags, CancellationToken.None));
        _tagsError = outcome.Done ? null
            : outcome.FieldErrors.Count > 0 ? string.Join(" ", outcome.FieldErrors.SelectMany(e => e.Value)) : ErrorText(outcome);
    }

    /// <summary>Runs one change and shows the conversation as it is afterwards (the realtime event may come later).</summary>
    private async Task<ActionOutcome> RunAsync(Func<Task<ActionOutcome>> change)
    {
        _busy = true;
        try
        {
            var outcome = await change();
            await LoadAsync(resetControls: false);
            return outcome;
        }
        finally
        {
            _busy = false;
        }
    }

    /// <summary>The agent's language for the errors the console knows; the API's own words for the rest.</summary>
    private string ErrorText(ActionOutcome outcome)
    {
        var known = T["Error_" + outcome.ErrorCode];
        return !known.ResourceNotFound ? known.Value : outcome.Error ?? T["Error_problem"];
    }

    private static long? IdOf(string value) =>
        long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;

    private static IEnumerable<string> StatusChoices(ConversationStatus current)
    {
        var choices = new List<ConversationStatus>();
        if (current == ConversationStatus.New)
        {
            choices.Add(ConversationStatus.New);
        }
        choices.AddRange([ConversationStatus.Open, ConversationStatus.Pending, ConversationStatus.OnHold, ConversationStatus.Solved]);
        if (current is ConversationStatus.Solved or ConversationStatus.Closed)
        {
            choices.Add(ConversationStatus.Closed);
        }
        return choices.Select(EnumNames.Of);
    }

    private string When(DateTime utc) => ConsoleFormat.DateTime(utc, _zone, Culture, C["DateTimeFormat"]);

    private static string Number(long value) => ConsoleFormat.Number(value, Culture);

    private static string Format(string template, params object[] values) => string.Format(Culture, template, values);

    private static string Names(IReadOnlyList<AgentRef> agents) => string.Join(", ", agents.Select(a => a.Name));

    private string Size(long bytes) => bytes < 1024 ? Format(T["Bytes"], Number(bytes))
        : bytes < 1024 * 1024 ? Format(T["KiloBytes"], Number((bytes + 1023) / 1024))
        : Format(T["MegaBytes"], Number((bytes + 1024 * 1024 - 1) / (1024 * 1024)));

    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        if (_typingPause is not null)
        {
            await _typingPause.CancelAsync();
            _typingPause.Dispose();
        }
        if (_live is not null)
        {
            await _live.DisposeAsync();
        }
    }
}
