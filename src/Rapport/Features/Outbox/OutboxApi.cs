using Microsoft.EntityFrameworkCore;
using Rapport.Data;
using Rapport.Web.Auth;

namespace Rapport.Features.Outbox;

public sealed record DeliveryView(long Id, string Kind, long? MessageId, OutboxStatus Status, int Attempts, DateTime? NextAttemptAt,
    string? LastError, DateTime CreatedAt, DateTime? CompletedAt);

/// <summary>How the messages of a conversation left (or failed to): what the console shows beside a reply.</summary>
public static class OutboxApi
{
    public static void MapOutboxRoutes(this IEndpointRouteBuilder api)
    {
        api.MapGet("/conversations/{id:long}/deliveries", Deliveries).WithTags("Outbox");
        api.MapPost("/outbox/{id:long}/retry", Retry).WithTags("Outbox").RequireAuthorization(AuthSetup.Admin)
            .WithSummary("Puts a failed delivery back in line (after the address or the mailbox was fixed).");
    }

    public static async Task<IResult> Deliveries(long id, RapportDb db, CancellationToken ct)
    {
        if (!await db.Conversations.AnyAsync(c => c.Id == id, ct))
        {
            return TypedResults.NotFound();
        }
        var rows = await db.Outbox.AsNoTracking().Where(o => o.Message!.ConversationId == id).OrderBy(o => o.Id)
            .Select(o => new DeliveryView(o.Id, o.Kind, o.MessageId, o.Status, o.Attempts,
                o.Status == OutboxStatus.Pending ? o.NextAttemptAt : null, o.LastError, o.CreatedAt, o.CompletedAt))
            .Take(500)
            .ToListAsync(ct);
        return TypedResults.Ok(new { items = rows });
    }

    public static async Task<IResult> Retry(long id, RapportDb db, OutboxSignal signal, TimeProvider time, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var item = await db.Outbox.SingleOrDefaultAsync(o => o.Id == id, ct);
        if (item is null)
        {
            return TypedResults.NotFound();
        }
        if (item.Status != OutboxStatus.Failed)
        {
            throw new Web.DomainException("Only a failed delivery can be retried; this one is " + Web.EnumNames.Of(item.Status) + ".", "not_failed");
        }
        item.Status = OutboxStatus.Pending;
        item.Attempts = 0;
        item.NextAttemptAt = now;
        item.CompletedAt = null;
        await db.SaveChangesAsync(ct);
        signal.Notify();
        return TypedResults.Accepted($"/api/v1/conversations/{await db.Messages.Where(m => m.Id == item.MessageId).Select(m => m.ConversationId).FirstOrDefaultAsync(ct)}/deliveries");
    }
}
