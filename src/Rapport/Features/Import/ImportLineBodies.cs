using System.Buffers;
using System.Text.Json;

namespace Rapport.Features.Import;

/// <summary>
/// Takes the long message bodies out of a line before the rest of it becomes a <see cref="JsonDocument"/>.
/// A document over a 50 MB line copies a line split across the read buffer into one rented array and
/// rents as much again for its token table (which the pool then keeps): 115 MB before a single body was
/// read. Here one <see cref="Utf8JsonReader"/> pass over the bytes where they lie reads each long body
/// straight into its string, and the document is made of what is left, a few kilobytes.
/// </summary>
/// <remarks>
/// A lifted body leaves an empty string in its place; <see cref="ImportLineParser"/> reads the body from
/// <see cref="Lifted.Bodies"/> by message index and field. Invalid JSON throws the reader's
/// <see cref="JsonException"/>, the same one the document would have thrown.
/// </remarks>
internal static class ImportLineBodies
{
    /// <summary>Bodies shorter than this (in bytes as sent) stay in the document, where they cost little.</summary>
    public const int LiftFromBytes = 16 * 1024;

    public sealed record Lifted(ReadOnlyMemory<byte> Rest, Dictionary<(int Message, string Field), string> Bodies);

    public static Lifted Lift(ReadOnlySequence<byte> line)
    {
        var bodies = new Dictionary<(int, string), string>();
        var reader = new Utf8JsonReader(line);
        ArrayBufferWriter<byte>? rest = null;
        long copied = 0;
        var inMessages = false;
        var message = -1;
        string? field = null;
        while (reader.Read())
        {
            // Depth 1: the line's own fields; 2: the items of "messages"; 3: the fields of a message.
            switch (reader.TokenType)
            {
                case JsonTokenType.PropertyName when reader.CurrentDepth == 1:
                    inMessages = reader.ValueTextEquals("messages"u8);
                    break;
                case JsonTokenType.PropertyName when reader.CurrentDepth == 3:
                    field = reader.ValueTextEquals("body_text"u8) ? "body_text" : reader.ValueTextEquals("body_html"u8) ? "body_html" : null;
                    break;
                case not (JsonTokenType.EndObject or JsonTokenType.EndArray or JsonTokenType.PropertyName or JsonTokenType.Comment)
                    when inMessages && reader.CurrentDepth == 2:
                    message++;
                    break;
                case JsonTokenType.String when inMessages && reader.CurrentDepth == 3 && field is not null
                    && (reader.HasValueSequence ? reader.ValueSequence.Length : reader.ValueSpan.Length) >= LiftFromBytes:
                    bodies[(message, field)] = reader.GetString()!;
                    rest ??= new ArrayBufferWriter<byte>();
                    Copy(line.Slice(copied, reader.TokenStartIndex - copied), rest);
                    rest.Write("\"\""u8);
                    copied = reader.BytesConsumed;
                    break;
            }
        }
        if (rest is null)
        {
            return new Lifted(line.IsSingleSegment ? line.First : line.ToArray(), bodies);
        }
        Copy(line.Slice(copied), rest);
        return new Lifted(rest.WrittenMemory, bodies);
    }

    private static void Copy(ReadOnlySequence<byte> from, ArrayBufferWriter<byte> to)
    {
        foreach (var segment in from)
        {
            to.Write(segment.Span);
        }
    }
}
