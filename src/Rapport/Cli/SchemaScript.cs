using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Rapport.Data;

namespace Rapport.Cli;

/// <summary>
/// Prints the CREATE script EF derives from the model for a provider. A developer writing a
/// migration starts from its difference to the last script; the schema test proves they agree.
/// </summary>
internal static class SchemaScript
{
    public static int Print(WebApplication app, string provider)
    {
        Console.WriteLine(Generate(provider));
        return 0;
    }

    public static string Generate(string provider)
    {
        var options = new DbContextOptionsBuilder<RapportDb>();
        if (provider.Equals("postgres", StringComparison.OrdinalIgnoreCase))
        {
            options.UseNpgsql("Host=unused");
        }
        else
        {
            options.UseSqlite("Data Source=:memory:");
        }
        options.ConfigureWarnings(w => w.Ignore(RelationalEventId.PendingModelChangesWarning));
        using var db = new RapportDb(options.Options);
        return db.Database.GenerateCreateScript();
    }
}
