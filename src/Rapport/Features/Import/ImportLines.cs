using System.Buffers;
using System.IO.Pipelines;
using Rapport.Web;

namespace Rapport.Features.Import;

/// <summary>
/// Splits a UTF-8 JSON-lines body into lines as bytes (a leading byte-order mark and a '\r' before
/// each '\n' are dropped). A line within one of the pipe's segments is parsed where it lies, so the
/// parser of each item must run before the next one is asked for; a longer line is copied out once.
/// </summary>
internal static class ImportLines
{
    private static readonly byte[] ByteOrderMark = [0xEF, 0xBB, 0xBF];

    public static async IAsyncEnumerable<Func<DateTime, Validation, ImportedConversation?>?> ReadAsync(Stream utf8,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        var reader = PipeReader.Create(utf8, new StreamPipeReaderOptions(bufferSize: 64 * 1024, leaveOpen: true));
        var first = true;
        try
        {
            while (true)
            {
                var result = await reader.ReadAsync(ct);
                var buffer = result.Buffer;
                if (first && (buffer.Length >= ByteOrderMark.Length || result.IsCompleted))
                {
                    first = false;
                    if (buffer.Length >= ByteOrderMark.Length && buffer.Slice(0, ByteOrderMark.Length).ToArray().AsSpan().SequenceEqual(ByteOrderMark))
                    {
                        buffer = buffer.Slice(ByteOrderMark.Length);
                    }
                }
                else if (first)
                {
                    reader.AdvanceTo(buffer.Start, buffer.End);
                    continue;
                }
                var copied = false;
                while (buffer.PositionOf((byte)'\n') is { } end)
                {
                    var line = buffer.Slice(0, end);
                    buffer = buffer.Slice(buffer.GetPosition(1, end));
                    if (line.IsSingleSegment)
                    {
                        yield return Line(line.First);
                        continue;
                    }
                    // A line across the pipe's segments: JsonDocument would copy it into one rented
                    // array (which the pool then keeps) while the segments stay held too. One exact
                    // copy, with the segments handed back before it is parsed, holds the line once.
                    var bytes = line.ToArray();
                    reader.AdvanceTo(buffer.Start);
                    copied = true;
                    yield return Line(bytes);
                    break;
                }
                if (copied)
                {
                    // What followed the line is still in the pipe; the next read gives it back without waiting.
                    continue;
                }
                if (result.IsCompleted)
                {
                    if (!buffer.IsEmpty)
                    {
                        yield return Line(buffer.IsSingleSegment ? buffer.First : buffer.ToArray());
                    }
                    yield break;
                }
                // The rest is the start of a line not yet complete: keep it, ask for more.
                reader.AdvanceTo(buffer.Start, buffer.End);
            }
        }
        finally
        {
            await reader.CompleteAsync();
        }
    }

    private static Func<DateTime, Validation, ImportedConversation?>? Line(ReadOnlyMemory<byte> line)
    {
        if (!line.IsEmpty && line.Span[^1] == (byte)'\r')
        {
            line = line[..^1];
        }
        return line.Span.IndexOfAnyExcept(" \t\r"u8) < 0 ? null : (now, errors) => ImportLineParser.Parse(line, now, errors);
    }
}
