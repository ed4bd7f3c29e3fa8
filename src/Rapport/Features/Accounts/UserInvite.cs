namespace Rapport.Features.Accounts;

/// <summary>
/// A one-time link that lets an invited agent choose a password. Like API tokens, only a SHA-256
/// hash of the secret is kept, so a copy of the database does not let anyone take over the account.
/// </summary>
public sealed class UserInvite
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(7);

    private UserInvite() { }

    public long Id { get; private set; }
    public long UserId { get; private set; }
    public User? User { get; private set; }
    public string TokenHash { get; private set; } = "";
    public DateTime CreatedAt { get; private set; }
    public DateTime ExpiresAt { get; private set; }
    public DateTime? UsedAt { get; private set; }

    public static (UserInvite Invite, string Secret) Issue(long userId, DateTime now)
    {
        var secret = OneTimeSecret.New();
        return (new UserInvite { UserId = userId, TokenHash = OneTimeSecret.Hash(secret), CreatedAt = now, ExpiresAt = now + Lifetime }, secret);
    }

    public bool IsUsableAt(DateTime now) => UsedAt is null && now < ExpiresAt;

    public void Use(DateTime now) => UsedAt ??= now;
}
