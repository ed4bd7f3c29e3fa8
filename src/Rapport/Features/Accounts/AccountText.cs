namespace Rapport.Features.Accounts;

/// <summary>The account pages' words (sign-in, setup, invite): AccountText.resx (English), .fa.resx (Persian) and .hy.resx (Armenian).</summary>
public sealed class AccountText;
