using System.ComponentModel.DataAnnotations;

namespace Rapport.Features.Portal;

/// <summary>The <c>Portal</c> section of the configuration.</summary>
public sealed class PortalOptions
{
    /// <summary>How long a status link in an acknowledgement keeps working.</summary>
    [Range(1, 3650)]
    public int StatusLinkDays { get; set; } = 365;
}
