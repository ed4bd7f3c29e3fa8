namespace Rapport.Features.AgentConsole.Pages.Reports;

/// <summary>The report pages' words: ReportsText.resx (English), .fa.resx (Persian) and .hy.resx (Armenian).</summary>
public sealed class ReportsText;
