namespace Rapport.Features.AgentConsole.Pages.Conversations;

/// <summary>The conversation page's newer words (mentions, attachments, transfer confirmation, links, promises): ConversationExtraText.resx (English), .fa.resx (Persian) and .hy.resx (Armenian).</summary>
public sealed class ConversationExtraText;
