using System.Security.Cryptography;
using System.Text;

namespace Rapport.Features.Accounts;

/// <summary>Random URL-safe secrets for one-time links, and the hash under which they are stored.</summary>
public static class OneTimeSecret
{
    public static string New() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))
        .TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static string Hash(string secret) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    /// <summary>Compares hashes in constant time, so response timing does not leak how much matched.</summary>
    public static bool HashMatches(string secret, string storedHash) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Hash(secret)), Encoding.ASCII.GetBytes(storedHash));
}
