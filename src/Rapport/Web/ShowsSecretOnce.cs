namespace Rapport.Web;

/// <summary>
/// Endpoint metadata: a successful response of this endpoint shows a secret once (an API token, an
/// invite link). <see cref="IdempotencyMiddleware"/> never stores such a response; a retry with the
/// same <c>Idempotency-Key</c> is told (410) that the request was carried out and its secret is gone.
/// Endpoints say so themselves, so nothing depends on recognising secrets in a body.
/// </summary>
public sealed class ShowsSecretOnceAttribute : Attribute;

public static class ShowsSecretOnceExtensions
{
    private static readonly ShowsSecretOnceAttribute Marker = new();

    public static TBuilder ShowsSecretOnce<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(Marker);

    public static bool ShowsSecretOnce(this HttpContext context) =>
        context.GetEndpoint()?.Metadata.GetMetadata<ShowsSecretOnceAttribute>() is not null;
}
