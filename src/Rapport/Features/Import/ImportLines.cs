using System.Buffers;
using System.IO.Pipelines;
using Rapport.Web;

namespace Rapport.Features.Import;

/// <summary>
/// Splits a UTF-8 JSON-lines body into lines as bytes (a leading byte-order mark and a '\r' before
/// each '\n' are dropped). A line stays in the pipe's buffers until it has been parsed, so the
/// parser of each item must run before the next one is asked for.
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
                while (buffer.PositionOf((byte)'\n') is { } end)
                {
                    yield return Line(buffer.Slice(0, end));
                    buffer = buffer.Slice(buffer.GetPosition(1, end));
                }
                if (result.IsCompleted)
                {
                    if (!buffer.IsEmpty)
                    {
                        yield return Line(buffer);
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

    private static Func<DateTime, Validation, ImportedConversation?>? Line(ReadOnlySequence<byte> line)
    {
        if (!line.IsEmpty && line.Slice(line.Length - 1).FirstSpan[0] == (byte)'\r')
        {
            line = line.Slice(0, line.Length - 1);
        }
        return IsBlank(line) ? null : (now, errors) => ImportLineParser.Parse(line, now, errors);
    }

    private static bool IsBlank(ReadOnlySequence<byte> line)
    {
        foreach (var segment in line)
        {
            if (segment.Span.IndexOfAnyExcept(" \t\r"u8) >= 0)
            {
                return false;
            }
        }
        return true;
    }
}
