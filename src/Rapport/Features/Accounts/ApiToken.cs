using System.Security.Cryptography;
using System.Text;

namespace Rapport.Features.Accounts;

/// <summary>
/// What a token may do, each including the ones before it (the order matters: a token never mints a
/// broader one). <see cref="Ingest"/> is write plus speaking as a customer: posting raw mail and
/// customer (inbound) messages, for integrations that bring in a channel Rapport does not fetch itself.
/// </summary>
public enum TokenScope
{
    Read,
    Write,
    Ingest,
    Admin,
}

/// <summary>
/// A personal API token. Only a SHA-256 hash of the secret is stored: the secret carries 256 bits of
/// randomness, so a fast hash is enough and lets every request find its token by an index lookup.
/// </summary>
public sealed class ApiToken
{
    public const string SecretPrefix = "rpt_";

    private ApiToken() { }

    public long Id { get; private set; }
    public long UserId { get; private set; }
    public User? User { get; private set; }
    public string Name { get; private set; } = "";
    /// <summary>The first characters of the secret, so a user can tell tokens apart.</summary>
    public string Hint { get; private set; } = "";
    public string TokenHash { get; private set; } = "";
    public TokenScope Scope { get; private set; }
    public DateTime CreatedAt { get; private set; }
    public DateTime? LastUsedAt { get; set; }
    public DateTime? RevokedAt { get; private set; }

    public static (ApiToken Token, string Secret) Issue(long userId, string name, TokenScope scope, DateTime now)
    {
        var secret = SecretPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var token = new ApiToken
        {
            UserId = userId,
            Name = name.Trim(),
            Scope = scope,
            CreatedAt = now,
            Hint = secret[..(SecretPrefix.Length + 6)],
            TokenHash = Hash(secret),
        };
        return (token, secret);
    }

    public static string Hash(string secret) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    public void Revoke(DateTime now) => RevokedAt ??= now;
}
