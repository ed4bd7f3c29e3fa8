using Microsoft.EntityFrameworkCore;
using Microsoft.Net.Http.Headers;
using Rapport.Data;

namespace Rapport.Features.Conversations;

public static class AttachmentsApi
{
    /// <summary>
    /// Always a download, never rendered inline: a file a customer sent is not trusted to run in
    /// our origin, whatever type it claims.
    /// </summary>
    public static async Task<IResult> Download(long id, HttpContext http, RapportDb db, AttachmentStore store, CancellationToken ct)
    {
        var attachment = await db.Attachments.AsNoTracking().SingleOrDefaultAsync(a => a.Id == id, ct);
        if (attachment is null || !store.Exists(attachment.Sha256))
        {
            return TypedResults.NotFound();
        }
        http.Response.Headers.XContentTypeOptions = "nosniff";
        var contentType = MediaTypeHeaderValue.TryParse(attachment.ContentType, out _) ? attachment.ContentType : AttachmentFiles.DefaultContentType;
        return TypedResults.File(store.OpenRead(attachment.Sha256), contentType, attachment.FileName);
    }
}
