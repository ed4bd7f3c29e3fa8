namespace Rapport.Features.AgentConsole.Pages.Conversations;

/// <summary>The e-mail words of the conversation page: MailText.resx (English), .fa.resx (Persian) and .hy.resx (Armenian).</summary>
public sealed class MailText;
