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
    public Task<ActionOutcome> ReplyAsync(ClaimsPrincipal user, long id, string text, ConversationStatus? then, CancellationToken ct,
        List<AttachmentUpload>? attachments = null) =>
        RunAsync(user, (agent, db) => ConversationsApi.Reply(id, SpooledJson<MessageRequest>.Of(new MessageRequest(null, text, null, attachments, Status: then)), agent, db, store, time, ct));

    /// <summary>A note, then the status asked for (a note itself never changes the status).</summary>
    public async Task<ActionOutcome> NoteAsync(ClaimsPrincipal user, long id, string text, ConversationStatus? then, CancellationToken ct,
        List<long>? mentions = null, List<AttachmentUpload>? attachments = null)
    {
        var outcome = await RunAsync(user, (agent, db) => ConversationsApi.Note(id, SpooledJson<MessageRequest>.Of(new MessageRequest(null, text, null, attachments, Mentions: mentions)), agent, db, store, time, ct));
        return outcome.Done && then is { } status ? await SetStatusAsync(user, id, status, ct) : outcome;
    }

    public Task<ActionOutcome> SetStatusAsync(ClaimsPrincipal user, long id, ConversationStatus status, CancellationToken ct) =>
        RunAsync(user, (agent, db) => ConversationsApi.Update(id, new UpdateConversationRequest(null, status, null), agent, db, time, ct));

    public Task<ActionOutcome> SetPriorityAsync(ClaimsPrincipal user, long id, Priority priority, CancellationToken ct) =>
        RunAsync(user, (agent, db) => ConversationsApi.Update(id, new UpdateConversationRequest(null, null, priority), agent, db, time, ct));

    public Task<ActionOutcome> AssignAsync(ClaimsPrincipal user, long id, long? teamId, long? assigneeId, CancellationToken ct) =>
        RunAsync(user, (agent, db) => ConversationsApi.Assign(id, new AssignRequest(teamId, assigneeId), agent, db, time, ct));

    public Task<ActionOutcome> TransferAsync(ClaimsPrincipal user, long id, long? teamId, long? assigneeId, string reason, CancellationToken ct) =>
        RunAsync(user, (agent, db) => ConversationsApi.Transfer(id, new TransferRequest(teamId, assigneeId, reason), agent, db, time, ct));

    public Task<ActionOutcome> SetTagsAsync(ClaimsPrincipal user, long id, List<string> tags, CancellationToken ct) =>
        RunAsync(user, (agent, db) => ConversationsApi.SetTags(id, new TagsRequest(tags), agent, db, time, ct));

    public Task<ActionOutcome> LinkAsync(ClaimsPrincipal user, long id, long otherId, CancellationToken ct) =>
        RunAsync(user, (agent, db) => ConversationsApi.AddLink(id, new LinkRequest(otherId), agent, db, time, ct));

    public Task<ActionOutcome> UnlinkAsync(ClaimsPrincipal user, long id, long otherId, CancellationToken ct) =>
        RunAsync(user, (agent, db) => ConversationsApi.RemoveLink(id, otherId, agent, db, time, ct));

    public Task<ActionOutcome> MergeAsync(ClaimsPrincipal user, long id, long intoId, CancellationToken ct) =>
        RunAsync(user, (agent, db) => ConversationsApi.Merge(id, new MergeRequest(intoId), agent, db, time, ct));

    private async Task<ActionOutcome> RunAsync(ClaimsPrincipal signedIn, Func<ClaimsPrincipal, RapportDb, Task<IResult>> change)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RapportDb>();
        var user = await CurrentAsync(db, signedIn);
        if (user is null || !(await authorization.AuthorizeAsync(user, AuthSetup.Write)).Succeeded)
        {
            return ActionOutcome.Failed("forbidden");
        }
        try
        {
            return From(await change(user, db));
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

    /// <summary>
    /// The agent as they are now: a circuit keeps the principal it started with, so, as the cookie
    /// check does for each request, a deactivated agent is refused and a changed role applies at once.
    /// </summary>
    private static async Task<ClaimsPrincipal?> CurrentAsync(RapportDb db, ClaimsPrincipal signedIn)
    {
        var id = signedIn.UserId();
        var now = await db.Users.AsNoTracking().Where(u => u.Id == id)
            .Select(u => new { u.IsActive, u.Role, u.DisplayName }).SingleOrDefaultAsync();
        if (now is null || !now.IsActive)
        {
            return null;
        }
        return now.Role == signedIn.Role() ? signedIn
            : new ClaimsPrincipal(RapportClaims.Identity(id, now.DisplayName, now.Role, signedIn.TokenScope(), signedIn.Identity?.AuthenticationType ?? AuthSetup.CookieScheme));
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
