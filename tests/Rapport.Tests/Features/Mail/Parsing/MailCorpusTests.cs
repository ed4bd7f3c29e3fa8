using System.Globalization;
using Rapport.Features.Mail.Parsing;

namespace Rapport.Tests.Features.Mail.Parsing;

/// <summary>Each corpus message parses to what its entry in <see cref="CorpusExpectations"/> says.</summary>
public class MailCorpusTests
{
    public static TheoryData<string> Files() => new(Corpus.Names());

    [Fact]
    public void EveryCorpusFileHasExpectationsAndEveryExpectationAFile()
    {
        var files = Corpus.Names().ToList();
        Assert.True(files.Count >= 60, $"the corpus has {files.Count} messages; the issue asks for at least 60");
        Assert.Empty(files.Except(CorpusExpectations.All.Keys));
        Assert.Empty(CorpusExpectations.All.Keys.Except(files));
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void ParsesAsExpected(string file)
    {
        var expected = CorpusExpectations.All[file];
        var mail = MailParser.Parse(Corpus.Read(file));

        Assert.Equal(expected.Subject, mail.Subject);
        Assert.Equal(expected.Unparseable, mail.IsUnparseable);
        Assert.Equal(expected.AutoReply, mail.AutoReply);
        if (expected.From is not null)
        {
            Assert.Equal(expected.From, mail.From?.Address);
        }
        if (expected.FromName is not null)
        {
            Assert.Equal(expected.FromName, mail.From?.DisplayName);
        }
        AssertAddresses(expected.To, mail.To);
        AssertAddresses(expected.Cc, mail.Cc);
        AssertAddresses(expected.ReplyTo, mail.ReplyTo);
        foreach (var address in expected.ToContains)
        {
            Assert.Contains(address, mail.To.Select(a => a.Address));
        }
        if (expected.MessageId is not null)
        {
            Assert.Equal(expected.MessageId, mail.MessageId);
        }
        if (expected.InReplyTo is not null)
        {
            Assert.Equal(expected.InReplyTo, mail.InReplyTo);
        }
        if (expected.References is not null)
        {
            Assert.Equal(expected.References, mail.References);
        }
        if (expected.ReferencesFirst is not null)
        {
            Assert.Equal(expected.ReferencesFirst, mail.References[0]);
            Assert.Equal(expected.ReferencesLast, mail.References[^1]);
        }
        if (expected.Date is not null)
        {
            Assert.Equal(DateTimeOffset.Parse(expected.Date, CultureInfo.InvariantCulture), mail.Date);
            Assert.Equal(DateTimeOffset.Parse(expected.Date, CultureInfo.InvariantCulture).Offset, mail.Date!.Value.Offset);
        }
        if (expected.NoText)
        {
            Assert.Null(mail.TextBody);
        }
        foreach (var snippet in expected.Text)
        {
            Assert.Contains(snippet, mail.TextBody ?? "", StringComparison.Ordinal);
        }
        foreach (var snippet in expected.NotText)
        {
            Assert.DoesNotContain(snippet, mail.TextBody ?? "", StringComparison.Ordinal);
        }
        foreach (var snippet in expected.Html)
        {
            Assert.Contains(snippet, mail.HtmlBody ?? "", StringComparison.Ordinal);
        }
        if (expected.Attachments is not null)
        {
            AssertAttachments(expected.Attachments, mail.Attachments);
        }
        AssertDsn(expected.Dsn, mail.Dsn);
        foreach (var defect in expected.Defects)
        {
            Assert.Contains(mail.Defects, d => d.Contains(defect, StringComparison.OrdinalIgnoreCase));
        }
        if (expected.NoDefects)
        {
            Assert.Empty(mail.Defects);
        }
        AssertTextSplit(expected, mail.TextBody);
        AssertHtmlSplit(expected, mail.HtmlBody);
    }

    private static void AssertAddresses(string[]? expected, IReadOnlyList<MailboxAddress> actual)
    {
        if (expected is not null)
        {
            Assert.Equal(expected, actual.Select(a => a.Address));
        }
    }

    private static void AssertAttachments(ExpectedAttachment[] expected, IReadOnlyList<MailAttachment> actual)
    {
        var relevant = actual.Where(a => expected.Any(e => e.Name == a.FileName)).ToList();
        Assert.Equal(expected.Select(e => e.Name), relevant.Select(a => a.FileName));
        foreach (var (want, got) in expected.Zip(relevant))
        {
            Assert.Equal(want.ContentType, got.ContentType);
            Assert.Equal(want.Inline, got.IsInline);
            if (want.ContentId is not null)
            {
                Assert.Equal(want.ContentId, got.ContentId);
            }
            if (want.Size is not null)
            {
                Assert.Equal(want.Size, got.Content.Length);
            }
            if (want.Contains is not null)
            {
                Assert.Contains(want.Contains, System.Text.Encoding.UTF8.GetString(got.Content), StringComparison.Ordinal);
            }
        }
    }

    private static void AssertDsn(ExpectedDsn? expected, DeliveryReport? actual)
    {
        if (expected is null)
        {
            Assert.Null(actual);
            return;
        }
        Assert.NotNull(actual);
        Assert.Equal(expected.OriginalMessageId, actual.OriginalMessageId);
        Assert.Equal(expected.FailedRecipients, actual.FailedRecipients);
        Assert.Equal(expected.Permanent, actual.Permanent);
        if (expected.DiagnosticContains is not null)
        {
            Assert.Contains(expected.DiagnosticContains, actual.Diagnostic ?? "", StringComparison.Ordinal);
        }
    }

    private static void AssertTextSplit(Expected expected, string? text)
    {
        if (expected.NewPart.Length == 0 && expected.History.Length == 0 && !expected.NoSplit)
        {
            return;
        }
        var split = QuotedHistory.SplitText(text ?? "");
        if (expected.NoSplit)
        {
            Assert.Null(split.History);
        }
        foreach (var snippet in expected.NewPart)
        {
            Assert.Contains(snippet, split.NewPart, StringComparison.Ordinal);
        }
        foreach (var snippet in expected.NotNewPart)
        {
            Assert.DoesNotContain(snippet, split.NewPart, StringComparison.Ordinal);
        }
        foreach (var snippet in expected.History)
        {
            Assert.Contains(snippet, split.History ?? "", StringComparison.Ordinal);
        }
    }

    private static void AssertHtmlSplit(Expected expected, string? html)
    {
        if (expected.HtmlNewPart.Length == 0 && expected.HtmlHistory.Length == 0)
        {
            return;
        }
        var split = QuotedHistory.SplitHtml(html ?? "");
        foreach (var snippet in expected.HtmlNewPart)
        {
            Assert.Contains(snippet, split.NewPart, StringComparison.Ordinal);
        }
        foreach (var snippet in expected.NotHtmlNewPart)
        {
            Assert.DoesNotContain(snippet, split.NewPart, StringComparison.Ordinal);
        }
        foreach (var snippet in expected.HtmlHistory)
        {
            Assert.Contains(snippet, split.History ?? "", StringComparison.Ordinal);
        }
    }
}
