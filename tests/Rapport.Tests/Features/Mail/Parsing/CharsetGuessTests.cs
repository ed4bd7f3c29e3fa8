using System.Text;
using Rapport.Features.Mail.Parsing;

namespace Rapport.Tests.Features.Mail.Parsing;

/// <summary>Legacy charsets a message does not (or wrongly) declare: Russian, Persian and Japanese.</summary>
public class CharsetGuessTests
{
    static CharsetGuessTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    private static ParsedMail Parse(string headers, byte[] body) =>
        MailParser.Parse((byte[])[.. Encoding.ASCII.GetBytes(headers.ReplaceLineEndings("\r\n") + "\r\n\r\n"), .. body]);

    [Theory]
    [InlineData(20866, "Здравствуйте, где мой счёт?")]
    [InlineData(1251, "Здравствуйте, где мой счёт?")]
    [InlineData(20866, "Привет")]
    [InlineData(1251, "Спасибо за ответ. Когда придёт заказ?")]
    public void UndeclaredRussianIsReadInTheCharsetItWasWrittenIn(int codePage, string text)
    {
        var mail = Parse("From: a@example.ru\nSubject: q\nContent-Type: text/plain", Encoding.GetEncoding(codePage).GetBytes(text));
        Assert.Equal(text, mail.TextBody);
    }

    [Theory]
    [InlineData("سلام")]
    [InlineData("سلام، سفارش من كجاست؟ لطفا پيگيري كنيد")]
    [InlineData("با تشكر از همكاري شما")]
    [InlineData("مرحبا، أريد تغيير العنوان.")]
    public void UndeclaredPersianAndArabicStayWindows1256(string text)
    {
        var mail = Parse("From: a@example.ir\nSubject: q", Encoding.GetEncoding(1256).GetBytes(text));
        Assert.Equal(text, mail.TextBody);
    }

    [Fact]
    public void Iso2022JpIsDecodedWithoutALabelAndWrittenRawInAHeader()
    {
        var jis = Encoding.GetEncoding("iso-2022-jp");
        var subject = jis.GetBytes("見積もりの件");
        var body = jis.GetBytes("よろしくお願いします。");
        byte[] raw = [.. "From: a@example.jp\r\nSubject: "u8, .. subject, .. "\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\n"u8, .. body];
        var mail = MailParser.Parse(raw);
        Assert.Equal("見積もりの件", mail.Subject);
        Assert.Equal("よろしくお願いします。", mail.TextBody);
    }

    [Fact]
    public void AnIso2022JpLabelOverPlainAsciiIsPlainAscii()
    {
        var mail = Parse("From: a@example.jp\nSubject: =?iso-2022-jp?Q?Order_42?=\nContent-Type: text/plain; charset=iso-2022-jp", "Thank you."u8.ToArray());
        Assert.Equal("Order 42", mail.Subject);
        Assert.Equal("Thank you.", mail.TextBody);
    }
}
