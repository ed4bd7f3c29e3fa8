using System.Text;
using Rapport.Features.Mail.Parsing;

namespace Rapport.Tests.Features.Mail.Parsing;

/// <summary>uuencoded files in a plain-text body become attachments; text that only looks like a block stays text.</summary>
public class UuencodedTests
{
    private static ParsedMail Parse(string body) =>
        MailParser.Parse(Encoding.UTF8.GetBytes(("From: a@example.com\nSubject: files\n\n" + body).ReplaceLineEndings("\r\n")));

    private static string Block(string name, string content)
    {
        var bytes = Encoding.UTF8.GetBytes(content);
        var sb = new StringBuilder($"begin 644 {name}\n");
        for (var at = 0; at < bytes.Length; at += 45)
        {
            var line = bytes.AsSpan(at, Math.Min(45, bytes.Length - at));
            sb.Append((char)(' ' + line.Length));
            for (var i = 0; i < line.Length; i += 3)
            {
                int a = line[i], b = i + 1 < line.Length ? line[i + 1] : 0, c = i + 2 < line.Length ? line[i + 2] : 0;
                foreach (var six in new[] { a >> 2, ((a & 3) << 4) | (b >> 4), ((b & 15) << 2) | (c >> 6), c & 63 })
                {
                    sb.Append(six == 0 ? '`' : (char)(' ' + six));
                }
            }
            sb.Append('\n');
        }
        return sb.Append("`\nend\n").ToString();
    }

    [Fact]
    public void TwoBlocksBecomeTwoAttachmentsAndLeaveTheTextAroundThem()
    {
        var mail = Parse("First:\n" + Block("a.txt", "alpha") + "Second:\n" + Block("b.csv", "id,name\n1,Sara\n") + "Bye");
        Assert.Equal("First:\nSecond:\nBye", mail.TextBody?.TrimEnd());
        Assert.Equal(["a.txt", "b.csv"], mail.Attachments.Select(a => a.FileName));
        Assert.Equal("alpha", Encoding.UTF8.GetString(mail.Attachments[0].Content));
        Assert.Equal("id,name\n1,Sara\n", Encoding.UTF8.GetString(mail.Attachments[1].Content));
        Assert.All(mail.Attachments, a => Assert.Equal("application/octet-stream", a.ContentType));
    }

    [Theory]
    [InlineData("begin 644 plans for the new year\nwe start in January\nend\n")]
    [InlineData("begin 644 x.txt\n%86QP:&$`\n")]
    [InlineData("begin 644 x.txt\n%86QP:&$`\n`\nthe end\n")]
    [InlineData("begin 999 x.txt\n%86QP:&$`\n`\nend\n")]
    public void TextThatIsNotACompleteBlockStaysText(string body)
    {
        var mail = Parse(body);
        Assert.Equal(body.TrimEnd(), mail.TextBody?.TrimEnd());
        Assert.Empty(mail.Attachments);
    }

    [Fact]
    public void APathInTheNameIsDropped()
    {
        var mail = Parse(Block("../../etc/passwd", "x"));
        Assert.Equal("passwd", Assert.Single(mail.Attachments).FileName);
    }
}
