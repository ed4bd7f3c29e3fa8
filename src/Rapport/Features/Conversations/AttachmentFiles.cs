using System.Net.Http.Headers;
using System.Text;

namespace Rapport.Features.Conversations;

/// <summary>Names and types of uploaded files, made safe to store and to offer for download.</summary>
public static class AttachmentFiles
{
    public const string DefaultContentType = "application/octet-stream";
    public const int MaxNameLength = 255;

    /// <summary>
    /// The last path segment, without control characters, characters no file system likes, and
    /// bidirectional overrides (which can make <c>txt.exe</c> read as <c>exe.txt</c>). Joiners such
    /// as the ZWNJ in Persian names are kept.
    /// </summary>
    public static string CleanName(string? name)
    {
        var last = (name ?? "").Split('/', '\\')[^1];
        var clean = new StringBuilder(last.Length);
        foreach (var c in last)
        {
            if (char.IsControl(c) || c is '<' or '>' or ':' or '"' or '|' or '?' or '*'
                || c is >= '\u202A' and <= '\u202E' || c is >= '\u2066' and <= '\u2069' || c is '\u200E' or '\u200F')
            {
                continue;
            }
            clean.Append(c);
        }
        var result = clean.ToString().Trim().Trim('.').Trim();
        if (result.Length == 0)
        {
            return "attachment";
        }
        if (result.Length > MaxNameLength)
        {
            var extension = Path.GetExtension(result);
            if (extension.Length > 20)
            {
                extension = "";
            }
            result = string.Concat(result.AsSpan(0, MaxNameLength - extension.Length), extension);
        }
        return result;
    }

    /// <summary>A valid media type (lower-case type and subtype, parameters kept), the default when absent, null when malformed.</summary>
    public static string? CleanContentType(string? contentType)
    {
        if (string.IsNullOrWhiteSpace(contentType))
        {
            return DefaultContentType;
        }
        if (contentType.Length > MaxNameLength || !MediaTypeHeaderValue.TryParse(contentType.Trim(), out var parsed)
            || parsed.MediaType is not { } mediaType || !mediaType.Contains('/', StringComparison.Ordinal))
        {
            return null;
        }
        parsed.MediaType = mediaType.ToLowerInvariant();
        return parsed.ToString();
    }
}
