using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Rapport.Data;

namespace Rapport.Features.Accounts;

/// <summary>
/// Checks an e-mail and password, with lockout. Every failure looks the same to the caller, so the
/// answer never tells whether an address has an account, is deactivated or is locked.
/// </summary>
public sealed class PasswordSignIn(RapportDb db, IPasswordHasher<User> hasher, IOptions<AccountsOptions> options, TimeProvider time)
{
    public const string FailureMessage =
        "The e-mail address or password is not right. After repeated failures an account is locked for a while.";

    // Verified against when there is no user, so an unknown address costs as much time as a wrong password.
    private static readonly Lazy<string> DecoyHash = new(() =>
        new PasswordHasher<User>().HashPassword(new User("decoy@invalid", "decoy", Role.Agent, DateTime.UnixEpoch), OneTimeSecret.New()));

    /// <summary>The user when the password is right and the account may sign in; otherwise null.</summary>
    public async Task<User?> SignInAsync(string? email, string? password, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(email) || string.IsNullOrEmpty(password) || email.Length > 254 || password.Length > Passwords.MaxLength)
        {
            return null;
        }
        var normalised = User.NormaliseEmail(email);
        var user = await db.Users.SingleOrDefaultAsync(u => u.Email == normalised, ct);
        var now = time.GetUtcNow().UtcDateTime;
        if (user is null || user.PasswordHash is null || !user.IsActive || user.IsLockedAt(now))
        {
            hasher.VerifyHashedPassword(user ?? new User("decoy@invalid", "decoy", Role.Agent, now), DecoyHash.Value, password);
            return null;
        }
        var result = hasher.VerifyHashedPassword(user, user.PasswordHash, password);
        if (result == PasswordVerificationResult.Failed)
        {
            var o = options.Value;
            user.RecordFailedSignIn(now, o.MaxFailedSignIns, TimeSpan.FromMinutes(o.LockoutMinutes));
            await db.SaveChangesAsync(ct);
            return null;
        }
        if (result == PasswordVerificationResult.SuccessRehashNeeded)
        {
            user.PasswordHash = hasher.HashPassword(user, password);
        }
        user.RecordSignIn(now);
        await db.SaveChangesAsync(ct);
        return user;
    }
}
