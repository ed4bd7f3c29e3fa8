using Rapport.Features.Mail.Parsing;

namespace Rapport.Tests.Features.Mail.Parsing;

/// <summary>What each message in Corpus/ must parse to. Every .eml file needs an entry (a test checks).</summary>
internal static class CorpusExpectations
{
    public static readonly IReadOnlyDictionary<string, Expected> All = new Dictionary<string, Expected>
    {
        ["android-gmail-app.eml"] = new()
        {
            Subject = "Re: کد تخفیف",
            From = "reza.k@gmail.com",
            FromName = "Reza",
            Text = ["کد کار نمی‌کند."],
            NewPart = ["کد کار نمی‌کند."],
            NotNewPart = ["OFF20"],
            History = ["OFF20"],
            HtmlNewPart = ["کد کار نمی‌کند."],
            NotHtmlNewPart = ["OFF20"],
            HtmlHistory = ["OFF20"],
        },
        ["apple-mail-mixed-inline-parts.eml"] = new()
        {
            Subject = "Photos of the damage",
            Text = ["Here is the box:", "And the screen:"],
            Attachments = [new("IMG_0412.jpeg", "image/jpeg", Inline: true, Size: 326), new("IMG_0413.jpeg", "image/jpeg", Inline: true, Size: 326)],
        },
        ["apple-mail-persian-flowed-delsp.eml"] = new()
        {
            Subject = "Re: ارسال بسته",
            FromName = "مینا",
            Text = ["سلام امروز بسته رسید و همه چیز سالم بود."],
            NewPart = ["همه چیز سالم بود"],
            NotNewPart = ["تحویل"],
            History = ["نوشت:", "بسته شما امروز تحویل می‌شود."],
        },
        ["apple-mail-reply-flowed.eml"] = new()
        {
            Subject = "Re: Repair #4410 ready",
            From = "claire.dubois@icloud.com",
            References = ["conv-4410.1@rapport.test", "conv-4410.2@rapport.test"],
            MessageId = "8F3C2A1B-77D6-4E2B-9C1A-0D5E6F7A8B9C@icloud.com",
            Text = ["I'll pick it up on Friday. See you then.", "Your repair is ready for collection.Opening hours"],
            NewPart = ["See you then."],
            NotNewPart = ["ready for collection"],
            History = ["wrote:", "ready for collection"],
            HtmlNewPart = ["pick it up on Friday"],
            NotHtmlNewPart = ["ready for collection"],
            HtmlHistory = ["type=\"cite\"", "ready for collection"],
        },
        ["arabic-iso-8859-6.eml"] = new()
        {
            Subject = "طلب جديد",
            Text = ["مرحبا، أريد تغيير العنوان."],
        },
        ["armenian-split-encoded-words.eml"] = new()
        {
            Subject = "Պատվեր 5521՝ վճարումը չի անցել",
            Text = ["Վճարումը մերժվել է բանկի կողմից։"],
        },
        ["armenian-utf8-qp.eml"] = new()
        {
            Subject = "Առաքման ժամկետը",
            Text = ["Երբ՞ կառաքվի իմ պատվերը։", "փափուկ տողադարձերով quoted-printable"],
        },
        ["auto-submitted-no.eml"] = new()
        {
            Subject = "A person wrote this",
            AutoReply = AutoReplyKind.None,
        },
        ["autoreply-auto-submitted.eml"] = new()
        {
            Subject = "Out of office",
            AutoReply = AutoReplyKind.AutoReply,
        },
        ["autoreply-persian-vacation.eml"] = new()
        {
            Subject = "پاسخ خودکار: در مرخصی هستم",
            AutoReply = AutoReplyKind.AutoReply,
        },
        ["autoreply-x-autoreply.eml"] = new()
        {
            Subject = "Re: your message",
            AutoReply = AutoReplyKind.AutoReply,
        },
        ["autoreply-x-autorespond.eml"] = new()
        {
            Subject = "We received your request",
            AutoReply = AutoReplyKind.AutoReply,
        },
        ["base64-encoded-multipart.eml"] = new()
        {
            Subject = "Encoded multipart",
            Text = ["inside an encoded multipart"],
        },
        ["bulk-precedence-junk.eml"] = new()
        {
            Subject = "You won",
            AutoReply = AutoReplyKind.Bulk,
        },
        ["bulk-precedence.eml"] = new()
        {
            Subject = "Black Friday sale",
            AutoReply = AutoReplyKind.Bulk,
        },
        ["digest-two-messages.eml"] = new()
        {
            Subject = "users Digest, Vol 12, Issue 3",
            AutoReply = AutoReplyKind.List,
            Text = ["Today's Topics:"],
            Attachments = [new("Upgrade question.eml", "message/rfc822", Inline: false, Contains: "How do I upgrade?"), new("Backup size.eml", "message/rfc822", Inline: false)],
        },
        ["dsn-exchange-online-ndr.eml"] = new()
        {
            Subject = "Undeliverable: Re: [#2003] Refund status",
            From = "postmaster@contoso.onmicrosoft.com",
            AutoReply = AutoReplyKind.MailerDaemon,
            Dsn = new("conv-2003.2@rapport.test", ["mehdi@contoso-ir.example"], Permanent: true, DiagnosticContains: "RecipientNotFound"),
            Text = ["couldn't be delivered"],
            Attachments = [new("delivery-status.txt", "message/delivery-status", Inline: false), new("Re [#2003] Refund status.eml", "message/rfc822", Inline: false, Contains: "Your refund was approved.")],
        },
        ["dsn-exim-plain.eml"] = new()
        {
            Subject = "Mail delivery failed: returning message to sender",
            AutoReply = AutoReplyKind.MailerDaemon,
            Dsn = new("conv-2005.1@rapport.test", ["old.address@hosting.example"], Permanent: true, DiagnosticContains: "550 5.1.1"),
        },
        ["dsn-gmail-failure.eml"] = new()
        {
            Subject = "Delivery Status Notification (Failure)",
            From = "mailer-daemon@googlemail.com",
            AutoReply = AutoReplyKind.MailerDaemon,
            Dsn = new("conv-2004.1@rapport.test", ["no.such.user@gmail.com"], Permanent: true, DiagnosticContains: "does not exist"),
            Text = ["Address not found"],
        },
        ["dsn-postfix-delayed.eml"] = new()
        {
            Subject = "Delayed Mail (still being retried)",
            AutoReply = AutoReplyKind.MailerDaemon,
            Dsn = new("conv-2002.1@rapport.test", ["slow@greylist.example"], Permanent: false, DiagnosticContains: "Connection timed out"),
        },
        ["dsn-postfix-permanent.eml"] = new()
        {
            Subject = "Undelivered Mail Returned to Sender",
            From = "MAILER-DAEMON@mail.rapport.test",
            FromName = "Mail Delivery System",
            AutoReply = AutoReplyKind.MailerDaemon,
            Dsn = new("conv-2001.5@rapport.test", ["nobody@customer.example"], Permanent: true, DiagnosticContains: "550 5.1.1"),
            Text = ["could not\nbe delivered"],
        },
        ["dsn-qmail-plain.eml"] = new()
        {
            Subject = "failure notice",
            AutoReply = AutoReplyKind.MailerDaemon,
            Date = "2026-11-26T11:30:00+00:00",
            Dsn = new("conv-2006.1@rapport.test", [], Permanent: true),
        },
        ["forward-as-attachment.eml"] = new()
        {
            Subject = "FW: customer request",
            Text = ["See the attached message"],
            NotText = ["ուզում եմ"],
            Attachments = [new("Պատվեր 9001.eml", "message/rfc822", Inline: false, Contains: "Message-ID: <orig-9001@example.am>")],
        },
        ["gmail-armenian-reply.eml"] = new()
        {
            Subject = "Re: Մուտքի խնդիր [#310]",
            From = "ani.hakobyan@gmail.com",
            FromName = "Անի Հակոբյան",
            InReplyTo = ["conv-310.1@rapport.test"],
            Text = ["հիմա ամեն ինչ աշխատում է"],
            NewPart = ["Շնորհակալություն"],
            NotNewPart = ["Խնդրում ենք"],
            History = ["գրել է՝", "Խնդրում ենք փորձել կրկին"],
        },
        ["gmail-attachment-persian-filename.eml"] = new()
        {
            Subject = "فاکتور آبان",
            From = "sara.ahmadi@gmail.com",
            Text = ["فاکتور پیوست است."],
            Attachments = [new("فاکتور آبان.pdf", "application/pdf", Inline: false, Size: 77)],
        },
        ["gmail-english-reply-qp.eml"] = new()
        {
            Subject = "Re: [#88] Invoice address",
            From = "maria.rossi@gmail.com",
            FromName = "Maria Rossi",
            Cc = ["accounts@rossi-studio.example"],
            MessageId = "CAGx9k1qBv=Hs2@mail.gmail.com",
            InReplyTo = ["conv-88.3@rapport.test"],
            Date = "2026-11-23T09:20:44-05:00",
            Text = ["The invoice still shows the old address. Could you fix it?"],
            Html = ["class=\"gmail_quote\""],
            NewPart = ["Thanks,\nMaria"],
            NotNewPart = ["We have updated"],
            History = ["wrote:", "> We have updated your account."],
            HtmlNewPart = ["Could you fix it?"],
            NotHtmlNewPart = ["We have updated"],
            HtmlHistory = ["We have updated your account."],
        },
        ["gmail-forward-html.eml"] = new()
        {
            Subject = "Fwd: Order",
            NoSplit = true,
            NewPart = ["please help", "My order has not arrived."],
            HtmlNewPart = ["please help", "My order has not arrived."],
        },
        ["gmail-forward-inline.eml"] = new()
        {
            Subject = "Fwd: Պատվերի խնդիր",
            From = "sales@shop.example",
            Text = ["Forwarded message", "Բարև Ձեզ, պատվերս դեռ չի հասել։"],
            NewPart = ["Forwarded message", "Բարև Ձեզ"],
            NoSplit = true,
        },
        ["gmail-inline-image.eml"] = new()
        {
            Subject = "Screenshot of the error",
            From = "aram.petrosyan@gmail.com",
            Date = "2026-11-24T11:02:19+04:00",
            Text = ["The checkout page shows this:"],
            Html = ["src=\"cid:ii_lx9f2k0a0\""],
            Attachments = [new("error.png", "image/png", Inline: true, ContentId: "ii_lx9f2k0a0", Size: 70)],
        },
        ["gmail-persian-reply.eml"] = new()
        {
            Subject = "Re: سفارش ۱۲۴۵ هنوز نرسیده",
            From = "ali.rezaei@gmail.com",
            FromName = "علی رضایی",
            To = ["support@rapport.test"],
            MessageId = "CAH+w=7ZkQ3p1tN0zR9yVbW@mail.gmail.com",
            InReplyTo = ["conv-1245.2@rapport.test"],
            References = ["conv-1245.1@rapport.test", "conv-1245.2@rapport.test"],
            Date = "2026-11-23T10:42:07+03:30",
            Text = ["بسته هنوز به دستم نرسیده است", "[#1245]"],
            Html = ["gmail_quote"],
            NewPart = ["لطفاً پیگیری کنید."],
            NotNewPart = ["مشتری گرامی"],
            History = ["نوشت:", "مشتری گرامی"],
            HtmlNewPart = ["لطفاً پیگیری کنید."],
            NotHtmlNewPart = ["مشتری گرامی"],
            HtmlHistory = ["مشتری گرامی"],
        },
        ["html-meta-charset-only.eml"] = new()
        {
            Subject = "Newsletter",
            Html = ["تخفيف ويژه"],
            AutoReply = AutoReplyKind.Bulk,
            NoText = true,
        },
        ["iphone-reply-quoted.eml"] = new()
        {
            Subject = "Re: Your refund",
            Text = ["Got it, thanks!"],
            NewPart = ["Sent from my iPhone"],
            NotNewPart = ["refund of $40"],
            History = ["refund of $40"],
        },
        ["list-mailing-list.eml"] = new()
        {
            Subject = "[users] Upgrade question",
            AutoReply = AutoReplyKind.List,
        },
        ["long-references-header.eml"] = new()
        {
            Subject = "Long thread",
            InReplyTo = ["ref-399@example.com"],
            ReferencesFirst = "ref-0@example.com",
            ReferencesLast = "ref-399@example.com",
        },
        ["malformed-bad-base64.eml"] = new()
        {
            Subject = "Bad base64",
            Text = ["Hello world"],
            Defects = ["base64"],
        },
        ["malformed-bare-lf.eml"] = new()
        {
            Subject = "Bare LF line endings",
            From = "cron@server.example",
            Text = ["plain with LF"],
            Html = ["<b>html with LF</b>"],
        },
        ["malformed-binary-garbage.eml"] = new()
        {
            Unparseable = true,
            Subject = "",
        },
        ["malformed-boundary-mismatch.eml"] = new()
        {
            Subject = "Wrong boundary",
            Text = ["text under the wrong boundary"],
            Defects = ["boundary"],
        },
        ["malformed-empty.eml"] = new()
        {
            Unparseable = true,
            Subject = "",
        },
        ["malformed-garbage-dates-and-addresses.eml"] = new()
        {
            Subject = "Garbage headers",
            Text = ["Body survives."],
            Defects = ["Date"],
            ToContains = ["good@example.com"],
        },
        ["malformed-header-without-blank-line.eml"] = new()
        {
            Subject = "No blank line",
            Text = ["This line is body text", "Second line."],
            Defects = ["blank line"],
        },
        ["malformed-missing-boundary-parameter.eml"] = new()
        {
            Subject = "No boundary",
            Text = ["guessed body"],
            Defects = ["boundary"],
            Attachments = [new("data.csv", "text/csv", Inline: false, Contains: "a,b")],
        },
        ["malformed-no-closing-boundary.eml"] = new()
        {
            Subject = "Truncated upload",
            Text = ["The file is attached."],
            Defects = ["no closing boundary"],
            Attachments = [new("half.pdf", "application/pdf", Inline: false)],
        },
        ["malformed-no-headers.eml"] = new()
        {
            Subject = "",
            Text = ["without any header at all."],
            Defects = ["no header section"],
            Unparseable = false,
        },
        ["malformed-nul-bytes.eml"] = new()
        {
            Subject = "NUL inside",
            Text = ["Text with  a NUL byte."],
            Defects = ["NUL"],
        },
        ["malformed-unknown-charset-and-encoding.eml"] = new()
        {
            Subject = "café",
            Text = ["café crème"],
            Defects = ["Content-Transfer-Encoding"],
        },
        ["marketing-html-only.eml"] = new()
        {
            Subject = "🎁 Your weekly deals",
            AutoReply = AutoReplyKind.Bulk,
            Html = ["<h1>Weekly deals</h1>"],
            NoText = true,
        },
        ["mbox-from-line-and-obsolete-date.eml"] = new()
        {
            Subject = "mbox",
            Date = "2026-11-27T14:00:00-05:00",
            Text = ["from an mbox"],
        },
        ["mdn-read-receipt.eml"] = new()
        {
            Subject = "Read: Password reset not arriving",
            AutoReply = AutoReplyKind.AutoReply,
            Text = ["Your message was read"],
            Attachments = [new("disposition-notification.txt", "message/disposition-notification", Inline: false)],
        },
        ["nested-mixed-alternative-related.eml"] = new()
        {
            Subject = "New logo proposal",
            Text = ["Logo attached, preview inline."],
            NotText = ["<p>"],
            Html = ["<img src=\"cid:logo-preview@agency.example\">"],
            Attachments = [new("attachment-1.png", "image/png", Inline: true, ContentId: "logo-preview@agency.example", Size: 70), new("logo.pdf", "application/pdf", Inline: false, Size: 77), new("sources.zip", "application/zip", Inline: false, Size: 11)],
        },
        ["outlook-calendar-invite.eml"] = new()
        {
            Subject = "Quarterly review",
            From = "lena.fischer@contoso.example",
            Text = ["Quarterly review of the support contract."],
            Html = ["<p>Quarterly review"],
            Attachments = [new("invite.ics", "text/calendar", Inline: false, Contains: "METHOD:REQUEST")],
        },
        ["outlook-desktop-reply-windows-1256.eml"] = new()
        {
            Subject = "RE: درخواست فايل [#512]",
            From = "m.karimi@contoso-ir.example",
            FromName = "Maryam Karimi",
            Text = ["فايل درخواستي را ارسال كردم"],
            Html = ["WordSection1", "border-top:solid #E1E1E1"],
            NewPart = ["با تشكر"],
            NotNewPart = ["مشتري گرامي"],
            History = ["From: Rapport Support", "مشتري گرامي"],
            HtmlNewPart = ["با تشكر"],
            NotHtmlNewPart = ["مشتري گرامي"],
            HtmlHistory = ["Sent:", "مشتري گرامي"],
        },
        ["outlook-original-message.eml"] = new()
        {
            Subject = "RE: Password reset not arriving",
            From = "kate.obrien@fabrikam.example",
            FromName = "O'Brien, Kate",
            To = ["support@rapport.test", "lead@fabrikam.example"],
            Text = ["I checked the spam folder too."],
            NewPart = ["Kate"],
            NotNewPart = ["new reset link"],
            History = ["-----Original Message-----", "We have sent a new reset link."],
        },
        ["outlook-out-of-office.eml"] = new()
        {
            Subject = "Automatic reply: [#902] Your ticket",
            From = "jan.devries@contoso.example",
            AutoReply = AutoReplyKind.AutoReply,
            InReplyTo = ["conv-902.1@rapport.test"],
            Text = ["out of the office"],
        },
        ["outlook-persian-header-block.eml"] = new()
        {
            Subject = "پاسخ: خطای ورود",
            From = "negar@example.ir",
            FromName = "نگار محمدی",
            Text = ["مشکل حل شد"],
            NewPart = ["سلام، مشکل حل شد. ممنون."],
            NotNewPart = ["مرورگر"],
            History = ["ارسال شده:", "لطفاً مرورگر را دوباره باز کنید."],
        },
        ["outlook-semicolon-unquoted-names.eml"] = new()
        {
            Subject = "Licence renewal",
            From = "anna.smith@contoso.example",
            FromName = "Smith, Anna",
            To = ["support@rapport.test", "bob.jones@contoso.example"],
            Cc = [],
            ReplyTo = ["anna.smith+tickets@contoso.example"],
            Text = ["When does our licence renew?"],
        },
        ["outlook-web-reply.eml"] = new()
        {
            Subject = "Re: Which order?",
            From = "tom.baker@outlook.com",
            Text = ["order 7731"],
            NewPart = ["Yes, order 7731 is the right one."],
            NotNewPart = ["Which order number"],
            History = ["From: Rapport Support", "Which order number do you mean?"],
            HtmlNewPart = ["order 7731"],
            NotHtmlNewPart = ["divRplyFwdMsg", "Which order number"],
            HtmlHistory = ["divRplyFwdMsg", "Which order number do you mean?"],
        },
        ["outlook-winmail-dat.eml"] = new()
        {
            Subject = "Contract draft",
            From = "peter.novak@tailspin.example",
            Text = ["contract draft attached"],
            Attachments = [new("winmail.dat", "application/ms-tnef", Inline: false, Size: 1041)],
        },
        ["persian-mislabelled-iso-8859-1.eml"] = new()
        {
            Subject = "سوال درباره اشتراک",
            FromName = "زهرا",
            Text = ["اشتراک من تمدید نشده است."],
        },
        ["persian-raw-utf8-headers.eml"] = new()
        {
            Subject = "مشکل در پرداخت آنلاین",
            FromName = "محمد حسینی",
            From = "m.hosseini@example.ir",
            Text = ["پرداخت انجام شد ولی سفارش ثبت نشد."],
        },
        ["persian-undeclared-windows-1256.eml"] = new()
        {
            Subject = "order",
            Text = ["سلام، سفارش من كجاست؟"],
        },
        ["persian-utf8-label-over-1256-bytes.eml"] = new()
        {
            Subject = "فاكتور",
            Text = ["مبلغ فاكتور پرداخت شد"],
        },
        ["persian-windows-1256-base64-html.eml"] = new()
        {
            Subject = "درخواست شما",
            FromName = "فروشگاه",
            Html = ["درخواست شما دريافت شد."],
            NoText = true,
        },
        ["persian-windows-1256-qp-body.eml"] = new()
        {
            Subject = "ثبت سفارش",
            Text = ["سفارش شما با شماره 1234 ثبت شد."],
        },
        ["plain-ascii-minimal.eml"] = new()
        {
            Subject = "Hi",
            From = "a@example.com",
            Date = "2026-11-27T14:00:00+00:00",
            Text = ["Hello."],
            MessageId = "min@example.com",
            NoDefects = true,
        },
        ["rt-iso-2022-jp.eml"] = new()
        {
            // ISO-2022-JP is 7-bit: escape sequences switch between ASCII and JIS X 0208, so every byte is ASCII.
            Subject = "請求書についてのお問い合わせ",
            From = "taro@example.jp",
            FromName = "山田太郎",
            Text = ["お世話になっております。", "先月の請求書の金額について質問があります。", "山田太郎"],
            NotText = ["\u001b$B", "$*@$OC"],
            Attachments = [new("明細.txt", "text/plain", Inline: false, Contains: "12,000")],
        },
        ["rt-root-at-localhost.eml"] = new()
        {
            Subject = "Cron <root@localhost> /usr/local/bin/backup",
            From = "root@localhost",
            Text = ["backup finished: 3 files, 0 errors"],
        },
        ["rt-undeclared-koi8-r.eml"] = new()
        {
            Subject = "schet za noyabr",
            From = "ivan@example.ru",
            Text = ["Здравствуйте!", "Пожалуйста, пришлите счёт за ноябрь ещё раз: первое письмо не дошло.", "Иван Петров"],
        },
        ["rt-uuencoded-attachment.eml"] = new()
        {
            Subject = "invoice attached",
            Text = ["the invoice is attached below.", "Regards,\nBilling"],
            NotText = ["begin 644", "M26YV", "\nend\n"],
            Attachments = [new("invoice.txt", "application/octet-stream", Inline: false, Size: 170, Contains: "Total: 120.00 EUR")],
        },
        ["russian-koi8-r.eml"] = new()
        {
            Subject = "Вопрос по счёту",
            FromName = "Иван",
            Text = ["Здравствуйте, где мой счёт?"],
        },
        ["samsung-email-original-message.eml"] = new()
        {
            Subject = "RE: Delivery",
            Text = ["Ok, tomorrow works."],
            NewPart = ["Sent from my Galaxy"],
            NotNewPart = ["deliver tomorrow"],
            History = ["Original message", "Can we deliver tomorrow?"],
        },
        ["thunderbird-armenian-8bit-attachment.eml"] = new()
        {
            Subject = "Հաշիվ-ապրանքագիր նոյեմբեր",
            FromName = "Գոռ Մանուկյան",
            Text = ["Կցված է նոյեմբերի հաշիվը։"],
            Attachments = [new("հաշիվ.txt", "text/plain", Inline: false, Contains: "45000 դրամ")],
        },
        ["thunderbird-interleaved-quote.eml"] = new()
        {
            Subject = "Re: Two questions",
            Text = ["Firefox 140.", "The latest, 5.2."],
            NoSplit = true,
            NewPart = ["Firefox 140.", "The latest, 5.2."],
        },
        ["thunderbird-reply.eml"] = new()
        {
            Subject = "Re: [#19] Export fails",
            From = "jonas.weber@posteo.example",
            InReplyTo = ["conv-19.4@rapport.test"],
            References = ["conv-19.1@rapport.test", "conv-19.4@rapport.test"],
            Text = ["the export works now"],
            NewPart = ["Thanks, the export works now."],
            NotNewPart = ["try the export again"],
            History = ["wrote:", "try the export again"],
            HtmlNewPart = ["the export works now"],
            NotHtmlNewPart = ["moz-cite-prefix", "try the export again"],
            HtmlHistory = ["moz-cite-prefix", "try the export again"],
        },
        ["yahoo-mobile-reply.eml"] = new()
        {
            Subject = "Re: Account closed?",
            Text = ["Please keep it open."],
            NewPart = ["Please keep it open."],
            NotNewPart = ["close the account"],
            History = ["close the account"],
            HtmlNewPart = ["Please keep it open."],
            NotHtmlNewPart = ["close the account"],
            HtmlHistory = ["close the account"],
        },
    };
}
