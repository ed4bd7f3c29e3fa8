using Rapport.Data;

namespace Rapport.Cli;

/// <summary>The words of a command line that name the verb, the options around them, and whether help was asked for.</summary>
public sealed record CommandLine(IReadOnlyList<string> Verb, string[] Options, bool Help)
{
    /// <summary><c>--version</c> anywhere: print the version and exit.</summary>
    public bool Version => Options.Contains("--version");

    /// <summary>
    /// The options as the host's configuration should read them: a bare flag gets the value <c>true</c>,
    /// else the command-line provider would take the next option's name as its value and drop that option.
    /// </summary>
    public string[] ConfigurationArgs => [.. Options.SelectMany((o, i) =>
        Verbs.IsFlag(o) && !(i + 1 < Options.Length && bool.TryParse(Options[i + 1], out _)) ? new[] { o, "true" } : [o])];
}

/// <summary>
/// The admin verbs. Options are <c>--Key value</c> or <c>--Key=value</c> pairs (configuration, so
/// <c>--Database:Provider Postgres</c> works for every verb, and each verb reads its own options
/// such as <c>--mailbox</c> from configuration too) and may stand before, between or after the verb
/// words: an MTA's <c>master.cf</c> may well read <c>rapport --Rapport:DataPath D mail ingest --mailbox M</c>.
/// </summary>
public static class Verbs
{
    /// <summary>Options that take no value (a <c>true</c>/<c>false</c> after one is still its value).</summary>
    private static readonly string[] Flags = ["--help", "-h", "-?", "--force", "--dry-run", "--version"];

    public static bool IsFlag(string arg) => Flags.Contains(arg);

    private static bool IsHelp(string arg) => arg is "--help" or "-h" or "-?";

    public static CommandLine Split(string[] args)
    {
        var verb = new List<string>();
        var options = new List<string>();
        var help = false;
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            if (Flags.Contains(arg))
            {
                help |= IsHelp(arg);
                options.Add(arg);
                if (i + 1 < args.Length && bool.TryParse(args[i + 1], out _))
                {
                    options.Add(args[++i]);
                }
            }
            else if (arg.Length > 1 && arg[0] == '-')
            {
                options.Add(arg);
                // "--Key value": the next argument is the value, as the configuration reads it, whatever it looks like.
                if (!arg.Contains('=', StringComparison.Ordinal) && i + 1 < args.Length)
                {
                    options.Add(args[++i]);
                }
            }
            else
            {
                verb.Add(arg);
            }
        }
        if (verb is ["serve", ..])
        {
            verb.RemoveAt(0);
        }
        return new CommandLine(verb, [.. options], help);
    }

    /// <summary>
    /// What to answer without building any host: the version for <c>--version</c>, usage for <c>--help</c> (exit 0), or usage on
    /// standard error for a verb that does not exist (exit 64) — never a web server started in its place.
    /// Null when the command line is for a host to run.
    /// </summary>
    public static int? AnswerWithoutHost(CommandLine command)
    {
        if (command.Version)
        {
            Console.WriteLine(Usage.InformationalVersion);
            return 0;
        }
        // "rapport mail --help" asks about every mail verb, so help needs only a known first word.
        var helpFor = command.Help || command.Verb is ["help", ..];
        if (helpFor ? !Usage.NamesACommand(command.Verb) : !Usage.IsKnown(command.Verb))
        {
            Console.Error.WriteLine($"Unknown command '{string.Join(' ', command.Verb)}'.");
            Console.Error.WriteLine(Usage.For([]));
            return Usage.Error;
        }
        if (helpFor)
        {
            Console.WriteLine(Usage.For(command.Verb));
            return 0;
        }
        return null;
    }

    public static async Task<int> RunAsync(WebApplication app, IReadOnlyList<string> verb)
    {
        switch (verb)
        {
            case ["migrate"]:
                return await MigrateAsync(app, dryRun: app.Configuration.GetValue<bool>("dry-run"));
            case ["schema-script", var provider]:
                return SchemaScript.Print(app, provider);
            default:
                if (ExtraVerbs.TryGetValue(verb[0], out var run))
                {
                    return await run(app, verb.Skip(1).ToList());
                }
                await Console.Error.WriteLineAsync($"Unknown command '{string.Join(' ', verb)}'.");
                await Console.Error.WriteLineAsync(Usage.For(verb));
                return Usage.Error;
        }
    }

    /// <summary>Verbs that belong to a feature register here (admin, import, demo, mail); <see cref="Usage"/> lists them.</summary>
    public static Dictionary<string, Func<WebApplication, IReadOnlyList<string>, Task<int>>> ExtraVerbs { get; } = new(StringComparer.Ordinal);

    /// <summary>sysexits.h EX_DATAERR: the database's migration history disagrees with this build.</summary>
    public const int MigrationHistoryError = 65;

    private static async Task<int> MigrateAsync(WebApplication app, bool dryRun)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var migrator = scope.ServiceProvider.GetRequiredService<Migrator>();
        if (dryRun)
        {
            var plan = await migrator.PlanAsync();
            Console.WriteLine(plan.Pending.Count == 0 ? "Nothing to apply: the database is up to date." : "Would apply:");
            foreach (var version in plan.Pending)
            {
                Console.WriteLine($"  {version}");
            }
            foreach (var problem in plan.Problems)
            {
                await Console.Error.WriteLineAsync(problem);
            }
            return plan.Problems.Count == 0 ? 0 : MigrationHistoryError;
        }
        try
        {
            var applied = await migrator.MigrateAsync();
            Console.WriteLine(applied.Count == 0 ? "The database is up to date." : $"Applied {string.Join(", ", applied)}.");
            return 0;
        }
        catch (MigrationHistoryException e)
        {
            await Console.Error.WriteLineAsync(e.Message);
            return MigrationHistoryError;
        }
    }
}
