using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Rapport.Data;

namespace Rapport.Features.Accounts;

/// <summary>
/// Checks an e-mail and password, with lockout. Every failure looks the same to the caller, so the
/// answer never tells whether an address has an account, is deactivated or is locked.
/// Each attempt is counted in the database before the password is checked, by one atomic
/// <c>UPDATE … RETURNING</c>, and the lock is decided from the count it returns: guesses sent at once
/// (on one node or several) each get their own number, so at most <see cref="AccountsOptions.MaxFailedSignIns"/>
/// passwords are ever checked per lock period, and the attempt that reaches the limit locks the account.
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
        var o = options.Value;
        var attempt = user is null || user.PasswordHash is null || !user.IsActive || user.IsLockedAt(now)
            ? null
            : await CountAttemptAsync(user.Id, now, ct);
        if (attempt > o.MaxFailedSignIns)
        {
            // Guesses sent together already used up what this lock period allows: lock without checking.
            await LockAsync(user!.Id, now, ct);
            attempt = null;
        }
        if (attempt is null)
        {
            hasher.VerifyHashedPassword(user ?? new User("decoy@invalid", "decoy", Role.Agent, now), DecoyHash.Value, password);
            return null;
        }
        var result = hasher.VerifyHashedPassword(user!, user!.PasswordHash!, password);
        if (result == PasswordVerificationResult.Failed)
        {
            if (attempt >= o.MaxFailedSignIns)
            {
                await LockAsync(user.Id, now, ct);
            }
            return null;
        }
        if (result == PasswordVerificationResult.SuccessRehashNeeded)
        {
            user.PasswordHash = hasher.HashPassword(user, password);
        }
        user.RecordSignIn(now);
        // The row's count moved under this context (the attempt above): write the reset whatever EF remembers.
        db.Entry(user).Property(u => u.FailedSignIns).IsModified = true;
        db.Entry(user).Property(u => u.LockedUntil).IsModified = true;
        await db.SaveChangesAsync(ct);
        return user;
    }

    /// <summary>This attempt's number since the last sign-in or lock; null when the account got locked meanwhile.</summary>
    private async Task<int?> CountAttemptAsync(long userId, DateTime now, CancellationToken ct)
    {
        using var lease = db.WriteGate is { } gate ? await gate.EnterAsync(ct) : null;
        var counted = await db.Database.SqlQuery<int>($"""
            UPDATE users SET failed_sign_ins = failed_sign_ins + 1
            WHERE id = {userId} AND (locked_until IS NULL OR locked_until <= {now})
            RETURNING failed_sign_ins AS "Value"
            """).ToListAsync(ct);
        return counted.Count == 1 ? counted[0] : null;
    }

    /// <summary>Locks the account and starts a new count for the period after it.</summary>
    private async Task LockAsync(long userId, DateTime now, CancellationToken ct)
    {
        var until = now + TimeSpan.FromMinutes(options.Value.LockoutMinutes);
        using var lease = db.WriteGate is { } gate ? await gate.EnterAsync(ct) : null;
        await db.Users.Where(u => u.Id == userId)
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.LockedUntil, until).SetProperty(u => u.FailedSignIns, 0), ct);
    }
}
