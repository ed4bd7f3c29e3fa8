using Rapport.Features.Mail.Parsing;

namespace Rapport.Tests.Features.Mail.Parsing;

/// <summary>The .eml files under Features/Mail/Corpus, copied next to the test assembly.</summary>
internal static class Corpus
{
    public static string Folder => Path.Combine(AppContext.BaseDirectory, "Features", "Mail", "Corpus");

    public static IEnumerable<string> Names() =>
        Directory.EnumerateFiles(Folder, "*.eml").Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal);

    public static byte[] Read(string name) => File.ReadAllBytes(Path.Combine(Folder, name));
}

internal sealed record ExpectedAttachment(string Name, string ContentType, bool Inline, string? ContentId = null, int? Size = null, string? Contains = null);

internal sealed record ExpectedDsn(string? OriginalMessageId, string[] FailedRecipients, bool Permanent, string? DiagnosticContains = null);

/// <summary>
/// What a corpus message must parse to. Subject, auto-reply kind, DSN (null unless given) and
/// unparseability are always checked; the rest only when set.
/// </summary>
internal sealed record Expected
{
    public string Subject { get; init; } = "";
    public string? From { get; init; }
    public string? FromName { get; init; }
    public string[]? To { get; init; }
    public string[]? Cc { get; init; }
    public string[]? ReplyTo { get; init; }
    public string[] ToContains { get; init; } = [];
    public string? MessageId { get; init; }
    public string[]? InReplyTo { get; init; }
    public string[]? References { get; init; }
    public string? ReferencesFirst { get; init; }
    public string? ReferencesLast { get; init; }
    public string? Date { get; init; }
    public string[] Text { get; init; } = [];
    public string[] NotText { get; init; } = [];
    public bool NoText { get; init; }
    public string[] Html { get; init; } = [];
    public ExpectedAttachment[]? Attachments { get; init; }
    public AutoReplyKind AutoReply { get; init; }
    public ExpectedDsn? Dsn { get; init; }
    public string[] Defects { get; init; } = [];
    public bool NoDefects { get; init; }
    public bool Unparseable { get; init; }
    public string[] NewPart { get; init; } = [];
    public string[] NotNewPart { get; init; } = [];
    public string[] History { get; init; } = [];
    public bool NoSplit { get; init; }
    public string[] HtmlNewPart { get; init; } = [];
    public string[] NotHtmlNewPart { get; init; } = [];
    public string[] HtmlHistory { get; init; } = [];
}
