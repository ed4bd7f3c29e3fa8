using System.Buffers;
using System.Text;

namespace Rapport.Features.Conversations;

/// <summary>A file that arrived as a <c>content_base64</c> string, decoded to a temporary file and hashed while it was read.</summary>
public sealed record SpooledFile(string Path, string Sha256, long Length, long TextLength, bool Invalid);

/// <summary>
/// Reads a JSON document from a stream and keeps it without the values of its <c>content_base64</c>
/// properties: each of those is decoded into a temporary file as it arrives and replaced by
/// <c>"spooled:N"</c>, N counting the files in the order they appear. What is left is small (the text
/// of a message), so it is deserialised as usual, while the files, however large, never sit in
/// memory whole, and one over the limit is refused as soon as it passes it. The scan knows only
/// what it must: strings (with their escapes), and which string names the value after it.
/// </summary>
public sealed class JsonFileSpool(string folder, long maxBytes) : IAsyncDisposable
{
    public const string Marker = "spooled:";
    private static readonly byte[] FileProperty = "content_base64"u8.ToArray();
    private static readonly SearchValues<byte> StringStops = SearchValues.Create("\"\\"u8);
    private static readonly SearchValues<byte> Structure = SearchValues.Create("\":"u8);

    private readonly List<SpooledFile> _files = [];
    private readonly List<string> _temporary = [];
    private readonly ArrayBufferWriter<byte> _document = new();
    private readonly byte[] _lastString = new byte[32];
    private int _lastStringLength = -1;
    private bool _inString;
    private bool _escape;
    private int _unicodeDigits = -1;
    private int _unicodeValue;
    private bool _nextStringIsFile;
    private Base64FileSink? _sink;

    public IReadOnlyList<SpooledFile> Files => _files;

    /// <summary>
    /// Reads the whole stream and returns the document without the file contents, or null as soon
    /// as a file goes over the limit; the rest of the stream is then left unread.
    /// </summary>
    public async Task<ReadOnlyMemory<byte>?> ReadAsync(Stream body, CancellationToken ct)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            int read;
            while ((read = await body.ReadAsync(buffer, ct)) > 0)
            {
                var at = 0;
                while (at < read)
                {
                    var taken = Scan(buffer.AsSpan(at, read - at));
                    at += taken;
                    if (_sink is { } sink)
                    {
                        if (sink.NeedsFlush)
                        {
                            await sink.FlushAsync(ct);
                        }
                        if (sink.TooLarge)
                        {
                            return null;
                        }
                        if (!_inString)
                        {
                            await CompleteFileAsync(sink, ct);
                            if (sink.TooLarge)
                            {
                                return null;
                            }
                        }
                    }
                }
            }
            return _document.WrittenMemory;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>The file a <c>"spooled:N"</c> value stands for; null for any other text.</summary>
    public SpooledFile? Find(string? value) =>
        value is not null && value.StartsWith(Marker, StringComparison.Ordinal)
        && int.TryParse(value.AsSpan(Marker.Length), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var index)
        && index < _files.Count ? _files[index] : null;

    /// <summary>
    /// Takes bytes until the input is used up, a file's decoding buffer is full, or a file's
    /// string ends (the caller then flushes or completes it); returns how many were taken.
    /// </summary>
    private int Scan(ReadOnlySpan<byte> input)
    {
        var at = 0;
        while (at < input.Length)
        {
            if (_sink is { } sink)
            {
                if (sink.NeedsFlush)
                {
                    return at;
                }
                if (!_escape && _unicodeDigits < 0)
                {
                    var run = input[at..].IndexOfAny(StringStops);
                    var plain = run < 0 ? input.Length - at : run;
                    if (plain > 0)
                    {
                        at += sink.Take(input.Slice(at, plain));
                        continue;
                    }
                }
                var c = input[at++];
                if (TakeFileByte(sink, c))
                {
                    return at;
                }
                continue;
            }
            if (_inString)
            {
                if (!_escape)
                {
                    // An ordinary string is copied as it is; its start is kept in case it names the next value.
                    var run = input[at..].IndexOfAny(StringStops);
                    var plain = run < 0 ? input.Length - at : run;
                    if (plain > 0)
                    {
                        Remember(input.Slice(at, plain));
                        _document.Write(input.Slice(at, plain));
                        at += plain;
                        continue;
                    }
                }
                var s = input[at++];
                _document.Write([s]);
                if (_escape)
                {
                    _escape = false;
                    Remember([s]);
                }
                else if (s == (byte)'\\')
                {
                    _escape = true;
                    Remember([s]);
                }
                else
                {
                    _inString = false;
                }
                continue;
            }
            var next = input[at..].IndexOfAny(Structure);
            var between = next < 0 ? input.Length - at : next;
            if (between > 0)
            {
                // Between strings: anything but whitespace means the last string named nothing.
                var gap = input.Slice(at, between);
                if (gap.IndexOfAnyExcept(" \t\r\n"u8) >= 0)
                {
                    _nextStringIsFile = false;
                    _lastStringLength = -1;
                }
                _document.Write(gap);
                at += between;
                continue;
            }
            var b = input[at++];
            if (b == (byte)':')
            {
                _nextStringIsFile = _lastStringLength >= 0 && _lastString.AsSpan(0, _lastStringLength).SequenceEqual(FileProperty);
                _lastStringLength = -1;
                _document.Write([b]);
                continue;
            }
            _inString = true;
            _lastStringLength = 0;
            if (_nextStringIsFile)
            {
                _nextStringIsFile = false;
                var path = Path.Combine(folder, $"{Guid.NewGuid():N}.upload");
                _temporary.Add(path);
                _sink = new Base64FileSink(path, maxBytes);
                _document.Write(Encoding.ASCII.GetBytes($"\"{Marker}{_files.Count}"));
                continue;
            }
            _document.Write([b]);
        }
        return at;
    }

    /// <summary>One byte of a file's string that is an escape, part of one, or its closing quote; true when the string ended.</summary>
    private bool TakeFileByte(Base64FileSink sink, byte c)
    {
        if (_unicodeDigits >= 0)
        {
            _unicodeValue = _unicodeValue * 16 + (char.IsAsciiHexDigit((char)c) ? Convert.ToInt32(((char)c).ToString(), 16) : 0x10000);
            if (++_unicodeDigits == 4)
            {
                _unicodeDigits = -1;
                // Encoders escape '+' as \u002B; anything outside ASCII cannot be base64.
                sink.Take(_unicodeValue < 0x80 ? (byte)_unicodeValue : (byte)'!');
            }
            return false;
        }
        if (_escape)
        {
            _escape = false;
            if (c == (byte)'u')
            {
                (_unicodeDigits, _unicodeValue) = (0, 0);
                return false;
            }
            sink.Take(c switch { (byte)'n' => (byte)'\n', (byte)'r' => (byte)'\r', (byte)'t' => (byte)'\t', (byte)'/' => (byte)'/', _ => (byte)'!' });
            return false;
        }
        if (c == (byte)'\\')
        {
            _escape = true;
            return false;
        }
        // The closing quote: the caller completes the file.
        _inString = false;
        return true;
    }

    private async Task CompleteFileAsync(Base64FileSink sink, CancellationToken ct)
    {
        _sink = null;
        var sha256 = await sink.CompleteAsync(ct);
        sink.Dispose();
        _files.Add(new SpooledFile(sink.Path, sha256, sink.Length, sink.TextLength, sink.Invalid));
        _document.Write("\""u8);
        _lastStringLength = -1;
    }

    private void Remember(ReadOnlySpan<byte> part)
    {
        if (_lastStringLength < 0)
        {
            return;
        }
        if (_lastStringLength + part.Length > _lastString.Length)
        {
            _lastStringLength = -1;
            return;
        }
        part.CopyTo(_lastString.AsSpan(_lastStringLength));
        _lastStringLength += part.Length;
    }

    public ValueTask DisposeAsync()
    {
        _sink?.Dispose();
        _sink = null;
        // Files moved into the store are gone from here already; the rest were never wanted.
        foreach (var path in _temporary)
        {
            File.Delete(path);
        }
        return ValueTask.CompletedTask;
    }
}
