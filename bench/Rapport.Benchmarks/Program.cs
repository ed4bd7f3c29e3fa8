using BenchmarkDotNet.Running;
using Rapport.Benchmarks.Load;
using Rapport.Benchmarks.Mail;

// `micro [BenchmarkDotNet args]` runs the hot-path micro-benchmarks;
// `load [options]` starts a real server, builds a dataset and drives it (see Load/LoadOptions.cs).
return args switch
{
    ["micro", .. var rest] => RunMicro(rest),
    ["load", .. var rest] => await LoadCommand.RunAsync(LoadOptions.Parse(rest)),
    ["mail", .. var rest] => await MailLoadCommand.RunAsync(MailLoadOptions.Parse(rest)),
    ["sla-claim", .. var rest] => await Rapport.Benchmarks.Sla.SlaClaimCommand.RunAsync(rest),
    ["uploads", .. var rest] => await UploadMemoryCommand.RunAsync(rest),
    _ => Usage(),
};

static int RunMicro(string[] args)
{
    BenchmarkSwitcher.FromAssembly(typeof(LoadOptions).Assembly).Run(args.Length == 0 ? ["--filter", "*"] : args);
    return 0;
}

static int Usage()
{
    Console.Error.WriteLine("""
        Usage:
          dotnet run -c Release --project bench/Rapport.Benchmarks -- micro [--filter *Normaliser*]
          dotnet run -c Release --project bench/Rapport.Benchmarks -- load [--quick] [--provider sqlite|postgres]
              [--conversations N] [--messages N] [--duration SECONDS] [--concurrency N] [--out DIR]
              [--agents N] [--realtime-messages N] [--chat-clients N] [--chat-seconds S]
              [--sla] [--sla-probes N] [--data DIR (SQLite: import once, reuse after)]
          dotnet run -c Release --project bench/Rapport.Benchmarks -- mail [--provider sqlite|postgres]
              [--messages N] [--pipe-messages N] [--imap-messages N] [--concurrency N]
              [--pipe-rapport PUBLISHED/rapport.dll]
          dotnet run -c Release --project bench/Rapport.Benchmarks -- sla-claim [--rows N] [--batch N] [--iterations N]
          dotnet run -c Release --project bench/Rapport.Benchmarks -- uploads [--provider sqlite|postgres]
              [--uploads 4] [--megabytes 25] [--import-megabytes 50] [--import-only]
        """);
    return 2;
}
