using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Rapport.Data;

namespace Rapport.Web;

/// <summary>
/// Honours <c>Idempotency-Key</c> on every POST under <c>/api/</c>. The first request with a key
/// reserves it (a row with status 0), runs, and stores its response; a retry gets the stored
/// response; a retry that arrives while the first still runs gets 409; reusing a key for a
/// different body gets 422. Keys are per caller and kept for a day.
/// The handler's first save marks the reservation applied in the same transaction as its change
/// (<see cref="RapportDb.PendingIdempotencyKey"/>): if the process dies after that commit and before
/// the response is kept, a retry is told the request was carried out (409) and never runs it twice.
/// A reservation that committed nothing is freed when the request fails, and taken over by a retry
/// as soon as the process that made it is gone (<see cref="ThisInstance.IsAliveAsync"/>: restarted on
/// the same machine, or its heartbeat stopped), or once it is <see cref="Abandoned"/> whoever holds it.
/// A response that shows a secret once (<see cref="ShowsSecretOnceAttribute"/>) is never kept: its
/// retry gets a 410 problem saying so, with the created resource's Location when there is one.
/// The body of a request that carries a password (<see cref="TakesSecretAttribute"/>) is kept only as a slow, salted hash.
/// </summary>
public sealed class IdempotencyMiddleware(RequestDelegate next)
{
    public const string Header = "Idempotency-Key";
    private static readonly TimeSpan Retention = TimeSpan.FromHours(24);
    // Any reservation may be taken over after this long, even one whose process still runs (a request
    // that hung, a key whose freeing failed); reservations made before owners were recorded rely on it alone.
    private static readonly TimeSpan Abandoned = TimeSpan.FromMinutes(2);

    public async Task InvokeAsync(HttpContext context, RapportDb db, TimeProvider time, ThisInstance instance)
    {
        var key = context.Request.Headers[Header].ToString();
        if (!HttpMethods.IsPost(context.Request.Method) || key.Length == 0 || !context.Request.Path.StartsWithSegments("/api"))
        {
            await next(context);
            return;
        }
        if (key.Length > 200)
        {
            await TypedResults.Problem(statusCode: 400, title: "The Idempotency-Key header is too long.", detail: "Use at most 200 characters.").ExecuteAsync(context);
            return;
        }

        context.Request.EnableBuffering();
        var caller = context.User.FindFirstValue(ClaimTypes.NameIdentifier) ?? "anonymous";
        var id = RecordId(caller, context.Request.Method, context.Request.Path, key);
        string requestHash;
        if (context.TakesSecret())
        {
            using var copy = new MemoryStream();
            await context.Request.Body.CopyToAsync(copy, context.RequestAborted);
            requestHash = TakesSecretAttribute.SlowHash(copy.ToArray(), id);
        }
        else
        {
            requestHash = Convert.ToHexStringLower(await SHA256.HashDataAsync(context.Request.Body, context.RequestAborted));
        }
        context.Request.Body.Position = 0;
        var now = time.GetUtcNow().UtcDateTime;

        var existing = await db.IdempotencyRecords.AsNoTracking().SingleOrDefaultAsync(r => r.Id == id, context.RequestAborted);
        if (existing is not null && now - existing.CreatedAt > Retention)
        {
            await db.IdempotencyRecords.Where(r => r.Id == id).ExecuteDeleteAsync(context.RequestAborted);
            existing = null;
        }
        if (existing is not null)
        {
            await ReplayOrRefuseAsync(context, db, instance, existing, requestHash, now);
            return;
        }
        if (!await TryReserveAsync(db, id, requestHash, instance.Id, now, context.RequestAborted))
        {
            existing = await db.IdempotencyRecords.AsNoTracking().SingleAsync(r => r.Id == id, context.RequestAborted);
            await ReplayOrRefuseAsync(context, db, instance, existing, requestHash, now);
            return;
        }
        await RunAndStoreAsync(context, db, id);
    }

    internal static string RecordId(string caller, string method, string path, string key) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{caller}\n{method}\n{path}\n{key}")));

    private async Task ReplayOrRefuseAsync(HttpContext context, RapportDb db, ThisInstance instance, IdempotencyRecord record, string requestHash, DateTime now)
    {
        if (record.RequestHash != requestHash)
        {
            await TypedResults.Problem(statusCode: 422, title: "The Idempotency-Key was used for a different request.",
                detail: "Send a new key for a new request.").ExecuteAsync(context);
            return;
        }
        if (record.StatusCode is 0 or IdempotencyRecord.Applied)
        {
            var abandoned = now - record.CreatedAt > Abandoned
                || (record.OwnerInstance is { } owner && !await instance.IsAliveAsync(db, owner, now, context.RequestAborted));
            if (record.StatusCode == IdempotencyRecord.Applied && abandoned)
            {
                await TypedResults.Problem(statusCode: 409, title: "The request with this Idempotency-Key was carried out, but its response was not kept.",
                    detail: "Nothing was done again. Look the result up (for example, list what you created) instead of retrying.").ExecuteAsync(context);
                return;
            }
            if (record.StatusCode == 0 && abandoned && await TakeOverAsync(db, record, instance.Id, now, context.RequestAborted))
            {
                await RunAndStoreAsync(context, db, record.Id);
                return;
            }
            await TypedResults.Problem(statusCode: 409, title: "A request with this Idempotency-Key is still being processed.",
                detail: "Retry in a moment.").ExecuteAsync(context);
            return;
        }
        context.Response.StatusCode = record.StatusCode;
        context.Response.Headers["Idempotent-Replayed"] = "true";
        if (record.ContentType is not null)
        {
            context.Response.ContentType = record.ContentType;
        }
        if (record.Location is not null)
        {
            context.Response.Headers.Location = record.Location;
        }
        if (record.Body is { Length: > 0 })
        {
            await context.Response.Body.WriteAsync(record.Body, context.RequestAborted);
        }
    }

    private static async Task<bool> TryReserveAsync(RapportDb db, string id, string requestHash, string owner, DateTime now, CancellationToken ct)
    {
        db.IdempotencyRecords.Add(new IdempotencyRecord { Id = id, RequestHash = requestHash, CreatedAt = now, OwnerInstance = owner });
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateException)
        {
            // Another request with the same key reserved it first.
            db.ChangeTracker.Clear();
            return false;
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }

    private async Task RunAndStoreAsync(HttpContext context, RapportDb db, string id)
    {
        var original = context.Response.Body;
        using var buffer = new MemoryStream();
        context.Response.Body = buffer;
        db.PendingIdempotencyKey = id;
        try
        {
            await next(context);
        }
        catch
        {
            // The request failed before producing a response: free the key so a retry runs again,
            // unless it had committed a change (then a retry must not run it twice).
            context.Response.Body = original;
            db.PendingIdempotencyKey = null;
            await FreeUnlessAppliedAsync(db, id);
            throw;
        }
        finally
        {
            context.Response.Body = original;
            db.PendingIdempotencyKey = null;
        }
        var status = context.Response.StatusCode;
        var body = buffer.ToArray();
        // A failure that committed nothing is not an outcome: let a retry try again.
        var freed = (status >= 500 || status == StatusCodes.Status429TooManyRequests) && await FreeUnlessAppliedAsync(db, id);
        if (!freed)
        {
            var withheld = context.ShowsSecretOnce() && status is >= 200 and < 300;
            var contentType = withheld ? "application/problem+json" : context.Response.ContentType;
            var location = context.Response.Headers.Location.ToString();
            var kept = withheld ? SecretNotKept : body;
            var keptStatus = withheld ? StatusCodes.Status410Gone : status;
            await db.IdempotencyRecords.Where(r => r.Id == id).ExecuteUpdateAsync(s => s
                .SetProperty(r => r.StatusCode, keptStatus)
                .SetProperty(r => r.ContentType, contentType)
                .SetProperty(r => r.Location, location.Length == 0 ? null : location)
                .SetProperty(r => r.Body, kept), CancellationToken.None);
        }
        await original.WriteAsync(body, context.RequestAborted);
    }

    /// <summary>Claims an abandoned reservation for this process; of two retries racing for it, one wins.</summary>
    private static async Task<bool> TakeOverAsync(RapportDb db, IdempotencyRecord record, string owner, DateTime now, CancellationToken ct) =>
        await db.IdempotencyRecords
            .Where(r => r.Id == record.Id && r.StatusCode == 0 && r.CreatedAt == record.CreatedAt && r.OwnerInstance == record.OwnerInstance)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.CreatedAt, now).SetProperty(r => r.OwnerInstance, owner), ct) == 1;

    /// <summary>What a retry of a request whose response showed a secret gets instead of that response (RFC 9457).</summary>
    private static readonly byte[] SecretNotKept = Encoding.UTF8.GetBytes("""
        {"type":"https://tools.ietf.org/html/rfc9110#section-15.5.11","title":"The request with this Idempotency-Key was carried out; its response held a secret, which is not kept.","status":410,"detail":"A token or invite link is shown once only, so its response is never stored for retries. If it was lost, create a new one (the Location header, when present, names what the first request created; revoke it if unused)."}
        """);

    private static async Task<bool> FreeUnlessAppliedAsync(RapportDb db, string id) =>
        await db.IdempotencyRecords.Where(r => r.Id == id && r.StatusCode == 0).ExecuteDeleteAsync(CancellationToken.None) == 1;
}
