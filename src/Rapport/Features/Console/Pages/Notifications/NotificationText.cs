namespace Rapport.Features.AgentConsole.Pages.Notifications;

/// <summary>The bell's and the notifications page's words: NotificationText.resx (English), .fa.resx (Persian) and .hy.resx (Armenian).</summary>
public sealed class NotificationText;
