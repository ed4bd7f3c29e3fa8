using Rapport.Data;

namespace Rapport.Web;

public static class RequestLimits
{
    /// <summary>
    /// Attachments arrive base64-encoded inside JSON, a third larger than the file, so the body
    /// limit follows the attachment limit. Larger bodies get a 413 problem. The import endpoint
    /// raises the limit for itself.
    /// </summary>
    public static void AddRequestLimits(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection("Rapport").Get<RapportOptions>() ?? new RapportOptions();
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = (options.MaxAttachmentBytes * 4 / 3) + (1024 * 1024));
    }
}
