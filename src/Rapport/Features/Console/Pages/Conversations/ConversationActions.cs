using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Rapport.Data;
using Rapport.Features.Conversations;
using Rapport.Web;
using Rapport.Web.Auth;

namespace Rapport.Features.AgentConsole.Pages.Conversations;

/// <summary>What came of a change: done, or field errors to show at their fields, or one message for the whole form.</summary>
public sealed record ActionOutcome(bool Done, IReadOnlyDictionary<string, string[]> FieldErrors, string? ErrorCode, string? Error)
{
    public static readonly ActionOutcome Ok = new(true, new Dictionary<string, string[]>(), null, null);

    public static ActionOutcome Failed(string code, string? message = null) => new(false, new Dictionary<string, string[]>(), code, message);

    public string? FieldError(string field) => FieldErrors.TryGetValue(field, out var messages) ? string.Join(" ", messages) : null;
}

/// <summary>
/// The console's changes to a conversation. Each one calls the API's own handler with the signed-in
/// agent, so the checks, the entity methods, the activity log and the realtime events are exactly
/// the API's; the write policy is checked here first, as the API's endpoint would. Each change gets
/// its own database scope: a circuit lives long, and a context should not.
/// </summary>
public sealed class ConversationActions(IServiceScopeFactory scopes, IAuthorizationService authorization, AttachmentStore store, TimeProvider time)
{
    public Task<ActionOutcome> ReplyAsync(ClaimsPrincipal user, long id, string text, ConversationStatus? then, CancellationToken ct) =>
        RunAsync(user, db => ConversationsApi.Reply(id, new MessageRequest(null, text, null, null, Status: then), user, db, store, time, ct));

    /// <summary>A note, then the status asked for (a note itself never changes the status).</summary>
    public async Task<ActionOutcome> NoteAsync(ClaimsPrincipal user, long id, string text, ConversationStatus? then, CancellationToken ct)
    {
        var outcome = await RunAsync(user, db => ConversationsApi.Note(id, new MessageRequest(null, text, null, null), user, db, store, time, ct));
        return outcome.Done && then is { } status ? await SetStatusAsync(user, id, status, ct) : outcome;
    }

    public Task<ActionOutcome> SetStatusAsync(ClaimsPrincipal user, long id, ConversationStatus status, CancellationToken ct) =>
        RunAsync(user, db => ConversationsApi.Update(id, new UpdateConversationRequest(null, status, null), user, db, time, ct));

    public Task<ActionOutcome> SetPriorityAsync(ClaimsPrincipal user, long id, Priority priority, CancellationToken ct) =>
        RunAsync(user, db => ConversationsApi.Update(id, new UpdateConversationRequest(null, null, priority), user, db, time, ct));

    public Task<ActionOutcome> AssignAsync(ClaimsPrincipal user, long id, long? teamId, long? assigneeId, CancellationToken ct) =>
        RunAsync(user, db => ConversationsApi.Assign(id, new AssignRequest(teamId, assigneeId), user, db, time, ct));

    public Task<ActionOutcome> TransferAsync(ClaimsPrincipal user, long id, long? teamId, long? assigneeId, string reason, CancellationToken ct) =>
        RunAsync(user, db => ConversationsApi.Transfer(id, new TransferRequest(teamId, assigneeId, reason), user, db, time, ct));

    public Task<ActionOutcome> SetTagsAsync(ClaimsPrincipal user, long id, List<string> tags, CancellationToken ct) =>
        RunAsync(user, db => ConversationsApi.SetTags(id, new TagsRequest(tags), user, db, time, ct));

    private async Task<ActionOutcome> RunAsync(ClaimsPrincipal user, Func<RapportDb, Task<IResult>> change)
    {
        if (!(await authorization.AuthorizeAsync(user, AuthSetup.Write)).Succeeded)
        {
            return ActionOutcome.Failed("forbidden");
        }
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RapportDb>();
        try
        {
            return From(await change(db));
        }
        catch (DomainException e)
        {
            return ActionOutcome.Failed(e.Code ?? "conflict", e.Message);
        }
        catch (DbUpdateConcurrencyException)
        {
            return ActionOutcome.Failed("changed_meanwhile");
        }
    }

    private static ActionOutcome From(IResult result) => result switch
    {
        ValidationProblem invalid => new ActionOutcome(false, invalid.ProblemDetails.Errors.ToDictionary(), "invalid", invalid.ProblemDetails.Title),
        ProblemHttpResult { StatusCode: StatusCodes.Status403Forbidden } problem => ActionOutcome.Failed("forbidden", problem.ProblemDetails.Title),
        ProblemHttpResult problem => ActionOutcome.Failed("problem", problem.ProblemDetails.Title),
        NotFound => ActionOutcome.Failed("not_found"),
        IStatusCodeHttpResult { StatusCode: >= 400 } => ActionOutcome.Failed("problem"),
        _ => ActionOutcome.Ok,
    };
}
