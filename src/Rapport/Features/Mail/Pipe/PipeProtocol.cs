using System.Buffers.Binary;
using System.Text;

namespace Rapport.Features.Mail.Pipe;

/// <summary>What the server says about one piped message.</summary>
public enum PipeStatus : byte
{
    /// <summary>Send the message now (the header was accepted).</summary>
    Continue = 1,
    Stored = 2,
    Duplicate = 3,
    Quarantined = 4,
    UnknownMailbox = 5,
    TemporaryFailure = 6,
    /// <summary>Larger than Mail:MaxMessageBytes: the client takes it in itself (the ingest keeps it in the quarantine).</summary>
    TooLarge = 7,
    BadRequest = 8,
}

public sealed record PipeAnswer(PipeStatus Status, string Text);

/// <summary>
/// The pipe socket's wire format, small enough to read without any framework. The client sends
/// <c>"RPM1"</c>, the mailbox key (u16 length + UTF-8) and the message length (i64); the server
/// answers <see cref="PipeStatus.Continue"/> or a final answer; after Continue the client sends the
/// raw message and the server answers once more. An answer is a status byte and a UTF-8 text
/// (u16 length). Integers are big-endian.
/// </summary>
public static class PipeProtocol
{
    public static ReadOnlySpan<byte> Magic => "RPM1"u8;
    public const int MaxKeyBytes = 1024;

    public static byte[] Header(string mailboxKey, long rawLength)
    {
        var key = Encoding.UTF8.GetBytes(mailboxKey);
        if (key.Length > MaxKeyBytes)
        {
            throw new ArgumentException("The mailbox key is too long.", nameof(mailboxKey));
        }
        var header = new byte[4 + 2 + key.Length + 8];
        Magic.CopyTo(header);
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(4), (ushort)key.Length);
        key.CopyTo(header.AsSpan(6));
        BinaryPrimitives.WriteInt64BigEndian(header.AsSpan(6 + key.Length), rawLength);
        return header;
    }

    /// <summary>Reads a header; null when it is not one.</summary>
    public static async Task<(string Key, long Length)?> ReadHeaderAsync(Stream stream, CancellationToken ct)
    {
        var fixedPart = new byte[6];
        await stream.ReadExactlyAsync(fixedPart, ct);
        if (!fixedPart.AsSpan(0, 4).SequenceEqual(Magic))
        {
            return null;
        }
        var keyLength = BinaryPrimitives.ReadUInt16BigEndian(fixedPart.AsSpan(4));
        if (keyLength > MaxKeyBytes)
        {
            return null;
        }
        var rest = new byte[keyLength + 8];
        await stream.ReadExactlyAsync(rest, ct);
        return (Encoding.UTF8.GetString(rest, 0, keyLength), BinaryPrimitives.ReadInt64BigEndian(rest.AsSpan(keyLength)));
    }

    public static async Task WriteAnswerAsync(Stream stream, PipeAnswer answer, CancellationToken ct)
    {
        var text = Encoding.UTF8.GetBytes(answer.Text);
        var length = Math.Min(text.Length, ushort.MaxValue);
        var frame = new byte[3 + length];
        frame[0] = (byte)answer.Status;
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(1), (ushort)length);
        text.AsSpan(0, length).CopyTo(frame.AsSpan(3));
        await stream.WriteAsync(frame, ct);
        await stream.FlushAsync(ct);
    }

    /// <summary>Reads an answer; throws <see cref="EndOfStreamException"/> when the server closed the connection first.</summary>
    public static async Task<PipeAnswer> ReadAnswerAsync(Stream stream, CancellationToken ct)
    {
        var head = new byte[3];
        await stream.ReadExactlyAsync(head, ct);
        var text = new byte[BinaryPrimitives.ReadUInt16BigEndian(head.AsSpan(1))];
        await stream.ReadExactlyAsync(text, ct);
        return new PipeAnswer((PipeStatus)head[0], Encoding.UTF8.GetString(text));
    }
}
