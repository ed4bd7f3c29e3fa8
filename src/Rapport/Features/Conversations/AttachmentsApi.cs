using Microsoft.EntityFrameworkCore;
using Microsoft.Net.Http.Headers;
using Rapport.Data;

namespace Rapport.Features.Conversations;

public static class AttachmentsApi
{
    /// <summary>
    /// Shown inline, typed as they are: raster images, which a browser only ever draws (the console
    /// shows mail's inline images). SVG is not here: it is a document that can run script.
    /// </summary>
    private static readonly HashSet<string> InlineImages = new(StringComparer.OrdinalIgnoreCase)
    {
        "image/png", "image/jpeg", "image/gif", "image/webp",
    };

    /// <summary>
    /// Typed as they are but downloaded: formats a browser does not run in the page. Anything else
    /// (HTML, SVG, XML, script, types we do not know) is sent as bytes.
    /// </summary>
    private static readonly HashSet<string> PassiveTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        "application/pdf", "application/zip", "text/plain", "text/csv", "application/msword", "application/vnd.ms-excel",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "application/vnd.oasis.opendocument.text", "application/vnd.oasis.opendocument.spreadsheet",
        "audio/mpeg", "audio/ogg", "video/mp4", "image/bmp", "image/tiff", "image/heic",
    };

    /// <summary>
    /// A file a customer sent is served from our own origin, so it must never run there, whatever
    /// type it claims: active types are sent as bytes to download, and even an opened file is
    /// sandboxed (no script, no same-origin access, nothing loaded) and never sniffed.
    /// </summary>
    public static async Task<IResult> Download(long id, HttpContext http, RapportDb db, AttachmentStore store, CancellationToken ct)
    {
        var attachment = await db.Attachments.AsNoTracking().SingleOrDefaultAsync(a => a.Id == id, ct);
        if (attachment is null || !store.Exists(attachment.Sha256))
        {
            return TypedResults.NotFound();
        }
        var (contentType, inline) = Serving(attachment.ContentType);
        var headers = http.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers.ContentSecurityPolicy = "sandbox; default-src 'none'";
        headers.ContentDisposition = new ContentDispositionHeaderValue(inline ? "inline" : "attachment")
        {
            FileNameStar = attachment.FileName,
        }.ToString();
        return TypedResults.Stream(store.OpenRead(attachment.Sha256), contentType);
    }

    /// <summary>The type a stored file is served with, and whether it may show inline.</summary>
    public static (string ContentType, bool Inline) Serving(string stored)
    {
        if (!MediaTypeHeaderValue.TryParse(stored, out var parsed) || parsed.MediaType.Value is not { } mediaType)
        {
            return (AttachmentFiles.DefaultContentType, false);
        }
        if (InlineImages.Contains(mediaType))
        {
            return (mediaType.ToLowerInvariant(), true);
        }
        // Parameters are kept only for the passive types (a text file's charset); nothing else is echoed.
        return PassiveTypes.Contains(mediaType) ? (stored, false) : (AttachmentFiles.DefaultContentType, false);
    }
}
