namespace Rapport.Features.AgentConsole.Pages.Profile;

/// <summary>The profile page's words: ProfileText.resx (English), .fa.resx (Persian) and .hy.resx (Armenian).</summary>
public sealed class ProfileText;
