using System.ComponentModel.DataAnnotations;

namespace Rapport.Features.Accounts;

/// <summary>The <c>Accounts</c> section: how hard a guessed password is punished.</summary>
public sealed class AccountsOptions
{
    /// <summary>Consecutive wrong passwords after which the account is locked.</summary>
    [Range(1, 100)]
    public int MaxFailedSignIns { get; set; } = 5;

    /// <summary>How long a locked account stays locked, in minutes.</summary>
    [Range(1, 24 * 60)]
    public int LockoutMinutes { get; set; } = 15;
}
