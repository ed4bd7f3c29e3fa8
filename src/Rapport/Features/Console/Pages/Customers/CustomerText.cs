namespace Rapport.Features.AgentConsole.Pages.Customers;

/// <summary>The customer and company pages' words: CustomerText.resx (English), .fa.resx (Persian) and .hy.resx (Armenian).</summary>
public sealed class CustomerText;
