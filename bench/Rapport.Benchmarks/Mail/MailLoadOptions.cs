using System.Globalization;

namespace Rapport.Benchmarks.Mail;

/// <param name="Messages">Messages through the raw API.</param>
/// <param name="PipeMessages">Messages through <c>rapport mail ingest</c>, one process each (0 skips it).</param>
/// <param name="Concurrency">Callers at once on the raw API.</param>
/// <param name="PipeRapport">The rapport.dll the pipe runs (e.g. a ReadyToRun publish); null: the one built beside the benchmark.</param>
/// <param name="PipeConcurrency">Pipe processes at once (like Postfix's maxproc for the transport).</param>
/// <param name="PipeInProcess">The pipe takes mail in itself (<c>--Mail:PipeSocket off</c>) instead of handing it to the server's socket.</param>
/// <param name="ImapMessages">Messages fetched over IMAP (TLS) from a Dovecot the benchmark starts (0 skips it).</param>
public sealed record MailLoadOptions(string Provider, int Messages, int PipeMessages, int ImapMessages, int Concurrency, double ParseSeconds, string? PipeRapport = null,
    int PipeConcurrency = 3, bool PipeInProcess = false)
{
    public static MailLoadOptions Parse(string[] args)
    {
        var options = new MailLoadOptions("sqlite", 10_000, 10_000, 10_000, 4, 5);
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            options = args[i] switch
            {
                "--provider" => options with { Provider = Next() },
                "--messages" => options with { Messages = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--pipe-messages" => options with { PipeMessages = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--pipe-rapport" => options with { PipeRapport = Path.GetFullPath(Next()) },
                "--pipe-concurrency" => options with { PipeConcurrency = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--pipe-in-process" => options with { PipeInProcess = true },
                "--imap-messages" => options with { ImapMessages = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--concurrency" => options with { Concurrency = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--parse-seconds" => options with { ParseSeconds = double.Parse(Next(), CultureInfo.InvariantCulture) },
                _ => throw new ArgumentException($"Unknown option {args[i]}"),
            };
        }
        return options;
    }
}
