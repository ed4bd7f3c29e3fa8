using System.Reflection;

namespace Rapport.Cli;

/// <summary>
/// The verbs <c>rapport</c> knows and how to call each: the one list both <c>--help</c> and the
/// unknown-verb check read, so a verb cannot be runnable and missing from the help, or the reverse.
/// </summary>
public static class Usage
{
    /// <summary>The version <c>rapport --version</c> prints: the assembly's informational version (version+commit).</summary>
    public static string InformationalVersion =>
        typeof(Usage).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(Usage).Assembly.GetName().Version?.ToString() ?? "unknown";

    /// <summary>sysexits.h EX_USAGE: what MTAs and scripts read as "called wrongly".</summary>
    public const int Error = 64;

    private sealed record Command(string[] Words, string Synopsis, string Description);

    private static readonly Command[] Commands =
    [
        new([], "[serve] [--Key value ...]", "run the web server and its workers"),
        new(["migrate"], "migrate [--dry-run]", "apply pending database migrations and exit; --dry-run lists them (and checksum problems) and applies nothing"),
        new(["admin", "create"], "admin create --email E --name N", "create an admin (the password is read from standard input)"),
        new(["import"], "import FILE", "import conversations from a JSON-lines file (see docs/import-format.md)"),
        new(["mail", "ingest"], "mail ingest --mailbox ADDRESS|ID < message.eml",
            "take one e-mail from standard input, for an MTA pipe (exit 75 = try later, see docs/email.md)"),
        new(["demo", "seed"], "demo seed [--customers 2000] [--conversations 5000] [--months 6] [--seed N] [--force]",
            "fill the workspace with demo customers and conversations"),
        new(["schema-script"], "schema-script sqlite|postgres", "print the schema the model expects (for writing migrations)"),
        new(["help"], "help | --help | -h", "print this help; after a verb, that verb's help"),
        new(["--version"], "--version", "print the version and exit"),
    ];

    private const string Configuration = """
        Options are --Key value or --Key=value pairs and may come before or after the verb.
        Configuration keys (also as environment variables, e.g. Database__Provider):
          --urls http://localhost:5080        where to listen
          --Rapport:DataPath data             folder for the SQLite database and attachments (relative: to the working folder)
          --Database:Provider Sqlite|Postgres
          --Database:ConnectionString "Host=...;Database=rapport;Username=...;Password=..."
        """;

    /// <summary>
    /// A verb is known when its words begin with one of the commands' words (the verb itself checks
    /// what follows, such as import's FILE); no words at all is the server.
    /// </summary>
    public static bool IsKnown(IReadOnlyList<string> verb) => verb.Count == 0 || Commands.Any(c => c.Words.Length > 0 && StartsWith(verb, c.Words));

    /// <summary>No verb (the server), or a first word some command starts with.</summary>
    public static bool NamesACommand(IReadOnlyList<string> verb) => verb is not [var first, ..] || Commands.Any(c => c.Words is [var w, ..] && w == first);

    /// <summary>The whole usage, or only the commands sharing the verb's first word when it names one.</summary>
    public static string For(IReadOnlyList<string> verb)
    {
        var chosen = verb is [var first, ..] && first != "help" && Commands.Where(c => c.Words is [var w, ..] && w == first).ToList() is { Count: > 0 } some
            ? some
            : null;
        if (chosen is not null)
        {
            return string.Join('\n', chosen.Select(c => $"Usage: rapport {c.Synopsis}\n  {c.Description}")) + "\n\n" + Configuration;
        }
        var width = Commands.Max(c => c.Synopsis.Length) + 2;
        var lines = Commands.Select(c => $"  {c.Synopsis.PadRight(width)}{c.Description}");
        return $"Usage: rapport [command] [--Key value ...]\n\n{string.Join('\n', lines)}\n\n{Configuration}";
    }

    private static bool StartsWith(IReadOnlyList<string> verb, string[] words) =>
        verb.Count >= words.Length && words.Select((w, i) => verb[i] == w).All(same => same);
}
