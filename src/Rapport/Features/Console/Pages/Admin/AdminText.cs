namespace Rapport.Features.AgentConsole.Pages.Admin;

/// <summary>The admin pages' words: AdminText.resx (English), .fa.resx (Persian) and .hy.resx (Armenian).</summary>
public sealed class AdminText;
