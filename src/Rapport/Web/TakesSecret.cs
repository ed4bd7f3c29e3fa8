using System.Security.Cryptography;

namespace Rapport.Web;

/// <summary>
/// Endpoint metadata: the request body carries a secret (a password). <see cref="IdempotencyMiddleware"/>
/// keeps a hash of every request body for 24 hours to recognise a retry; for these bodies it is a slow,
/// salted hash (<see cref="SlowHash"/>), so the record is no quicker to guess a password from than the
/// user's own password hash.
/// </summary>
public sealed class TakesSecretAttribute : Attribute
{
    /// <summary>PBKDF2-HMAC-SHA512 with the iteration count ASP.NET Core Identity uses for passwords.</summary>
    public const int Iterations = 100_000;

    /// <summary>The body's hash, salted with the idempotency record's id (caller, method, path and key), as 64 hex digits.</summary>
    public static string SlowHash(byte[] body, string recordId) => Convert.ToHexStringLower(
        Rfc2898DeriveBytes.Pbkdf2(body, System.Text.Encoding.UTF8.GetBytes(recordId), Iterations, HashAlgorithmName.SHA512, 32));
}

public static class TakesSecretExtensions
{
    private static readonly TakesSecretAttribute Marker = new();

    public static TBuilder TakesSecret<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(Marker);

    public static bool TakesSecret(this HttpContext context) =>
        context.GetEndpoint()?.Metadata.GetMetadata<TakesSecretAttribute>() is not null;
}
