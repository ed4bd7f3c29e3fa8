using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Rapport.Data;

namespace Rapport.Features.Conversations;

/// <summary>
/// Attachment bytes on disk, named by their SHA-256 under <c>{DataPath}/attachments/ab/cd/</c>.
/// The same file sent a thousand times is stored once. A file is written to a temporary name
/// and renamed into place, so a reader never sees half a file and a crash leaves no torn one.
/// </summary>
public sealed class AttachmentStore(IOptions<RapportOptions> options)
{
    private readonly string _root = Path.Combine(Path.GetFullPath(options.Value.DataPath), "attachments");

    public long MaxBytes { get; } = options.Value.MaxAttachmentBytes;

    /// <summary>Stores the bytes unless they are there already; returns their SHA-256 in lower-case hex.</summary>
    public async Task<string> SaveAsync(ReadOnlyMemory<byte> bytes, CancellationToken ct)
    {
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes.Span));
        var path = PathFor(sha256);
        if (File.Exists(path))
        {
            return sha256;
        }
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        try
        {
            await using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous))
            {
                await stream.WriteAsync(bytes, ct);
                stream.Flush(flushToDisk: true);
            }
            // Two writers of the same bytes may race here; either rename leaves the same content.
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }
        }
        return sha256;
    }

    /// <summary>
    /// Takes a file decoded to <see cref="IncomingFolder"/> (already hashed) into the store: a rename,
    /// as both are in the same folder tree, or a delete when the same bytes are stored already.
    /// </summary>
    public Task<string> SaveAsync(SpooledFile file)
    {
        var path = PathFor(file.Sha256);
        if (File.Exists(path))
        {
            File.Delete(file.Path);
            return Task.FromResult(file.Sha256);
        }
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        // Two uploads of the same bytes may race here; either rename leaves the same content.
        File.Move(file.Path, path, overwrite: true);
        return Task.FromResult(file.Sha256);
    }

    /// <summary>Where uploads are decoded while they arrive; inside the store's folder, so taking one in is a rename.</summary>
    public string IncomingFolder()
    {
        var folder = Path.Combine(_root, "incoming");
        Directory.CreateDirectory(folder);
        return folder;
    }

    public bool Exists(string sha256) => File.Exists(PathFor(sha256));

    public Stream OpenRead(string sha256) =>
        new FileStream(PathFor(sha256), FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.Asynchronous);

    public string PathFor(string sha256)
    {
        if (sha256.Length != 64 || !sha256.All(char.IsAsciiHexDigitLower))
        {
            throw new ArgumentException("Not a lower-case SHA-256 hex digest.", nameof(sha256));
        }
        return Path.Combine(_root, sha256[..2], sha256[2..4], sha256);
    }
}
