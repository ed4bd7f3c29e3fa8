using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;
using Rapport.Web.Auth;

namespace Rapport.Features.Import;

public sealed record ImportResponse(int Imported, int Skipped, int FailedCount, IReadOnlyList<ImportFailure> Failed);

public static class ImportApi
{
    /// <summary>A history export is large; the default 30 MB would cut a medium helpdesk off.</summary>
    public const long MaxBodyBytes = 100L * 1024 * 1024;

    /// <summary>Past this (or of unknown length), an import gives its memory back when it is done.</summary>
    public const long BigImportBytes = 10L * 1024 * 1024;

    private static readonly string[] LineTypes = ["application/x-ndjson", "application/jsonl", "application/json-lines", "text/plain"];

    public static void MapImportApi(this IEndpointRouteBuilder api)
    {
        api.MapPost("/import/conversations", ImportConversations)
            .RequireAuthorization(AuthSetup.Admin)
            .WithMetadata(new RequestSizeLimitAttribute(MaxBodyBytes))
            .Accepts<string>("application/x-ndjson", "text/plain")
            .Produces<ImportResponse>()
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .WithSummary("Import conversations with their history from JSON lines (docs/import-format.md).");
    }

    /// <summary>Good lines land and bad ones are listed with their line numbers, so the answer is 200 unless the body is not JSON lines at all.</summary>
    public static async Task<IResult> ImportConversations(HttpRequest request, ClaimsPrincipal user, ConversationImporter importer, CancellationToken ct)
    {
        var mediaType = MediaTypeHeaderValue.TryParse(request.ContentType, out var parsed) ? parsed.MediaType.Value : null;
        if (mediaType is null || !LineTypes.Contains(mediaType, StringComparer.OrdinalIgnoreCase))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType,
                title: "Send JSON lines.", detail: "Use Content-Type application/x-ndjson (or text/plain), one conversation per line.");
        }
        var result = await importer.ImportAsync(request.Body, user.Actor(), ct);
        if (request.ContentLength is null or > BigImportBytes)
        {
            // A big import leaves large buffers behind (its bodies as strings, their UTF-8 copies for
            // the database) in the large-object heap, which a server at rest seldom collects. Measured
            // with one 50 MB line on SQLite: 290 MB resident 10 s after with this collection, 390-424 MB
            // without it (idle is 180 MB). An import is rare and done by an admin, so one full,
            // compacting collection now is the cheaper way to give that memory back.
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        }
        return TypedResults.Ok(new ImportResponse(result.Imported, result.Skipped, result.FailedCount, result.Failed));
    }
}
