namespace Rapport.Features.Accounts;

public enum Role
{
    /// <summary>Sets up the workspace: agents, teams, fields, tokens of others.</summary>
    Admin,
    /// <summary>Works conversations: replies, notes, assignment, transfers.</summary>
    Agent,
    /// <summary>Sees conversations and adds internal notes, but never replies to a customer.</summary>
    LightAgent,
}

/// <summary>An agent or admin who signs in to the console or calls the API.</summary>
public sealed class User
{
    private User() { }

    public User(string email, string displayName, Role role, DateTime now)
    {
        Email = NormaliseEmail(email);
        DisplayName = displayName.Trim();
        Role = role;
        CreatedAt = now;
        IsActive = true;
        Language = "en";
        TimeZone = "UTC";
    }

    public long Id { get; private set; }
    public string Email { get; private set; } = "";
    public string DisplayName { get; set; } = "";
    public Role Role { get; set; }
    public string? PasswordHash { get; set; }
    public string Language { get; set; } = "en";
    public string TimeZone { get; set; } = "UTC";
    public bool IsActive { get; set; }
    public int FailedSignIns { get; set; }
    public DateTime? LockedUntil { get; set; }
    public DateTime CreatedAt { get; private set; }
    public DateTime? LastSignInAt { get; set; }
    /// <summary>
    /// Random; every session cookie carries the value it had at sign-in, and a cookie whose value is no
    /// longer the user's is refused. A new one ends all the user's sessions (<see cref="EndSessions"/>).
    /// </summary>
    public string SecurityStamp { get; private set; } = NewSecurityStamp();
    public List<TeamMembership> Memberships { get; private set; } = [];

    public static string NewSecurityStamp() => Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));

    /// <summary>Ends every session cookie of this user at its next request.</summary>
    public void EndSessions() => SecurityStamp = NewSecurityStamp();

    public static string NormaliseEmail(string email) => email.Trim().ToLowerInvariant();

    public bool IsLockedAt(DateTime now) => LockedUntil is { } until && now < until;

    public void RecordSignIn(DateTime now)
    {
        FailedSignIns = 0;
        LockedUntil = null;
        LastSignInAt = now;
    }
}
