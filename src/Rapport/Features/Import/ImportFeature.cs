using Rapport.Cli;
using Rapport.Features.Demo;

namespace Rapport.Features.Import;

public static class ImportFeature
{
    public static void AddImport(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<ConversationImporter>();
        builder.Services.AddScoped<DemoSeeder>();
        Verbs.ExtraVerbs["import"] = ImportVerb.RunAsync;
        // The demo workspace is built through the importer, so it registers with it.
        Verbs.ExtraVerbs["demo"] = DemoVerb.RunAsync;
    }
}
