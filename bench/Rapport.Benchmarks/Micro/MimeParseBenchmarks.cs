using BenchmarkDotNet.Attributes;
using Rapport.Benchmarks.Mail;
using Rapport.Features.Mail.Parsing;

namespace Rapport.Benchmarks.Micro;

/// <summary>
/// Our MIME parser over the whole test corpus per operation (71 messages of every shape: Outlook,
/// Gmail, Apple Mail, DSNs, Persian and Armenian charsets, attachments). Messages/s = 71 / mean;
/// MB/s = the corpus size / mean (the size is printed at setup).
/// </summary>
[MemoryDiagnoser]
public class MimeParseBenchmarks
{
    private IReadOnlyList<byte[]> _messages = [];

    [GlobalSetup]
    public void Setup()
    {
        _messages = MailCorpus.Load();
        Console.WriteLine($"// corpus: {_messages.Count} messages, {_messages.Sum(m => (long)m.Length)} bytes");
    }

    [Benchmark]
    public int ParseCorpus()
    {
        var parts = 0;
        foreach (var message in _messages)
        {
            parts += MailParser.Parse(message).Attachments.Count;
        }
        return parts;
    }

    [Benchmark]
    public int ParseAndSplitCorpus()
    {
        // What ingest does with each parse: the quoted-history split of text and HTML.
        var length = 0;
        foreach (var message in _messages)
        {
            var mail = MailParser.Parse(message);
            length += QuotedHistory.SplitText(mail.TextBody ?? "").NewPart.Length;
            if (mail.HtmlBody is { } html)
            {
                length += QuotedHistory.SplitHtml(html).NewPart.Length;
            }
        }
        return length;
    }
}
