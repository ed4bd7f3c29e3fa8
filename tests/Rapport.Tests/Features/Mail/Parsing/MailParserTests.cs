using System.Text;
using Rapport.Features.Mail.Parsing;

namespace Rapport.Tests.Features.Mail.Parsing;

/// <summary>The parser's rules one at a time, on messages small enough to read in the test.</summary>
public class MailParserTests
{
    private static ParsedMail Parse(string message) => MailParser.Parse(Encoding.UTF8.GetBytes(message.ReplaceLineEndings("\r\n")));

    private static ParsedMail Parse(byte[] message) => MailParser.Parse(message);

    [Fact]
    public void ReadsASimpleMessage()
    {
        var mail = Parse("""
            From: "Doe, John" <john@example.com>
            To: support@rapport.test, Sara <sara@example.com>
            Subject: Hello
             there
            Message-ID: <abc@example.com>
            In-Reply-To: <x1@rapport.test>
            References: <root@rapport.test>
             <x1@rapport.test>
            Date: Mon, 23 Nov 2026 18:11:53 +0330

            Body line
            """);
        Assert.Equal("Hello there", mail.Subject);
        Assert.Equal(new MailboxAddress("john@example.com", "Doe, John"), mail.From);
        Assert.Equal(["support@rapport.test", "sara@example.com"], mail.To.Select(a => a.Address));
        Assert.Equal("abc@example.com", mail.MessageId);
        Assert.Equal(["x1@rapport.test"], mail.InReplyTo);
        Assert.Equal(["root@rapport.test", "x1@rapport.test"], mail.References);
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 18, 11, 53, new TimeSpan(3, 30, 0)), mail.Date);
        Assert.Equal("Body line", mail.TextBody);
        Assert.Empty(mail.Defects);
        Assert.False(mail.IsUnparseable);
        Assert.Equal(AutoReplyKind.None, mail.AutoReply);
    }

    [Theory]
    [InlineData("=?UTF-8?B?2LPZhNin2YU=?=", "سلام")]
    [InlineData("=?utf-8?q?=D8=B3=D9=84=D8=A7=D9=85_=D8=AF=D9=86=DB=8C=D8=A7?=", "سلام دنیا")]
    [InlineData("=?windows-1256?B?0+HH4w==?=", "سلام")]
    [InlineData("=?UTF-8?B?2LPZhA==?= =?UTF-8?B?2KfZhQ==?=", "سلام")]
    [InlineData("=?UTF-8?B?2LPZ?=\r\n =?UTF-8?B?hNin2YU=?=", "سلام")]
    [InlineData("=?iso-8859-1?q?caf=C3=A9?=", "café")]
    [InlineData("=?us-ascii?Q?caf=E9?=", "café")]
    [InlineData("Re: =?UTF-8?Q?=D4=B2=D5=A1=D6=80=D6=87?= world", "Re: Բարև world")]
    [InlineData("=?koi8-r?B?8NLJ18XU?=", "Привет")]
    [InlineData("=?iso-8859-7?q?=C3=E5=E9=DC?=", "Γειά")]
    [InlineData("=?utf-8*fa?b?2LPZhNin2YU=?=", "سلام")]
    [InlineData("a =?bogus-charset?q?x?= b", "a x b")]
    [InlineData("=?UTF-8?B?broken", "=?UTF-8?B?broken")]
    public void DecodesEncodedWords(string raw, string expected)
    {
        var mail = Parse($"Subject: {raw}\r\n\r\nx");
        Assert.Equal(expected, mail.Subject);
    }

    [Fact]
    public void ReadsRawUtf8AndWindows1256Headers()
    {
        var utf8 = Parse("Subject: سفارش من\r\nFrom: علی <ali@example.ir>\r\n\r\nx");
        Assert.Equal("سفارش من", utf8.Subject);
        Assert.Equal("علی", utf8.From!.DisplayName);

        var bytes = new List<byte>();
        bytes.AddRange(Encoding.ASCII.GetBytes("Subject: "));
        bytes.AddRange(CodePages(1256).GetBytes("سفارش من"));
        bytes.AddRange(Encoding.ASCII.GetBytes("\r\nContent-Type: text/plain; charset=windows-1256\r\n\r\n"));
        bytes.AddRange(CodePages(1256).GetBytes("متن نامه"));
        var mail = Parse(bytes.ToArray());
        Assert.Equal("سفارش من", mail.Subject);
        Assert.Equal("متن نامه", mail.TextBody);
    }

    internal static Encoding CodePages(int codePage)
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding(codePage);
    }

    [Fact]
    public void ReadsRfc2231Parameters()
    {
        var mail = Parse("""
            Subject: files
            Content-Type: multipart/mixed; boundary="b1"

            --b1
            Content-Type: text/plain

            see attached
            --b1
            Content-Type: application/pdf
            Content-Disposition: attachment;
             filename*0*=UTF-8''%D9%81%D8%A7%DA%A9%D8%AA%D9%88%D8%B1;
             filename*1=".pdf"
            Content-Transfer-Encoding: base64

            JVBERi0xLjQ=
            --b1
            Content-Type: image/png; name="=?UTF-8?B?2LnaqdizLnBuZw==?="
            Content-Disposition: attachment

            xx
            --b1
            Content-Type: text/plain; name*=iso-8859-1'en'caf%E9.txt

            menu
            --b1--
            """);
        Assert.Equal("see attached", mail.TextBody);
        Assert.Equal(["فاکتور.pdf", "عکس.png", "café.txt"], mail.Attachments.Select(a => a.FileName));
        Assert.Equal("%PDF-1.4", Encoding.ASCII.GetString(mail.Attachments[0].Content));
    }

    [Fact]
    public void UnflowsFormatFlowedText()
    {
        var mail = Parse("Content-Type: text/plain; format=flowed; delsp=yes\r\n\r\nThis is a long para \r\ngraph that flows.\r\n>> quoted  \r\n>> text\r\n\r\n-- \r\nsig");
        Assert.Equal("This is a long paragraph that flows.\n>> quoted text\n\n-- \nsig", mail.TextBody);
        var noDelSp = Parse("Content-Type: text/plain; format=flowed\r\n\r\nHello \r\n world\r\n");
        Assert.Equal("Hello world\n", noDelSp.TextBody);
    }

    [Fact]
    public void NeverThrowsOnDegenerateInput()
    {
        foreach (var input in new[] { "", "\r\n", "\0\0\0", ":", "Subject", "Content-Type: multipart/mixed\r\n\r\n--", "=?", new string('x', 100_000) })
        {
            var mail = Parse(input);
            Assert.NotNull(mail.Subject);
        }
        Assert.True(Parse("").IsUnparseable);
    }
}
