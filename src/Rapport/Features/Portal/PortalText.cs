namespace Rapport.Features.Portal;

/// <summary>The words of the customer's pages: PortalText.resx (English), .fa.resx (Persian), .hy.resx (Armenian).</summary>
public sealed class PortalText;
