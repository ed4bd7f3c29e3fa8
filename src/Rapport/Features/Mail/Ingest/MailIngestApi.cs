using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using Rapport.Data;
using Rapport.Features.Conversations;
using Rapport.Web;
using Rapport.Web.Auth;

namespace Rapport.Features.Mail.Ingest;

public sealed record IngestResponse(IngestOutcome Outcome, long? ConversationId, long? MessageId, long? QuarantineId, string? Detail);

public sealed record QuarantineView(long Id, long? MailboxId, string Reason, string Source, string? FromAddress, string? Subject, int Size, DateTime ReceivedAt);

/// <param name="BlockedImages">The HTML has remote images that were left out (the agent may choose to load them).</param>
/// <param name="HistoryText">The quoted history below the new text, when the sender's client quoted one.</param>
/// <param name="HistoryHtml">The same for the HTML, sanitised like <paramref name="Html"/>.</param>
public sealed record MailMessageView(long MessageId, string RfcMessageId, MailDirection Direction, long? MailboxId, string? FromAddress,
    string? ReplyAddress, string AutoReply, string? Html, bool RemoteImages, bool BlockedImages, string? HistoryText, string? HistoryHtml);

/// <summary>
/// Mail in over HTTP (<c>POST /mailboxes/{id}/raw</c>, for providers that forward inbound mail), the
/// quarantine (admins read, download, retry, delete), and the mail facts of a message.
/// </summary>
public static class MailIngestApi
{
    private static readonly string[] RawTypes = ["message/rfc822", "application/octet-stream", "text/plain"];

    public static void MapMailIngestRoutes(this IEndpointRouteBuilder api, long maxMessageBytes)
    {
        api.MapPost("/mailboxes/{id:long}/raw", Raw).WithTags("Mail").RequireAuthorization(AuthSetup.Ingest)
            .WithMetadata(new RequestSizeLimitAttribute(maxMessageBytes))
            .Accepts<string>("message/rfc822")
            .WithSummary("Takes one raw RFC 5322 message into the mailbox (for providers that forward inbound mail); acknowledge=true sends the acknowledgement a fetched mail would get. Needs the ingest scope or an admin token.");

        var quarantine = api.MapGroup("/mail/quarantine").WithTags("Mail").RequireAuthorization(AuthSetup.Admin);
        quarantine.MapGet("", Quarantine);
        quarantine.MapGet("/{id:long}/raw", QuarantinedRaw);
        quarantine.MapPost("/{id:long}/retry", Retry);
        quarantine.MapDelete("/{id:long}", Delete);

        api.MapGet("/mail/messages/{messageId:long}", MailMessage).WithTags("Mail")
            .WithSummary("The e-mail facts of a message; remote_images=true returns its HTML with remote images allowed (the agent chose to load them).");
    }

    /// <param name="acknowledge">
    /// Whether the sender may get an acknowledgement. Off unless asked: the From of mail posted here
    /// is whatever the caller wrote, so by default Rapport never mails an address on its word alone.
    /// </param>
    public static async Task<IResult> Raw(long id, [FromQuery(Name = "acknowledge")] bool? acknowledge, HttpRequest request, RapportDb db, MailIngest ingest, CancellationToken ct)
    {
        var mediaType = MediaTypeHeaderValue.TryParse(request.ContentType, out var parsed) ? parsed.MediaType.Value : null;
        if (mediaType is null || !RawTypes.Contains(mediaType, StringComparer.OrdinalIgnoreCase))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType,
                title: "Send the message as message/rfc822.", detail: "The body is one raw RFC 5322 message, headers and all.");
        }
        var mailbox = await db.Mailboxes.AsNoTracking().SingleOrDefaultAsync(m => m.Id == id, ct);
        if (mailbox is null)
        {
            return TypedResults.NotFound();
        }
        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body, ct);
        if (body.Length == 0)
        {
            return new Validation().Add("body", "is required: one raw message.").Problem();
        }
        var result = await ingest.IngestAsync(mailbox, body.ToArray(), MailIngest.ApiSource, ct, acknowledge: acknowledge == true);
        var response = new IngestResponse(result.Outcome, result.ConversationId, result.MessageId, result.QuarantineId, result.Detail);
        return result.Outcome == IngestOutcome.Created
            ? TypedResults.Created($"/api/v1/conversations/{result.ConversationId}", response)
            : TypedResults.Ok(response);
    }

    public static async Task<IResult> Quarantine(int? limit, string? cursor, RapportDb db, CancellationToken ct)
    {
        var validation = new Validation();
        var take = Paging.Limit(limit, validation);
        var before = Paging.Decode(cursor, 1, validation)?[0] ?? long.MaxValue;
        if (!validation.IsValid)
        {
            return validation.Problem();
        }
        var rows = await db.QuarantinedMail.AsNoTracking().Where(q => q.Id < before).OrderByDescending(q => q.Id).Take(take + 1)
            .Select(q => new QuarantineView(q.Id, q.MailboxId, q.Reason, q.Source, q.FromAddress, q.Subject, q.Size, q.ReceivedAt))
            .ToListAsync(ct);
        return TypedResults.Ok(Paging.Of(rows, take, q => Paging.Encode(q.Id)));
    }

    public static async Task<IResult> QuarantinedRaw(long id, RapportDb db, CancellationToken ct)
    {
        var raw = await db.QuarantinedMail.AsNoTracking().Where(q => q.Id == id).Select(q => q.Raw).SingleOrDefaultAsync(ct);
        return raw is null ? TypedResults.NotFound() : TypedResults.File(raw, "message/rfc822", $"quarantine-{id}.eml");
    }

    /// <summary>
    /// Takes a quarantined message in again (after the parser was fixed, or an admin judged a flood
    /// to be real mail: a retry is not held to the sender's rate cap). Taken in, it leaves the quarantine.
    /// </summary>
    public static async Task<IResult> Retry(long id, RapportDb db, MailIngest ingest, CancellationToken ct)
    {
        var item = await db.QuarantinedMail.AsNoTracking().SingleOrDefaultAsync(q => q.Id == id, ct);
        if (item is null)
        {
            return TypedResults.NotFound();
        }
        var mailbox = item.MailboxId is { } mailboxId ? await db.Mailboxes.AsNoTracking().SingleOrDefaultAsync(m => m.Id == mailboxId, ct) : null;
        if (mailbox is null)
        {
            throw new DomainException("The mailbox this message came to is gone; download it and send it to another mailbox instead.", "mailbox_gone");
        }
        // Mail that came through the API is not acknowledged on a retry either: nothing vouches for its sender.
        var result = await ingest.IngestAsync(mailbox, item.Raw, item.Source, ct, retry: true, acknowledge: item.Source != MailIngest.ApiSource);
        if (result.Outcome == IngestOutcome.Quarantined)
        {
            // Still not takeable: keep the original entry, drop the copy the retry made.
            await db.QuarantinedMail.Where(q => q.Id == result.QuarantineId).ExecuteDeleteAsync(ct);
            throw new DomainException($"The message still cannot be taken in: {result.Detail}", "still_quarantined");
        }
        await db.QuarantinedMail.Where(q => q.Id == id).ExecuteDeleteAsync(ct);
        return TypedResults.Ok(new IngestResponse(result.Outcome, result.ConversationId, result.MessageId, null, result.Detail));
    }

    public static async Task<IResult> Delete(long id, RapportDb db, CancellationToken ct) =>
        await db.QuarantinedMail.Where(q => q.Id == id).ExecuteDeleteAsync(ct) == 0 ? TypedResults.NotFound() : TypedResults.NoContent();

    public static async Task<IResult> MailMessage(long messageId, [FromQuery(Name = "remote_images")] bool? remoteImages, RapportDb db, CancellationToken ct)
    {
        var record = await db.MailRecords.AsNoTracking().Where(r => r.MessageId == messageId).OrderBy(r => r.Id).FirstOrDefaultAsync(ct);
        if (record is null)
        {
            return TypedResults.NotFound();
        }
        var stored = record.RawHtml is null ? await db.Messages.Where(m => m.Id == messageId).Select(m => m.BodyHtml).SingleOrDefaultAsync(ct) : null;
        return TypedResults.Ok(View(record, remoteImages == true, stored));
    }

    /// <summary>A message's mail facts as the API and the console show them.</summary>
    /// <param name="storedHtml">The message's stored HTML, shown when the record kept none of its own (an outbound mail).</param>
    public static MailMessageView View(MailRecord record, bool allowRemoteImages, string? storedHtml)
    {
        var messageId = record.MessageId ?? 0;
        var html = record.RawHtml is { } raw ? HtmlSanitiser.Sanitise(raw, allowRemoteImages) : storedHtml;
        var blocked = !allowRemoteImages && (HasRemoteImages(record.RawHtml) || HasRemoteImages(record.QuotedHtml));
        var history = record.QuotedHtml is { } quoted ? HtmlSanitiser.Sanitise(quoted, allowRemoteImages) : null;
        return new MailMessageView(messageId, record.RfcMessageId, record.Direction, record.MailboxId, record.FromAddress,
            record.ReplyAddress, record.AutoReply, html, allowRemoteImages, blocked, record.QuotedText, string.IsNullOrWhiteSpace(history) ? null : history);
    }

    /// <summary>Whether loading remote images would show more: the sanitiser keeps an https image only when asked to.</summary>
    private static bool HasRemoteImages(string? raw) =>
        raw is not null && raw.Contains("https:", StringComparison.OrdinalIgnoreCase)
        && HtmlSanitiser.Sanitise(raw, allowRemoteImages: true) != HtmlSanitiser.Sanitise(raw);

    internal static long MaxBytes(IServiceProvider services) => services.GetRequiredService<IOptions<MailOptions>>().Value.MaxMessageBytes;
}
