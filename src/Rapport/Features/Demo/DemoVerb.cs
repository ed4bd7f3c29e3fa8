using System.Globalization;
using Rapport.Cli;
using Rapport.Web;

namespace Rapport.Features.Demo;

/// <summary><c>rapport demo seed [--customers N] [--conversations N] [--months N] [--seed N] [--force]</c>.</summary>
public static class DemoVerb
{
    public static async Task<int> RunAsync(WebApplication app, IReadOnlyList<string> verb)
    {
        if (verb is not ["seed"])
        {
            await Console.Error.WriteLineAsync("Usage: rapport demo seed [--customers 2000] [--conversations 5000] [--months 6] [--seed N] [--force]");
            return 2;
        }
        await app.MigrateOnStartAsync();
        // Read from the raw command line: a bare --force is not a configuration key/value pair.
        var options = Verbs.Split(Environment.GetCommandLineArgs()[1..]).Options;
        return await RunAsync(app.Services, options, Console.Out, Console.Error);
    }

    public static async Task<int> RunAsync(IServiceProvider services, IReadOnlyList<string> args, TextWriter output, TextWriter error, CancellationToken ct = default)
    {
        if (Parse(args, error) is not { } options)
        {
            return 2;
        }
        await using var scope = services.CreateAsyncScope();
        var seeder = scope.ServiceProvider.GetRequiredService<DemoSeeder>();
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"Seeding {options.Customers} customers and {options.Conversations} conversations over {options.Months} months…"));
        var result = await seeder.SeedAsync(options, ct);
        if (result.Refused)
        {
            await error.WriteLineAsync("This workspace already has conversations; the demo would mix with them. Run again with --force to seed anyway.");
            return 1;
        }
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"""
            Done in {result.Took.TotalSeconds:0.0} s.
              teams:         {result.TeamsCreated} created (Support, Billing, Sales, Onboarding)
              agents:        {result.AgentsCreated} created, without passwords: they sign in after an admin sends them an invitation
              customers:     {result.Customers} (Persian, Armenian and English), {result.Companies} companies
              conversations: {result.Import.Imported} imported with {result.Messages} messages, {result.Import.Skipped} skipped, {result.Import.FailedCount} failed
            """));
        foreach (var failure in result.Import.Failed.Take(10))
        {
            await output.WriteLineAsync($"  line {failure.Line}: {string.Join("; ", failure.Errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}"))}");
        }
        return result.Import.FailedCount == 0 ? 0 : 1;
    }

    private static DemoOptions? Parse(IReadOnlyList<string> args, TextWriter error)
    {
        var options = new DemoOptions();
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            if (name == "--force")
            {
                // "--force true" is accepted too, as configuration-style flags are written elsewhere.
                if (i + 1 < args.Count && bool.TryParse(args[i + 1], out var force))
                {
                    i++;
                    options = options with { Force = force };
                }
                else
                {
                    options = options with { Force = true };
                }
                continue;
            }
            if (name is not ("--customers" or "--conversations" or "--months" or "--seed"))
            {
                continue;
            }
            if (i + 1 >= args.Count || !int.TryParse(args[++i], NumberStyles.None, CultureInfo.InvariantCulture, out var value)
                || value > 10_000_000 || (value == 0 && name is "--months"))
            {
                error.WriteLine($"{name} needs a whole number{(name == "--months" ? " of at least 1" : "")}.");
                return null;
            }
            options = name switch
            {
                "--customers" => options with { Customers = value },
                "--conversations" => options with { Conversations = value },
                "--months" => options with { Months = value },
                _ => options with { Seed = value },
            };
        }
        if (options.Customers == 0 && options.Conversations > 0)
        {
            error.WriteLine("--customers must be at least 1 when there are conversations.");
            return null;
        }
        return options;
    }
}
