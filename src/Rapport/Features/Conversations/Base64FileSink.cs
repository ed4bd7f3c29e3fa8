using System.Buffers.Text;
using System.Security.Cryptography;

namespace Rapport.Features.Conversations;

/// <summary>
/// Decodes base64 text handed over in pieces straight into a file, hashing as it goes, so a file
/// sent as a JSON string never exists in memory whole. Whitespace is skipped (some clients wrap
/// lines); anything else that is not base64, or padding before the end, makes the text invalid.
/// </summary>
internal sealed class Base64FileSink : IDisposable
{
    private const int ChunkChars = 16 * 1024;

    private readonly FileStream _file;
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly long _maxBytes;
    private readonly byte[] _chars = new byte[ChunkChars];
    private readonly byte[] _bytes = new byte[ChunkChars / 4 * 3];
    private int _pending;
    private bool _padded;

    public Base64FileSink(string path, long maxBytes)
    {
        Path = path;
        _maxBytes = maxBytes;
        _file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 64 * 1024, FileOptions.Asynchronous);
    }

    public string Path { get; }

    /// <summary>Bytes decoded so far.</summary>
    public long Length { get; private set; }

    /// <summary>Base64 characters seen, whitespace not counted.</summary>
    public long TextLength { get; private set; }

    public bool Invalid { get; private set; }

    /// <summary>Over <c>maxBytes</c>, counting the characters not decoded yet: the caller stops reading and refuses the request.</summary>
    public bool TooLarge => Length + Math.Max(0, _pending / 4 * 3 - 2) > _maxBytes;

    /// <summary>The decoding buffer is full: call <see cref="FlushAsync"/> before taking more.</summary>
    public bool NeedsFlush => _pending == ChunkChars;

    /// <summary>Takes characters of the string's value (escapes already resolved) until the buffer is full; returns how many.</summary>
    public int Take(ReadOnlySpan<byte> text)
    {
        var taken = 0;
        while (taken < text.Length && _pending < ChunkChars)
        {
            Take(text[taken++]);
        }
        return taken;
    }

    public void Take(byte c)
    {
        if (Invalid || c is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
        {
            return;
        }
        TextLength++;
        var isPad = c == (byte)'=';
        if (!isPad && !IsBase64(c) || _padded && !isPad)
        {
            Invalid = true;
            return;
        }
        _padded |= isPad;
        _chars[_pending++] = c;
    }

    /// <summary>Ends the text: decodes what is left and makes the file durable. Returns the SHA-256 in lower-case hex.</summary>
    public async Task<string> CompleteAsync(CancellationToken ct)
    {
        if (!Invalid && _pending % 4 != 0)
        {
            Invalid = true;
        }
        if (!Invalid)
        {
            await FlushAsync(ct);
        }
        await _file.FlushAsync(ct);
        _file.Flush(flushToDisk: true);
        await _file.DisposeAsync();
        return Convert.ToHexStringLower(_hash.GetHashAndReset());
    }

    /// <summary>Decodes and writes the whole groups of four taken so far.</summary>
    public async ValueTask FlushAsync(CancellationToken ct)
    {
        // Only whole groups of four are decoded; the rest waits for the next piece.
        var whole = _pending / 4 * 4;
        if (whole == 0 || Invalid)
        {
            return;
        }
        if (Base64.DecodeFromUtf8(_chars.AsSpan(0, whole), _bytes, out _, out var written) != System.Buffers.OperationStatus.Done)
        {
            Invalid = true;
            return;
        }
        Length += written;
        if (!TooLarge)
        {
            _hash.AppendData(_bytes, 0, written);
            await _file.WriteAsync(_bytes.AsMemory(0, written), ct);
        }
        _chars.AsSpan(whole, _pending - whole).CopyTo(_chars);
        _pending -= whole;
    }

    private static bool IsBase64(byte c) => c is >= (byte)'A' and <= (byte)'Z' or >= (byte)'a' and <= (byte)'z' or >= (byte)'0' and <= (byte)'9' or (byte)'+' or (byte)'/';

    public void Dispose()
    {
        _file.Dispose();
        _hash.Dispose();
    }
}
