namespace Rapport.Features.Sla;

/// <summary>The words of the public service standards: StandardsText.resx (English), .fa.resx (Persian) and .hy.resx (Armenian).</summary>
public sealed class StandardsText;
