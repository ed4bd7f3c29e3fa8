using System.Security.Claims;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Rapport.Data;
using Rapport.Features.Accounts;
using Rapport.Features.Customers;
using Rapport.Features.Timeline;
using Rapport.Web;
using Rapport.Web.Auth;

namespace Rapport.Features.Conversations;

/// <summary>
/// The conversations API. Every change goes through the entity's own methods, so the activity
/// log is written in the same save; every change needs the write scope.
/// </summary>
public static partial class ConversationsApi
{
    public const int MaxTags = 50;

    public static void MapConversationsRoutes(this IEndpointRouteBuilder api, long maxAttachmentBytes)
    {
        // Files travel as base64 inside JSON: a third bigger than the file, plus the message itself.
        var bodyLimit = new BodySizeLimit(Math.Max(30L * 1024 * 1024, maxAttachmentBytes / 3 * 4 + 1024 * 1024));

        var group = api.MapGroup("/conversations").WithTags("Conversations");
        group.MapGet("", List);
        group.MapPost("", Create).RequireAuthorization(AuthSetup.Write).WithMetadata(bodyLimit).Accepts<CreateConversationRequest>("application/json");
        group.MapGet("/{id:long}", Get);
        group.MapPatch("/{id:long}", Update).RequireAuthorization(AuthSetup.Write);
        group.MapPost("/bulk", Bulk).RequireAuthorization(AuthSetup.Write);

        group.MapGet("/{id:long}/messages", Messages);
        group.MapGet("/{id:long}/messages/{messageId:long}", MessageById);
        group.MapPost("/{id:long}/reply", Reply).RequireAuthorization(AuthSetup.Write).WithMetadata(bodyLimit).Accepts<MessageRequest>("application/json");
        group.MapPost("/{id:long}/notes", Note).RequireAuthorization(AuthSetup.Write).WithMetadata(bodyLimit).Accepts<MessageRequest>("application/json");
        group.MapPost("/{id:long}/inbound", Inbound).RequireAuthorization(AuthSetup.Ingest).WithMetadata(bodyLimit).Accepts<MessageRequest>("application/json");

        group.MapPost("/{id:long}/assign", Assign).RequireAuthorization(AuthSetup.Write);
        group.MapPost("/{id:long}/transfer", Transfer).RequireAuthorization(AuthSetup.Write);
        group.MapPost("/{id:long}/merge", Merge).RequireAuthorization(AuthSetup.Write);
        group.MapGet("/{id:long}/links", Links);
        group.MapPost("/{id:long}/links", AddLink).RequireAuthorization(AuthSetup.Write);
        group.MapDelete("/{id:long}/links/{otherId:long}", RemoveLink).RequireAuthorization(AuthSetup.Write);
        group.MapPut("/{id:long}/tags", SetTags).RequireAuthorization(AuthSetup.Write);
        group.MapPut("/{id:long}/followers/{userId:long}", Follow).RequireAuthorization(AuthSetup.Write);
        group.MapDelete("/{id:long}/followers/{userId:long}", Unfollow).RequireAuthorization(AuthSetup.Write);
        group.MapGet("/{id:long}/activity", Activity);

        api.MapGet("/attachments/{id:long}", AttachmentsApi.Download).WithTags("Conversations");
    }

    public sealed record ListQuery(
        [FromQuery(Name = "status")] string? Status,
        [FromQuery(Name = "assignee_id")] string? AssigneeId,
        [FromQuery(Name = "team_id")] long? TeamId,
        [FromQuery(Name = "tag")] string? Tag,
        [FromQuery(Name = "customer_id")] long? CustomerId,
        [FromQuery(Name = "channel")] string? Channel,
        [FromQuery(Name = "priority")] string? Priority,
        [FromQuery(Name = "updated_since")] string? UpdatedSince,
        [FromQuery(Name = "cursor")] string? Cursor,
        [FromQuery(Name = "limit")] int? Limit,
        [FromQuery(Name = "q")] string? Q = null,
        [FromQuery(Name = "sort")] string? Sort = null,
        [FromQuery(Name = "order")] string? Order = null);

    /// <summary>
    /// Newest activity first unless <c>sort</c> (updated_at, created_at, priority) and <c>order</c>
    /// (asc, desc) say otherwise; <c>q</c> searches subjects, customers and message text. Paged by keyset.
    /// </summary>
    public static async Task<IResult> List([AsParameters] ListQuery query, ClaimsPrincipal user, RapportDb db, CancellationToken ct)
    {
        var validation = new Validation();
        var limit = Paging.Limit(query.Limit, validation);
        var conversations = await ConversationQuery.FilterAsync(db, query, user.UserId(), validation, ct);
        var order = ConversationOrder.Parse(query.Sort, query.Order, validation);
        var after = order.After(query.Cursor, validation);
        if (!validation.IsValid)
        {
            return validation.Problem();
        }
        return TypedResults.Ok(await order.PageAsync(conversations, after, limit, ct));
    }

    public static async Task<IResult> Get(long id, RapportDb db, CancellationToken ct) =>
        await ConversationViews.DetailAsync(db, id, ct) is { } detail ? TypedResults.Ok(detail) : TypedResults.NotFound();

    public static async Task<IResult> Create(SpooledJson<CreateConversationRequest> body, ClaimsPrincipal user, RapportDb db,
        AttachmentStore store, TimeProvider time, CancellationToken ct)
    {
        if (body.Refusal is { } refusal)
        {
            return refusal;
        }
        var request = body.Value!;
        var validation = new Validation();
        validation.MaxLength("subject", request.Subject, Conversation.MaxSubjectLength);
        var (input, tooLarge) = MessageInput.Check(request.Message, "message.", validation, store.MaxBytes, body.Spool);
        if (tooLarge is not null)
        {
            return tooLarge;
        }
        var kind = request.Message?.Kind;
        if (request.Message is not null && kind is null)
        {
            validation.Add("message.kind", $"is required: one of {EnumNames.List<MessageKind>()}.");
        }
        var identity = await CheckCustomerAsync(request, validation, db, ct);
        await CheckOwnerAsync(request.TeamId, request.AssigneeId, validation, db, ct);
        CheckTags(request.Tags, "tags", validation);
        if (!validation.IsValid)
        {
            return validation.Problem();
        }
        var role = user.Role();
        if (kind == MessageKind.Outbound && role == Role.LightAgent)
        {
            return LightAgentCannotReply();
        }
        if (kind == MessageKind.Inbound && !user.MayIngest())
        {
            return CannotSpeakAsCustomer();
        }

        var now = time.UtcNow();
        var actor = user.Actor();
        await using var transaction = await db.BeginWriteTransactionAsync(ct);
        var customer = request.CustomerId is { } customerId
            ? await CustomerResolver.FollowMergesAsync(db, customerId, ct)
            : await CustomerResolver.FindOrCreateAsync(db, identity!.Value.Kind, identity.Value.Value, request.Customer!.Name, actor, now, ct);
        if (customer.Id == 0)
        {
            // The customer's id is needed before their own message can name them as its author.
            await db.SaveChangesAsync(ct);
        }
        var message = await input!.StoreAsync(store, ct);
        var author = kind == MessageKind.Inbound ? Actor.Customer(customer.Id) : actor;
        var conversation = Conversation.Start(customer, SubjectFor(request.Subject, request.Message!), request.Channel ?? Channel.Api,
            request.Priority ?? Priority.Normal, kind!.Value, message, author, role, now);
        conversation.Assign(request.TeamId, request.AssigneeId, actor, now);
        if (request.Tags is { Count: > 0 } tags)
        {
            conversation.SetTags(await TagResolver.ResolveAsync(db, tags, now, ct), actor, now);
        }
        db.Conversations.Add(conversation);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        var detail = await ConversationViews.DetailAsync(db, conversation.Id, ct);
        return TypedResults.Created($"/api/v1/conversations/{conversation.Id}", detail);
    }

    /// <summary>Changes subject, status and priority; fields left out stay as they are.</summary>
    public static async Task<IResult> Update(long id, UpdateConversationRequest request, ClaimsPrincipal user, RapportDb db,
        TimeProvider time, CancellationToken ct)
    {
        var validation = new Validation();
        if (request.Subject is not null)
        {
            validation.Required("subject", request.Subject, Conversation.MaxSubjectLength);
        }
        if (!validation.IsValid)
        {
            return validation.Problem();
        }
        var conversation = await db.Conversations.SingleOrDefaultAsync(c => c.Id == id, ct);
        if (conversation is null)
        {
            return TypedResults.NotFound();
        }
        var now = time.UtcNow();
        var actor = user.Actor();
        if (request.Subject is not null)
        {
            conversation.SetSubject(request.Subject, actor, now);
        }
        if (request.Priority is { } priority)
        {
            conversation.SetPriority(priority, actor, now);
        }
        if (request.Status is { } status)
        {
            conversation.ChangeStatus(status, actor, now);
        }
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(await ConversationViews.DetailAsync(db, id, ct));
    }

    private static async Task<(IdentityKind Kind, string Value)?> CheckCustomerAsync(CreateConversationRequest request, Validation validation,
        RapportDb db, CancellationToken ct)
    {
        if (request.CustomerId is { } customerId)
        {
            if (request.Customer is not null)
            {
                validation.Add("customer", "give customer_id or customer, not both.");
            }
            else if (!await db.Customers.AnyAsync(c => c.Id == customerId, ct))
            {
                validation.Add("customer_id", "does not exist.");
            }
            return null;
        }
        if (request.Customer is not { } customer)
        {
            validation.Add("customer", "is required: customer_id, or customer with an email or a phone.");
            return null;
        }
        validation.MaxLength("customer.name", customer.Name, 300);
        if (!string.IsNullOrWhiteSpace(customer.Email))
        {
            if (IdentityNormaliser.Email(customer.Email) is { } email)
            {
                return (IdentityKind.Email, email);
            }
            validation.Add("customer.email", "is not a valid email address.");
            return null;
        }
        if (!string.IsNullOrWhiteSpace(customer.Phone))
        {
            if (IdentityNormaliser.Phone(customer.Phone) is { } phone)
            {
                return (IdentityKind.Phone, phone);
            }
            validation.Add("customer.phone", "is not a phone number in international form, such as +98 912 345 6789.");
            return null;
        }
        validation.Add("customer.email", "is required (or customer.phone).");
        return null;
    }

    private static async Task CheckOwnerAsync(long? teamId, long? assigneeId, Validation validation, RapportDb db, CancellationToken ct)
    {
        if (teamId is { } team && !await db.Teams.AnyAsync(t => t.Id == team, ct))
        {
            validation.Add("team_id", "does not exist.");
        }
        if (assigneeId is { } assignee && !await db.Users.AnyAsync(u => u.Id == assignee && u.IsActive, ct))
        {
            validation.Add("assignee_id", "is not an active user.");
        }
    }

    private static void CheckTags(List<string>? tags, string field, Validation validation)
    {
        if (tags is null)
        {
            return;
        }
        if (tags.Count > MaxTags)
        {
            validation.Add(field, $"must hold at most {MaxTags} tags.");
            return;
        }
        for (var i = 0; i < tags.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(tags[i]))
            {
                validation.Add($"{field}[{i}]", "must not be empty.");
            }
            else if (Tag.Normalise(tags[i]).Length > TagResolver.MaxNameLength)
            {
                validation.Add($"{field}[{i}]", $"must be at most {TagResolver.MaxNameLength} characters.");
            }
        }
    }

    /// <summary>Chat and phone messages have no subject: the first line of the message stands in.</summary>
    private static string SubjectFor(string? subject, MessageRequest message)
    {
        if (!string.IsNullOrWhiteSpace(subject))
        {
            return subject.Trim();
        }
        var (text, _) = Message.Content(message.BodyText, message.BodyHtml);
        var firstLine = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "";
        return firstLine.Length == 0 ? "(no subject)" : firstLine.Length <= 80 ? firstLine : string.Concat(firstLine.AsSpan(0, 80), "…");
    }

    private static IResult LightAgentCannotReply() => TypedResults.Problem(
        statusCode: StatusCodes.Status403Forbidden,
        title: "Light agents cannot reply to customers.",
        detail: "Add an internal note instead; an agent can reply.");

    private static IResult CannotSpeakAsCustomer() => TypedResults.Problem(
        statusCode: StatusCodes.Status403Forbidden,
        title: "Only an ingest or admin token can post a customer's message.",
        detail: "Open the conversation with an outbound message or a note, or use a token with the ingest scope.");

    private sealed class BodySizeLimit(long bytes) : IRequestSizeLimitMetadata
    {
        public long? MaxRequestBodySize => bytes;
    }
}
