using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Rapport.Features.Conversations;

/// <summary>
/// A JSON request body whose <c>content_base64</c> files were decoded to disk while it was read
/// (<see cref="JsonFileSpool"/>), bound in place of the plain body so a 25 MB file is never a 33 MB
/// string in memory. The temporary files are deleted when the request ends, unless the attachment
/// store took them. Bad bodies fail the way the framework's own JSON binding fails (the problem
/// handler answers 400, 413 or 415); a busy server answers 503 with Retry-After (<see cref="Refusal"/>).
/// </summary>
public sealed class SpooledJson<T> where T : class
{
    private SpooledJson(T? value, JsonFileSpool? spool, IResult? refusal) => (Value, Spool, Refusal) = (value, spool, refusal);

    public T? Value { get; }

    /// <summary>The files of the body, for <see cref="MessageInput"/>; null for a body built in code.</summary>
    public JsonFileSpool? Spool { get; }

    /// <summary>Set when the body was not read at all: answer this.</summary>
    public IResult? Refusal { get; }

    /// <summary>A body built in code (the console), whose files, if any, are base64 strings in memory.</summary>
    public static SpooledJson<T> Of(T value) => new(value, null, null);

    public static async ValueTask<SpooledJson<T>?> BindAsync(HttpContext http)
    {
        var request = http.Request;
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var type)
            || !(type.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase) || type.MediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase)))
        {
            throw new BadHttpRequestException("Send the body as application/json.", StatusCodes.Status415UnsupportedMediaType);
        }
        var services = http.RequestServices;
        var slots = services.GetRequiredService<UploadSlots>();
        var slot = await slots.TakeAsync(request.ContentLength, http.RequestAborted);
        if (slot is null)
        {
            http.Response.Headers.RetryAfter = ((int)slots.RetryAfter.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return new SpooledJson<T>(null, null, TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable,
                title: "Too many uploads at once.", detail: "The server is reading as many files as it takes at a time; send this again after the Retry-After delay."));
        }
        http.Response.RegisterForDispose(slot);
        var store = services.GetRequiredService<AttachmentStore>();
        var spool = new JsonFileSpool(store.IncomingFolder(), store.MaxBytes);
        http.Response.RegisterForDisposeAsync(spool);
        var document = await spool.ReadAsync(request.Body, http.RequestAborted) is { } read ? read : throw new BadHttpRequestException($"An attachment is over the limit of {store.MaxBytes} bytes per file.", StatusCodes.Status413PayloadTooLarge);
        // The files are on disk; the slot is for reading them, not for the database work after.
        slot.Dispose();
        if (document.IsEmpty)
        {
            throw new BadHttpRequestException("Required parameter \"body\" was not provided from body.");
        }
        var options = services.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        try
        {
            var value = JsonSerializer.Deserialize<T>(document.Span, options)
                ?? throw new BadHttpRequestException("Required parameter \"body\" was not provided from body.");
            return new SpooledJson<T>(value, spool, null);
        }
        catch (JsonException e)
        {
            throw new BadHttpRequestException("The body is not valid JSON.", e);
        }
    }
}
