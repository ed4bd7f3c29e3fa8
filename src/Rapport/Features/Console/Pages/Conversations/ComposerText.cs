namespace Rapport.Features.AgentConsole.Pages.Conversations;

/// <summary>The composer's extras (mentions, attachments, promises): ComposerText.resx (English), .fa.resx (Persian) and .hy.resx (Armenian).</summary>
public sealed class ComposerText;
