using Rapport.Features.Conversations;
using Rapport.Features.Mail.Parsing;
using Rapport.Tests.Features.Mail.Parsing;
using Xunit.Abstractions;

namespace Rapport.Tests.Features.Mail.Mutations;

/// <summary>
/// Thousands of damaged corpus messages through the parser and the pure steps ingest runs on its
/// result (quoted-history split, sanitiser): none may reach the parser's last-resort catch or throw.
/// RAPPORT_MAIL_MUTATIONS sets the count, RAPPORT_MAIL_MUTATION_SEED the seed (printed on failure).
/// </summary>
public class MailParserMutationTests(ITestOutputHelper output)
{
    internal static readonly IReadOnlyList<(string Name, byte[] Bytes)> Messages =
        Corpus.Names().Select(n => (n, Corpus.Read(n))).ToList();

    [Fact]
    public void DamagedMessagesParseWithoutFailing()
    {
        var seed = MailMutator.MasterSeed();
        var count = MailMutator.Count(4000);
        output.WriteLine($"RAPPORT_MAIL_MUTATION_SEED={seed} RAPPORT_MAIL_MUTATIONS={count}");
        var failures = new List<string>();
        var slowest = new List<(TimeSpan Took, string Case)>();
        for (var i = 0; i < count && failures.Count < 10; i++)
        {
            var mutant = MailMutator.Make(Messages, MailMutator.CaseSeed(seed, i));
            var watch = System.Diagnostics.Stopwatch.StartNew();
            try
            {
                var mail = MailParser.Parse(mutant.Bytes);
                if (mail.Defects.FirstOrDefault(d => d.StartsWith("the parser failed", StringComparison.Ordinal)) is { } failure)
                {
                    failures.Add($"{mutant}: {failure}");
                    continue;
                }
                if (mail.TextBody is { } text)
                {
                    QuotedHistory.SplitText(text);
                }
                if (mail.HtmlBody is { } html)
                {
                    HtmlSanitiser.Sanitise(QuotedHistory.SplitHtml(html).NewPart);
                }
            }
            catch (Exception e)
            {
                failures.Add($"{mutant}: {e.GetType().Name}: {e.Message}\n{e.StackTrace}");
            }
            slowest.Add((watch.Elapsed, mutant.ToString()));
            if (slowest.Count > 20)
            {
                slowest = slowest.OrderByDescending(s => s.Took).Take(5).ToList();
            }
        }
        // Not asserted (a loaded machine would make it flaky), but a case that takes seconds is a worker held up.
        foreach (var (took, what) in slowest.OrderByDescending(s => s.Took).Take(5))
        {
            output.WriteLine($"slow: {took.TotalMilliseconds:F0} ms {what}");
        }
        Assert.True(failures.Count == 0, $"seed {seed} (rerun with RAPPORT_MAIL_MUTATION_SEED={seed}):\n{string.Join("\n", failures)}");
    }

    [Fact]
    public void TheSameSeedMakesTheSameDamage()
    {
        var a = MailMutator.Make(Messages, 42);
        var b = MailMutator.Make(Messages, 42);
        Assert.Equal(a.Steps, b.Steps);
        Assert.Equal(a.Bytes, b.Bytes);
        Assert.NotEqual(a.Bytes, MailMutator.Make(Messages, 43).Bytes);
    }

    [Fact]
    public void ATenMegabyteLineIsReadAsWellAsPossible()
    {
        var line = new string('x', 10_000_000);
        var mail = MailParser.Parse(System.Text.Encoding.ASCII.GetBytes($"From: a@b.test\r\nSubject: long\r\n\r\nfirst\r\n{line}\r\nlast\r\n"));
        Assert.False(mail.IsUnparseable);
        Assert.DoesNotContain(mail.Defects, d => d.StartsWith("the parser failed", StringComparison.Ordinal));
        Assert.Contains("first", mail.TextBody);
    }
}
