using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Rapport.Data;
using Rapport.Features.Customers;
using Rapport.Web;

namespace Rapport.Features.Conversations;

/// <summary>One change for many conversations: <c>status</c>, <c>assign</c> (team and agent) or <c>tag</c> (add and remove).</summary>
public sealed record BulkRequest(
    List<long>? Ids,
    string? Action,
    ConversationStatus? Status,
    long? TeamId,
    long? AssigneeId,
    List<string>? Add,
    List<string>? Remove);

/// <summary>What became of one conversation in a bulk change: done, or the problem the single endpoint would have answered.</summary>
public sealed record BulkItemResult(long Id, bool Ok, int Status, string? Title, string? Detail, IDictionary<string, string[]>? Errors);

public sealed record BulkResponse(IReadOnlyList<BulkItemResult> Items);

public static partial class ConversationsApi
{
    public const int MaxBulkIds = 200;

    public const string BulkStatus = "status";
    public const string BulkAssign = "assign";
    public const string BulkTag = "tag";

    /// <summary>
    /// Applies one change to each conversation through the single endpoint's own handler (its checks,
    /// entity methods, activity rows, versions and realtime events), each in its own save: one
    /// conversation's conflict never undoes another's change. Answers 200 with a result per id, in order.
    /// </summary>
    public static async Task<IResult> Bulk(BulkRequest request, ClaimsPrincipal user, RapportDb db, TimeProvider time, CancellationToken ct)
    {
        var validation = new Validation();
        var ids = request.Ids ?? [];
        if (ids.Count == 0)
        {
            validation.Add("ids", "is required: the conversations to change.");
        }
        else if (ids.Count > MaxBulkIds)
        {
            validation.Add("ids", $"must hold at most {MaxBulkIds} conversations.");
        }
        switch (request.Action)
        {
            case BulkStatus when request.Status is null:
                validation.Add("status", "is required for the status action.");
                break;
            case BulkAssign:
                await CheckOwnerAsync(request.TeamId, request.AssigneeId, validation, db, ct);
                break;
            case BulkTag:
                if (request.Add is not { Count: > 0 } && request.Remove is not { Count: > 0 })
                {
                    validation.Add("add", "is required (or remove): the tags to add or remove.");
                }
                CheckTags(request.Add, "add", validation);
                CheckTags(request.Remove, "remove", validation);
                break;
            case BulkStatus:
                break;
            default:
                validation.Add("action", $"must be one of {BulkStatus}, {BulkAssign}, {BulkTag}.");
                break;
        }
        if (!validation.IsValid)
        {
            return validation.Problem();
        }

        var results = new List<BulkItemResult>(ids.Count);
        foreach (var id in ids.Distinct())
        {
            IResult result;
            try
            {
                result = request.Action switch
                {
                    BulkStatus => await Update(id, new UpdateConversationRequest(null, request.Status, null), user, db, time, ct),
                    BulkAssign => await Assign(id, new AssignRequest(request.TeamId, request.AssigneeId), user, db, time, ct),
                    _ => await RetagAsync(id, request.Add ?? [], request.Remove ?? [], user, db, time, ct),
                };
                results.Add(ItemResult(id, result));
            }
            catch (DomainException e)
            {
                results.Add(new BulkItemResult(id, false, StatusCodes.Status409Conflict, "The request conflicts with the current state.", e.Message, null));
            }
            catch (DbUpdateConcurrencyException)
            {
                results.Add(new BulkItemResult(id, false, StatusCodes.Status409Conflict, "The record was changed by someone else.", "Reload it and try again.", null));
            }
            // A failed change must not ride along with the next conversation's save.
            db.ChangeTracker.Clear();
        }
        return TypedResults.Ok(new BulkResponse(results));
    }

    private static async Task<IResult> RetagAsync(long id, List<string> add, List<string> remove, ClaimsPrincipal user, RapportDb db,
        TimeProvider time, CancellationToken ct)
    {
        var current = await db.ConversationTags.AsNoTracking().Where(t => t.ConversationId == id).Select(t => t.Tag!.Name).ToListAsync(ct);
        var removed = remove.Select(Tag.Normalise).ToHashSet();
        var tags = current.Concat(add.Select(Tag.Normalise)).Where(t => !removed.Contains(t)).Distinct().ToList();
        return await SetTags(id, new TagsRequest(tags), user, db, time, ct);
    }

    private static BulkItemResult ItemResult(long id, IResult result) => result switch
    {
        ValidationProblem invalid => new(id, false, StatusCodes.Status400BadRequest, invalid.ProblemDetails.Title, invalid.ProblemDetails.Detail, invalid.ProblemDetails.Errors),
        ProblemHttpResult problem => new(id, false, problem.StatusCode, problem.ProblemDetails.Title, problem.ProblemDetails.Detail, null),
        NotFound => new(id, false, StatusCodes.Status404NotFound, "Not found.", $"Conversation {id} does not exist.", null),
        IStatusCodeHttpResult { StatusCode: >= 400 and var status } => new(id, false, status, null, null, null),
        _ => new(id, true, StatusCodes.Status200OK, null, null, null),
    };
}
