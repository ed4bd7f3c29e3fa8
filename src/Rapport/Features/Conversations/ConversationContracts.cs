namespace Rapport.Features.Conversations;

// Requests. Absent fields are null; enums arrive as snake_case names ("on_hold", "whatsapp").

public sealed record CreateConversationRequest(
    string? Subject,
    Channel? Channel,
    Priority? Priority,
    long? TeamId,
    long? AssigneeId,
    List<string>? Tags,
    long? CustomerId,
    CustomerReference? Customer,
    MessageRequest? Message);

public sealed record CustomerReference(string? Email, string? Phone, string? Name);

/// <summary>
/// A message for any of the message endpoints. <see cref="Kind"/> is read only when creating a
/// conversation; <see cref="Status"/> only with a reply; <see cref="Mentions"/> only with a note;
/// <see cref="ExternalId"/> only for inbound messages (a retry with the same id is not stored twice).
/// </summary>
public sealed record MessageRequest(
    MessageKind? Kind,
    string? BodyText,
    string? BodyHtml,
    List<AttachmentUpload>? Attachments,
    Channel? Channel = null,
    ConversationStatus? Status = null,
    List<long>? Mentions = null,
    string? ExternalId = null);

public sealed record AttachmentUpload(string? FileName, string? ContentType, string? ContentBase64);

public sealed record UpdateConversationRequest(string? Subject, ConversationStatus? Status, Priority? Priority);

public sealed record AssignRequest(long? TeamId, long? AssigneeId);

public sealed record TransferRequest(long? TeamId, long? AssigneeId, string? Reason);

public sealed record MergeRequest(long? IntoId);

public sealed record LinkRequest(long? ConversationId);

public sealed record TagsRequest(List<string>? Tags);

// Responses.

public sealed record ConversationSummary(
    long Id,
    string Subject,
    ConversationStatus Status,
    Priority Priority,
    Channel Channel,
    long CustomerId,
    long? TeamId,
    long? AssigneeId,
    int TransferCount,
    int MessageCount,
    long? MergedIntoId,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    DateTime? LastMessageAt,
    DateTime? FirstReplyAt,
    DateTime? SolvedAt,
    DateTime? ClosedAt,
    IReadOnlyList<string> Tags);

public sealed record ConversationDetail(
    long Id,
    string Subject,
    ConversationStatus Status,
    Priority Priority,
    Channel Channel,
    long CustomerId,
    string CustomerName,
    long? TeamId,
    long? AssigneeId,
    int TransferCount,
    int MessageCount,
    long? MergedIntoId,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    DateTime? LastMessageAt,
    DateTime? FirstReplyAt,
    DateTime? SolvedAt,
    DateTime? ClosedAt,
    IReadOnlyList<string> Tags,
    IReadOnlyList<long> Followers,
    IReadOnlyList<long> Links);

public sealed record MessageView(
    long Id,
    long ConversationId,
    MessageKind Kind,
    Channel Channel,
    long? AuthorUserId,
    long? AuthorCustomerId,
    string BodyText,
    string? BodyHtml,
    string? ExternalId,
    DateTime CreatedAt,
    IReadOnlyList<AttachmentView> Attachments);

public sealed record AttachmentView(long Id, string FileName, string ContentType, long Size, string Sha256, string Url);

public sealed record LinkView(long ConversationId, string Subject, ConversationStatus Status, Channel Channel, DateTime CreatedAt, long? CreatedByUserId);
