using System.Globalization;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Rapport.Data;
using Rapport.Web;

namespace Rapport.Features.Accounts;

/// <summary>
/// The one-time link that creates the first admin, so a new install never has a default password.
/// Only the hash and the expiry are stored (settings row <c>setup_token</c>); each start while no
/// active admin exists replaces it, and it stops working as soon as one exists.
/// </summary>
public sealed class SetupToken(RapportDb db, IPasswordHasher<User> hasher, TimeProvider time)
{
    public const string SettingKey = "setup_token";
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(24);

    /// <summary>A new token when the workspace has no active admin, replacing any earlier one; otherwise null, and any old token is forgotten.</summary>
    public async Task<string?> IssueAsync(CancellationToken ct = default)
    {
        var needed = !await HasActiveAdminAsync(ct);
        await db.Settings.Where(s => s.Key == SettingKey).ExecuteDeleteAsync(ct);
        if (!needed)
        {
            return null;
        }
        var secret = OneTimeSecret.New();
        var expires = time.GetUtcNow().UtcDateTime + Lifetime;
        db.Settings.Add(new Setting { Key = SettingKey, Value = $"{OneTimeSecret.Hash(secret)}|{expires.ToString("O", CultureInfo.InvariantCulture)}" });
        await db.SaveChangesAsync(ct);
        return secret;
    }

    public async Task<bool> IsValidAsync(string? secret, CancellationToken ct = default) =>
        await FindAsync(secret, ct) is not null && !await HasActiveAdminAsync(ct);

    /// <summary>
    /// Creates the first admin if the token is still good. Claiming the token deletes its row, so of
    /// two people racing with the same link only one gets an account.
    /// </summary>
    public async Task<User?> CompleteAsync(string? secret, string email, string displayName, string password, CancellationToken ct = default)
    {
        await using var tx = await db.BeginWriteTransactionAsync(ct);
        var stored = await FindAsync(secret, ct);
        if (stored is null || await HasActiveAdminAsync(ct))
        {
            return null;
        }
        var claimed = await db.Settings.Where(s => s.Key == SettingKey && s.Value == stored).ExecuteDeleteAsync(ct);
        if (claimed != 1)
        {
            return null;
        }
        var user = new User(email, displayName, Role.Admin, time.GetUtcNow().UtcDateTime);
        user.PasswordHash = hasher.HashPassword(user, password);
        db.Users.Add(user);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return user;
    }

    private Task<bool> HasActiveAdminAsync(CancellationToken ct) =>
        db.Users.AnyAsync(u => u.Role == Role.Admin && u.IsActive, ct);

    /// <summary>The stored value when <paramref name="secret"/> matches it and it has not expired.</summary>
    private async Task<string?> FindAsync(string? secret, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(secret) || secret.Length > 100)
        {
            return null;
        }
        var stored = await db.GetAsync(SettingKey, ct);
        if (stored?.Split('|') is not [var hash, var expiresText]
            || !DateTime.TryParse(expiresText, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var expires))
        {
            return null;
        }
        return OneTimeSecret.HashMatches(secret, hash) && time.GetUtcNow().UtcDateTime < expires.ToUniversalTime() ? stored : null;
    }
}

/// <summary>At start, when there is no admin yet, prints the setup link once Kestrel listens.</summary>
internal sealed class SetupTokenAnnouncer(IServiceProvider services, IHostApplicationLifetime lifetime, ILogger<SetupTokenAnnouncer> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        if (!await scope.ServiceProvider.GetRequiredService<Migrator>().IsCurrentAsync(cancellationToken))
        {
            logger.LogWarning("The database is not migrated; run `rapport migrate` to get a setup link for the first admin.");
            return;
        }
        var token = await scope.ServiceProvider.GetRequiredService<SetupToken>().IssueAsync(cancellationToken);
        if (token is not null)
        {
            lifetime.ApplicationStarted.Register(() =>
                Console.WriteLine($"Open {services.PublicUrl()}/setup?token={token} to create the first admin account."));
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
