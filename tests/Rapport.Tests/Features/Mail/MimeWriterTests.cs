using System.Text;
using Rapport.Features.Mail.Parsing;
using Rapport.Features.Mail.Sending;
using Rapport.Features.Mail.Smtp;
using Rapport.Features.Mail.Threading;

namespace Rapport.Tests.Features.Mail;

public sealed class MimeWriterTests
{
    private static OutgoingMail Sample(string text = "Hello", string? html = "<p>Hello</p>", IReadOnlyList<OutgoingAttachment>? attachments = null) => new(
        new MailAddress("support@rapport.test", "پشتیبانی فروشگاه"),
        [new MailAddress("sara@customer.test", "سارا احمدی")],
        [new MailAddress("boss@customer.test", "Boss \"The Boss\" Smith")],
        "Re: سفارش شماره ۱۲۳۴ هنوز نرسیده است و من خیلی نگرانم، لطفاً پیگیری کنید [#42]",
        "rapport.abc@rapport.test",
        "first@customer.test",
        ["first@customer.test", "second@customer.test"],
        new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero),
        text,
        html,
        attachments ?? []);

    [Fact]
    public void PersianHeadersAndBodiesSurviveTheRoundTripThroughOurParser()
    {
        var bytes = MimeWriter.Write(Sample("سلام سارا،\nسفارش شما فردا می‌رسد.", "<p dir=\"rtl\">سلام سارا</p>"));
        Assert.All(bytes, b => Assert.True(b < 128, "the message must be 7-bit"));
        var lines = Encoding.ASCII.GetString(bytes).Split("\r\n");
        Assert.All(lines, l => Assert.True(l.Length <= 78, $"line too long: {l}"));

        var parsed = MailParser.Parse(bytes);
        Assert.Equal("Re: سفارش شماره ۱۲۳۴ هنوز نرسیده است و من خیلی نگرانم، لطفاً پیگیری کنید [#42]", parsed.Subject);
        Assert.Equal(new MailboxAddress("support@rapport.test", "پشتیبانی فروشگاه"), parsed.From);
        Assert.Equal("سارا احمدی", Assert.Single(parsed.To).DisplayName);
        Assert.Equal("Boss \"The Boss\" Smith", Assert.Single(parsed.Cc).DisplayName);
        Assert.Equal("rapport.abc@rapport.test", parsed.MessageId);
        Assert.Equal(["first@customer.test"], parsed.InReplyTo);
        Assert.Equal(["first@customer.test", "second@customer.test"], parsed.References);
        Assert.Equal("سلام سارا،\nسفارش شما فردا می‌رسد.", parsed.TextBody!.ReplaceLineEndings("\n").Trim());
        Assert.Contains("سلام سارا", parsed.HtmlBody, StringComparison.Ordinal);
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero), parsed.Date);
        Assert.Empty(parsed.Defects);
    }

    [Fact]
    public void AttachmentsKeepTheirBytesAndPersianFileNames()
    {
        var pdf = Enumerable.Range(0, 5000).Select(i => (byte)(i % 251)).ToArray();
        var bytes = MimeWriter.Write(Sample(attachments: [new OutgoingAttachment("فاکتور ۱۲.pdf", "application/pdf", pdf), new OutgoingAttachment("notes.txt", "text/plain", "a\nb"u8.ToArray())]));
        var parsed = MailParser.Parse(bytes);
        Assert.Equal("Hello", parsed.TextBody!.Trim());
        Assert.Equal(2, parsed.Attachments.Count);
        var invoice = parsed.Attachments.Single(a => a.ContentType == "application/pdf");
        Assert.Equal("فاکتور ۱۲.pdf", invoice.FileName);
        Assert.Equal(pdf, invoice.Content);
        Assert.Equal("notes.txt", parsed.Attachments.Single(a => a.ContentType == "text/plain").FileName);
    }

    [Fact]
    public void EncodedWordsNeverSplitACharacterAndStayShort()
    {
        var text = string.Concat(Enumerable.Repeat("👩🏽‍💻 سلام Բարեւ ", 20));
        var encoded = MimeWriter.EncodeText(text);
        foreach (var word in encoded.Split(' '))
        {
            Assert.True(word.Length <= 75, word);
            var payload = word["=?UTF-8?B?".Length..^2];
            var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(payload));
            Assert.DoesNotContain('\uFFFD', decoded);
        }
        Assert.Equal("Plain subject", MimeWriter.EncodeText("Plain subject"));
    }

    [Theory]
    [InlineData(".starts with a dot\r\nmiddle\r\n.\r\nend", "..starts with a dot\r\nmiddle\r\n..\r\nend\r\n.\r\n")]
    [InlineData("bare\nline feeds\n.x", "bare\r\nline feeds\r\n..x\r\n.\r\n")]
    [InlineData("ends with crlf\r\n", "ends with crlf\r\n.\r\n")]
    public void DataIsDotStuffedWithCrlfLineEnds(string message, string expected) =>
        Assert.Equal(expected, Encoding.ASCII.GetString(SmtpSession.DotStuff(Encoding.ASCII.GetBytes(message))));

    [Theory]
    [InlineData("Where is my order?", 12, "Re: Where is my order? [#12]")]
    [InlineData("RE: Fwd: Where is my order? [#12]", 12, "Re: Where is my order? [#12]")]
    [InlineData("پاسخ: سفارش", 7, "Re: سفارش [#7]")]
    [InlineData("", 3, "Re: [#3]")]
    public void ReplySubjectsCarryTheTokenOnce(string subject, long id, string expected) =>
        Assert.Equal(expected, SubjectToken.ReplySubject(subject, id));

    [Theory]
    [InlineData("Re: Broken screen [#981]", 981L)]
    [InlineData("[#5] hello", 5L)]
    [InlineData("Order #5", null)]
    [InlineData("[#] nothing", null)]
    public void TheTokenIsReadFromAnywhereInTheSubject(string subject, long? expected) =>
        Assert.Equal(expected, SubjectToken.Read(subject));

    [Fact]
    public void NormalisedSubjectsIgnorePrefixesTokensCaseAndSpacing() =>
        Assert.Equal(SubjectToken.Normalise("Refund please"), SubjectToken.Normalise("AW: Fwd:  REFUND   please [#44]"));
}
