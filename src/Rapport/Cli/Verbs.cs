using Rapport.Data;

namespace Rapport.Cli;

/// <summary>
/// The admin verbs. A verb is the leading words before any <c>--option</c>; options after it are
/// ordinary configuration (so <c>--Database:Provider Postgres</c> works for every verb) and the
/// verb reads its own options (<c>--email</c>, <c>--mailbox</c>) from configuration too.
/// </summary>
public static class Verbs
{
    public static (IReadOnlyList<string> Verb, string[] Options) Split(string[] args)
    {
        var words = args.TakeWhile(a => !a.StartsWith('-')).ToList();
        if (words is ["serve", ..])
        {
            words.RemoveAt(0);
        }
        return (words, args[words.Count..].Where(a => a != "serve").ToArray());
    }

    public static async Task<int> RunAsync(WebApplication app, IReadOnlyList<string> verb)
    {
        switch (verb)
        {
            case ["migrate"]:
                return await MigrateAsync(app);
            case ["schema-script", var provider]:
                return SchemaScript.Print(app, provider);
            case ["help"] or ["--help"]:
                PrintHelp();
                return 0;
            default:
                if (ExtraVerbs.TryGetValue(verb[0], out var run))
                {
                    return await run(app, verb.Skip(1).ToList());
                }
                await Console.Error.WriteLineAsync($"Unknown command '{string.Join(' ', verb)}'.");
                PrintHelp();
                return 2;
        }
    }

    /// <summary>Verbs that belong to a feature register here (admin, import, demo, mail).</summary>
    public static Dictionary<string, Func<WebApplication, IReadOnlyList<string>, Task<int>>> ExtraVerbs { get; } = new(StringComparer.Ordinal);

    private static async Task<int> MigrateAsync(WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var applied = await scope.ServiceProvider.GetRequiredService<Migrator>().MigrateAsync();
        Console.WriteLine(applied.Count == 0 ? "The database is up to date." : $"Applied {string.Join(", ", applied)}.");
        return 0;
    }

    private static void PrintHelp() => Console.WriteLine("""
        Usage: rapport [command] [--Key value ...]

          (none) | serve              run the web server and its workers
          migrate                     apply pending database migrations and exit
          admin create                create an admin: --email E --name N (password read from standard input)
          import FILE                 import conversations from a JSON-lines file
          mail ingest --mailbox M     take one e-mail from standard input (for an MTA pipe; exit 75 = try later, see docs/email.md)
          demo seed                   fill the workspace with demo customers and conversations
          schema-script sqlite|postgres   print the schema the model expects (for writing migrations)

        Configuration keys (also as environment variables, e.g. Database__Provider):
          --urls http://localhost:5080        where to listen
          --Rapport:DataPath data             folder for the SQLite database and attachments
          --Database:Provider Sqlite|Postgres
          --Database:ConnectionString "Host=...;Database=rapport;Username=...;Password=..."
        """);
}
