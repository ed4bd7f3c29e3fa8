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
    /// <summary>0 while the first request is still running.</summary>
    public int StatusCode { get; set; }
    public string? ContentType { get; set; }
    public string? Location { get; set; }
    public byte[]? Body { get; set; }
    public DateTime CreatedAt { get; set; }
}
