namespace Rapport.Data;

/// <summary>
/// The first response to a create request that carried an <c>Idempotency-Key</c>. A retry with the
/// same key (from the same caller) gets this response back instead of creating a duplicate.
/// </summary>
public sealed class IdempotencyRecord
{
    /// <summary>Hash of caller, key, method and path.</summary>
    public string Id { get; set; } = "";
    /// <summary>Hash of the request body, to refuse reusing a key for a different request.</summary>
    public string RequestHash { get; set; } = "";
    /// <summary>
    /// 0 while the first request is still running and has committed nothing; <see cref="Applied"/>
    /// once it has committed a change (written in that change's transaction) but its response is
    /// not stored yet; then the response's status.
    /// </summary>
    public int StatusCode { get; set; }

    /// <summary>The request's change is committed; its response is not (yet) kept.</summary>
    public const int Applied = -1;
    public string? ContentType { get; set; }
    public string? Location { get; set; }
    public byte[]? Body { get; set; }
    public DateTime CreatedAt { get; set; }
    /// <summary>
    /// The <see cref="ThisInstance.Id"/> of the process running the request; null on reservations made
    /// before processes were tracked, which fall back to a time limit.
    /// </summary>
    public string? OwnerInstance { get; set; }
}
