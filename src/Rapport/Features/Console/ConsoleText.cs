namespace Rapport.Features.AgentConsole;

/// <summary>The console's words: ConsoleText.resx (English), .fa.resx (Persian) and .hy.resx (Armenian).</summary>
public sealed class ConsoleText;
