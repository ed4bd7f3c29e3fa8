namespace Rapport.Web;

/// <summary>
/// A request that is well-formed but not allowed in the current state (an illegal status change,
/// merging a conversation into itself). Mapped to 409 Conflict with the message as the detail.
/// </summary>
public sealed class DomainException(string message, string? code = null) : Exception(message)
{
    public string? Code { get; } = code;
}
