namespace Rapport.Features.Mail.Acknowledgements;

/// <summary>The words of the acknowledgement mail: AcknowledgementText.resx (English), .fa.resx (Persian), .hy.resx (Armenian).</summary>
public sealed class AcknowledgementText;
