using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Rapport.Data;
using Rapport.Features.Accounts;
using Rapport.Web;
using Rapport.Web.Auth;

namespace Rapport.Features.Conversations;

public static partial class ConversationsApi
{
    /// <summary>Oldest first, as a conversation is read; paged by message id.</summary>
    public static async Task<IResult> Messages(long id, string? cursor, int? limit, RapportDb db, CancellationToken ct)
    {
        var validation = new Validation();
        var pageSize = Paging.Limit(limit, validation);
        var after = Paging.Decode(cursor, 1, validation);
        if (!validation.IsValid)
        {
            return validation.Problem();
        }
        if (!await db.Conversations.AnyAsync(c => c.Id == id, ct))
        {
            return TypedResults.NotFound();
        }
        var messages = db.Messages.AsNoTracking().Include(m => m.Attachments).Where(m => m.ConversationId == id);
        if (after is [var lastId])
        {
            messages = messages.Where(m => m.Id > lastId);
        }
        var rows = await messages.OrderBy(m => m.Id).Take(pageSize + 1).ToListAsync(ct);
        return TypedResults.Ok(Paging.Of(rows.Select(ConversationViews.View).ToList(), pageSize, m => Paging.Encode(m.Id)));
    }

    public static async Task<IResult> MessageById(long id, long messageId, RapportDb db, CancellationToken ct)
    {
        var message = await db.Messages.AsNoTracking().Include(m => m.Attachments)
            .SingleOrDefaultAsync(m => m.Id == messageId && m.ConversationId == id, ct);
        return message is null ? TypedResults.NotFound() : TypedResults.Ok(ConversationViews.View(message));
    }

    /// <summary>A public reply. The role is checked here, on the server, whatever the console shows.</summary>
    public static async Task<IResult> Reply(long id, SpooledJson<MessageRequest> body, ClaimsPrincipal user, RapportDb db,
        AttachmentStore store, TimeProvider time, CancellationToken ct)
    {
        if (body.Refusal is { } refusal)
        {
            return refusal;
        }
        var role = user.Role();
        if (role == Role.LightAgent)
        {
            return LightAgentCannotReply();
        }
        var validation = new Validation();
        var (input, tooLarge) = MessageInput.Check(body.Value, "", validation, store.MaxBytes, body.Spool);
        if (tooLarge is not null)
        {
            return tooLarge;
        }
        if (!validation.IsValid)
        {
            return validation.Problem();
        }
        return await AppendAsync(id, input!, db, store, (conversation, message) =>
            conversation.AddReply(message, user.UserId(), role, input!.Status, time.UtcNow()), null, ct);
    }

    /// <summary>An internal note; light agents may add these. Mentioned agents are recorded on the activity.</summary>
    public static async Task<IResult> Note(long id, SpooledJson<MessageRequest> body, ClaimsPrincipal user, RapportDb db,
        AttachmentStore store, TimeProvider time, CancellationToken ct)
    {
        if (body.Refusal is { } refusal)
        {
            return refusal;
        }
        var request = body.Value!;
        var validation = new Validation();
        var (input, tooLarge) = MessageInput.Check(body.Value, "", validation, store.MaxBytes, body.Spool);
        if (tooLarge is not null)
        {
            return tooLarge;
        }
        var mentions = (request.Mentions ?? []).Distinct().ToList();
        if (mentions.Count > 0)
        {
            // Every active agent sees every conversation; a deactivated one cannot sign in to see it, so
            // mentioning them is refused rather than leaving a notification nobody will read.
            var known = await db.Users.Where(u => mentions.Contains(u.Id) && u.IsActive).Select(u => u.Id).ToListAsync(ct);
            foreach (var unknown in mentions.Except(known))
            {
                validation.Add("mentions", $"user {unknown} does not exist or cannot see this conversation.");
            }
        }
        if (!validation.IsValid)
        {
            return validation.Problem();
        }
        return await AppendAsync(id, input!, db, store, (conversation, message) =>
            conversation.AddNote(message, user.UserId(), mentions, time.UtcNow()), null, ct);
    }

    /// <summary>
    /// A customer's message arriving through the API (an integration, a channel not built in). An
    /// <c>external_id</c> seen before in this conversation returns the stored message, so retries never double it.
    /// </summary>
    public static async Task<IResult> Inbound(long id, SpooledJson<MessageRequest> body, RapportDb db,
        AttachmentStore store, TimeProvider time, CancellationToken ct)
    {
        if (body.Refusal is { } refusal)
        {
            return refusal;
        }
        var validation = new Validation();
        var (input, tooLarge) = MessageInput.Check(body.Value, "", validation, store.MaxBytes, body.Spool);
        if (tooLarge is not null)
        {
            return tooLarge;
        }
        if (!validation.IsValid)
        {
            return validation.Problem();
        }
        return await AppendAsync(id, input!, db, store, (conversation, message) => conversation.AddInbound(message, time.UtcNow()), input!.ExternalId, ct);
    }

    /// <summary>
    /// Stores the files, then appends under the conversation's lock (<see cref="ConversationLock"/>),
    /// so appends at once queue rather than fail each other. The files are written before the lock is
    /// taken (the lock is held only for the database work), once the conversation is known to exist. A <paramref name="dedupeExternalId"/> (an
    /// inbound message's) already in the conversation answers with the stored message; it is checked
    /// again under the lock, where a retry racing its original waits and then finds it.
    /// </summary>
    private static async Task<IResult> AppendAsync(long id, MessageInput input, RapportDb db, AttachmentStore store,
        Func<Conversation, MessageBody, Message> append, string? dedupeExternalId, CancellationToken ct)
    {
        if (input.HasFiles)
        {
            // Files are stored only for a message that will be kept.
            if (!await db.Conversations.AnyAsync(c => c.Id == id, ct))
            {
                return TypedResults.NotFound();
            }
            if (await StoredAsync(id, dedupeExternalId, db, ct) is { } stored)
            {
                return stored;
            }
        }
        var body = await input.StoreAsync(store, ct);
        await using var transaction = await db.BeginWriteTransactionAsync(ct);
        var conversation = await db.LoadForAppendAsync(id, ct);
        if (conversation is null)
        {
            return TypedResults.NotFound();
        }
        if (await StoredAsync(id, dedupeExternalId, db, ct) is { } storedMeanwhile)
        {
            return storedMeanwhile;
        }
        var message = append(conversation, body);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return TypedResults.Created(ConversationViews.MessageUrl(message), ConversationViews.View(message));
    }

    private static async Task<IResult?> StoredAsync(long id, string? externalId, RapportDb db, CancellationToken ct)
    {
        if (externalId is null)
        {
            return null;
        }
        var existing = await db.Messages.AsNoTracking().Include(m => m.Attachments)
            .FirstOrDefaultAsync(m => m.ExternalId == externalId && m.ConversationId == id, ct);
        return existing is null ? null : TypedResults.Ok(ConversationViews.View(existing));
    }
}
