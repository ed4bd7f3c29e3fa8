using Rapport.Web;

namespace Rapport.Features.Conversations;

/// <summary>Checks a <see cref="MessageRequest"/>, decodes its files, and turns it into a <see cref="MessageBody"/>.</summary>
internal sealed class MessageInput
{
    public const int MaxTextLength = 100_000;
    public const int MaxHtmlLength = 1_000_000;
    public const int MaxAttachments = 20;

    private readonly MessageRequest _request;
    private readonly List<DecodedFile> _files;

    private MessageInput(MessageRequest request, List<DecodedFile> files)
    {
        _request = request;
        _files = files;
    }

    /// <summary>
    /// Adds field errors (named <paramref name="prefix"/> + JSON field) to <paramref name="validation"/>,
    /// and returns a 413 problem when a file is over the size limit. Files the request's body had
    /// decoded to disk already are found in <paramref name="spool"/>; others are decoded here.
    /// </summary>
    public static (MessageInput? Input, IResult? TooLarge) Check(MessageRequest? request, string prefix, Validation validation, long maxBytes,
        JsonFileSpool? spool = null)
    {
        if (request is null)
        {
            validation.Add(prefix.TrimEnd('.') is { Length: > 0 } name ? name : "body", "is required.");
            return (null, null);
        }
        validation.MaxLength(prefix + "body_text", request.BodyText, MaxTextLength);
        validation.MaxLength(prefix + "body_html", request.BodyHtml, MaxHtmlLength);
        validation.MaxLength(prefix + "external_id", request.ExternalId, Message.MaxExternalIdLength);
        var uploads = request.Attachments ?? [];
        if (string.IsNullOrWhiteSpace(request.BodyText) && string.IsNullOrWhiteSpace(request.BodyHtml) && uploads.Count == 0)
        {
            validation.Add(prefix + "body_text", "is required (or body_html, or at least one attachment).");
        }
        if (uploads.Count > MaxAttachments)
        {
            validation.Add(prefix + "attachments", $"must hold at most {MaxAttachments} files.");
            return (null, null);
        }
        var files = new List<DecodedFile>(uploads.Count);
        for (var i = 0; i < uploads.Count; i++)
        {
            var field = $"{prefix}attachments[{i}]";
            var upload = uploads[i];
            if (upload is null)
            {
                validation.Add(field, "is required.");
                continue;
            }
            validation.MaxLength(field + ".file_name", upload.FileName, 1000);
            var contentType = AttachmentFiles.CleanContentType(upload.ContentType);
            if (contentType is null)
            {
                validation.Add(field + ".content_type", "is not a media type such as application/pdf.");
            }
            var base64 = upload.ContentBase64;
            if (string.IsNullOrEmpty(base64))
            {
                validation.Add(field + ".content_base64", "is required.");
                continue;
            }
            var fileName = AttachmentFiles.CleanName(upload.FileName);
            if (spool?.Find(base64) is { } spooled)
            {
                if (spooled.TextLength == 0)
                {
                    validation.Add(field + ".content_base64", "is required.");
                }
                else if (spooled.Invalid)
                {
                    validation.Add(field + ".content_base64", "is not valid base64.");
                }
                else if (spooled.Length > maxBytes)
                {
                    return (null, TooLargeProblem(fileName, maxBytes));
                }
                else
                {
                    files.Add(new DecodedFile(fileName, contentType ?? AttachmentFiles.DefaultContentType, default, spooled));
                }
                continue;
            }
            // Refuse before decoding: the decoded size is at most three quarters of the text.
            if ((long)base64.Length / 4 * 3 - 2 > maxBytes)
            {
                return (null, TooLargeProblem(fileName, maxBytes));
            }
            var buffer = new byte[base64.Length / 4 * 3 + 3];
            if (!Convert.TryFromBase64String(base64, buffer, out var written))
            {
                validation.Add(field + ".content_base64", "is not valid base64.");
                continue;
            }
            if (written > maxBytes)
            {
                return (null, TooLargeProblem(fileName, maxBytes));
            }
            files.Add(new DecodedFile(fileName, contentType ?? AttachmentFiles.DefaultContentType, buffer.AsMemory(0, written), null));
        }
        return (new MessageInput(request, files), null);
    }

    public IReadOnlyCollection<long> Mentions => _request.Mentions ?? [];

    public bool HasFiles => _files.Count > 0;

    public ConversationStatus? Status => _request.Status;

    public string? ExternalId => string.IsNullOrWhiteSpace(_request.ExternalId) ? null : _request.ExternalId.Trim();

    /// <summary>Writes the files to the store (once per content) and returns the body to add to a conversation.</summary>
    public async Task<MessageBody> StoreAsync(AttachmentStore store, CancellationToken ct)
    {
        var attachments = new List<Attachment>(_files.Count);
        foreach (var file in _files)
        {
            if (file.Spooled is { } spooled)
            {
                attachments.Add(new Attachment(file.FileName, file.ContentType, spooled.Length, await store.SaveAsync(spooled)));
                continue;
            }
            var sha256 = await store.SaveAsync(file.Bytes, ct);
            attachments.Add(new Attachment(file.FileName, file.ContentType, file.Bytes.Length, sha256));
        }
        return new MessageBody(_request.BodyText, _request.BodyHtml, attachments, ExternalId, _request.Channel);
    }

    private static IResult TooLargeProblem(string fileName, long maxBytes) => TypedResults.Problem(
        statusCode: StatusCodes.Status413PayloadTooLarge,
        title: "The attachment is too large.",
        detail: $"'{fileName}' is over the limit of {maxBytes} bytes per file.");

    /// <summary>A checked file: its bytes in memory, or already on disk (<see cref="Spooled"/>).</summary>
    private sealed record DecodedFile(string FileName, string ContentType, ReadOnlyMemory<byte> Bytes, SpooledFile? Spooled);
}
