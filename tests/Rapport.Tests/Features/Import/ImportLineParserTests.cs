using System.Buffers;
using System.Text;
using System.Text.Json;
using Rapport.Features.Import;
using Rapport.Web;

namespace Rapport.Tests.Features.Import;

/// <summary>
/// A long line is read from its bytes as they lie in the read buffer (many segments): the long bodies
/// become their strings and no copy of the whole line is made (a document over it copied the line and
/// rented as much again for its token table).
/// </summary>
public sealed class ImportLineParserTests
{
    private static readonly DateTime Now = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void ParsingALongLineCostsItsBodiesNotCopiesOfTheLine()
    {
        // 25 bodies of 800,000 characters: a 20 MB line, 40 MB of strings once read.
        var body = new string('a', 800_000);
        var line = Segmented(Line(Enumerable.Range(0, 25).Select(i => Message($"\"body_text\":\"{body}\"", i)).ToArray()));
        ImportLineParser.Parse(Segmented(Line(Message("\"body_text\":\"warm up\"", 0))), Now, new Validation());

        var before = GC.GetAllocatedBytesForCurrentThread();
        var parsed = ImportLineParser.Parse(line, Now, new Validation());
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.NotNull(parsed);
        Assert.All(parsed.Messages, m => Assert.Equal(body, m.BodyText));
        // The strings (40 MB), plus at most one passing copy of each body's bytes (a value across read
        // buffers is joined before decoding): 60 MB. A document over the line cost 107 MB here.
        Assert.InRange(allocated, 25 * 1_600_000, (25 * 2_400_000) + (4 * 1024 * 1024));
    }

    [Fact]
    public void LongBodiesAreReadExactlyAndKeepTheirPlaceAmongTheMessages()
    {
        var text = string.Concat(Enumerable.Repeat("سلام \"quoted\"\n\\ é ", 5_000)) + "end";
        var html = string.Concat(Enumerable.Repeat("<p>Hello <b>there</b></p>", 2_000));
        var line = Line(
            Message($"\"body_text\":{JsonSerializer.Serialize(text)}", 0),
            Message("\"body_text\":\"short\"", 1),
            Message($"\"body_html\":{JsonSerializer.Serialize(html)}", 2),
            Message($"\"body_text\":\"\",\"body_html\":\"<p>x</p>\"", 3));

        var errors = new Validation();
        var parsed = ImportLineParser.Parse(Segmented(line), Now, errors);

        Assert.True(errors.IsValid, string.Join("; ", errors.Errors.Keys));
        Assert.Equal([text, "short"], parsed!.Messages.Take(2).Select(m => m.BodyText));
        Assert.Contains("<b>there</b>", parsed.Messages[2].BodyHtml);
        Assert.Equal("x", parsed.Messages[3].BodyText);
    }

    [Fact]
    public void ErrorsInALongLineNameTheMessageTheyBelongTo()
    {
        var tooLong = new string('a', ImportLineParser.MaxBodyLength + 1);
        var line = $$"""{"subject":"s","customer":{"email":"a@example.test"},"messages":["oops",{{Message("\"body_text\":\"fine\"", 1)}},{{Message($"\"body_text\":\"{tooLong}\"", 2)}},{{Message("\"body_text\":7", 3)}}]}""";

        var errors = new Validation();
        Assert.Null(ImportLineParser.Parse(Segmented(line), Now, errors));

        Assert.Equal(["messages[0]", "messages[2].body_text", "messages[3].body_text"], errors.Errors.Keys.Order());
    }

    [Fact]
    public void ALongLineThatIsNotJsonIsReportedAsSuch()
    {
        var line = Line(Message($"\"body_text\":\"{new string('a', 100_000)}\"", 0))[..^1] + ",}";
        var errors = new Validation();
        Assert.Null(ImportLineParser.Parse(Segmented(line), Now, errors));
        Assert.StartsWith("is not valid JSON", Assert.Single(errors.Errors["line"]));
    }

    private static string Message(string body, int i) =>
        $$"""{"kind":"inbound",{{body}},"created_at":"2025-01-10T00:{{i % 60:00}}:00Z"}""";

    private static string Line(params string[] messages) =>
        $$"""{"external_id":"x","subject":"s","customer":{"email":"a@example.test"},"messages":[{{string.Join(",", messages)}}]}""";

    /// <summary>The line in 64 KB pieces, as the read buffer holds it.</summary>
    private static ReadOnlySequence<byte> Segmented(string line)
    {
        var bytes = Encoding.UTF8.GetBytes(line);
        Segment? first = null, last = null;
        for (var at = 0; at < bytes.Length; at += 64 * 1024)
        {
            var piece = bytes.AsMemory(at, Math.Min(64 * 1024, bytes.Length - at));
            last = last is null ? first = new Segment(piece, 0) : last.Append(piece);
        }
        return new ReadOnlySequence<byte>(first!, 0, last!, last!.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
