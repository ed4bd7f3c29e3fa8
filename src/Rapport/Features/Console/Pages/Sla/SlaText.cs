namespace Rapport.Features.AgentConsole.Pages.Sla;

/// <summary>The SLA pages' and badge's words: SlaText.resx (English), .fa.resx (Persian) and .hy.resx (Armenian).</summary>
public sealed class SlaText;
