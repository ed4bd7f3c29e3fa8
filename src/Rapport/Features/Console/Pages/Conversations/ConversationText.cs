namespace Rapport.Features.AgentConsole.Pages.Conversations;

/// <summary>The conversation page's words: ConversationText.resx (English), .fa.resx (Persian) and .hy.resx (Armenian).</summary>
public sealed class ConversationText;
