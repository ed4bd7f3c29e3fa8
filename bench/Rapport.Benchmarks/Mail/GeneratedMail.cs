using System.Globalization;
using System.Text;

namespace Rapport.Benchmarks.Mail;

/// <summary>
/// Generated customer mail in the shapes ingest meets most: a thread of four per sender (a new
/// message, then replies by In-Reply-To that quote the history), plain text in English and Persian,
/// every third message also HTML, every twentieth with a 20 KB attachment.
/// </summary>
public static class GeneratedMail
{
    private const int PerSender = 4;
    private static readonly string Attachment = Convert.ToBase64String(Enumerable.Range(0, 20_000).Select(i => (byte)(i * 7)).ToArray(), Base64FormattingOptions.InsertLineBreaks);

    /// <summary>Message <paramref name="index"/> of <paramref name="count"/>: the senders take turns, so a thread's replies arrive well after its start (as they do).</summary>
    public static byte[] Make(string run, int index, int count, string mailbox)
    {
        var senders = Math.Max(1, (count + PerSender - 1) / PerSender);
        var sender = index % senders;
        var step = index / senders;
        var from = $"customer{sender.ToString(CultureInfo.InvariantCulture)}-{run}@bench.test";
        var id = $"{run}-{index.ToString(CultureInfo.InvariantCulture)}@bench.test";
        var previous = step == 0 ? null : $"{run}-{(index - senders).ToString(CultureInfo.InvariantCulture)}@bench.test";
        var persian = sender % 2 == 0;
        var text = persian
            ? $"سلام، سفارش شمارهٔ {sender} من هنوز نرسیده است. لطفاً بررسی کنید که بسته کجاست و کی می‌رسد. پیام {step}.\n"
            : $"Hello, my order number {sender} has still not arrived. Could you check where the parcel is and when it will come? Message {step}.\n";
        var quoted = previous is null ? "" : $"\nOn Mon, 23 Nov 2026 at 10:00, Support <{mailbox}> wrote:\n> We are looking into it.\n> Regards, support\n";
        var headers = new StringBuilder()
            .Append("From: ").Append(persian ? "=?UTF-8?B?2LPYp9ix2Kcg2KfYrdmF2K/bjA==?=" : "Customer").Append(" <").Append(from).Append(">\r\n")
            .Append("To: ").Append(mailbox).Append("\r\n")
            .Append("Subject: ").Append(step == 0 ? "" : "Re: ").Append(persian ? "=?UTF-8?B?2LPZgdin2LHYtCDZhdmG?=" : "My order").Append(' ').Append(sender).Append("\r\n")
            .Append("Date: Mon, 23 Nov 2026 10:00:00 +0000\r\n")
            .Append("Message-ID: <").Append(id).Append(">\r\n");
        if (previous is not null)
        {
            headers.Append("In-Reply-To: <").Append(previous).Append(">\r\nReferences: <").Append(previous).Append(">\r\n");
        }
        headers.Append("MIME-Version: 1.0\r\n");
        var body = (text + quoted).Replace("\n", "\r\n", StringComparison.Ordinal);
        string mail;
        if (index % 20 == 19)
        {
            mail = headers + "Content-Type: multipart/mixed; boundary=\"mix\"\r\n\r\n--mix\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
                + body + "--mix\r\nContent-Type: application/pdf; name=\"invoice.pdf\"\r\nContent-Transfer-Encoding: base64\r\nContent-Disposition: attachment; filename=\"invoice.pdf\"\r\n\r\n"
                + Attachment + "\r\n--mix--\r\n";
        }
        else if (index % 3 == 2)
        {
            var html = $"<div dir=\"auto\"><p>{System.Net.WebUtility.HtmlEncode(text)}</p></div>"
                + (previous is null ? "" : "<div class=\"gmail_quote\"><div class=\"gmail_attr\">On Mon, 23 Nov 2026, Support wrote:</div><blockquote class=\"gmail_quote\">We are looking into it.</blockquote></div>");
            mail = headers + "Content-Type: multipart/alternative; boundary=\"alt\"\r\n\r\n--alt\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
                + body + "--alt\r\nContent-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n" + html + "\r\n--alt--\r\n";
        }
        else
        {
            mail = headers + "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n" + body;
        }
        return Encoding.UTF8.GetBytes(mail);
    }
}
