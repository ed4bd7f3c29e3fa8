using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using Rapport.Data;

namespace Rapport.Web;

public static class Startup
{
    /// <summary>
    /// Applies migrations (unless turned off) before the server takes requests. False when the
    /// database's migration history does not match this build: the operator gets the message (which
    /// file, what to do) and an exit code, not a stack trace.
    /// </summary>
    public static async Task<bool> MigrateOnStartAsync(this WebApplication app)
    {
        if (!app.Services.GetRequiredService<IOptions<DatabaseOptions>>().Value.MigrateOnStart)
        {
            return true;
        }
        await using var scope = app.Services.CreateAsyncScope();
        try
        {
            await scope.ServiceProvider.GetRequiredService<Migrator>().MigrateAsync();
            return true;
        }
        catch (MigrationHistoryException e)
        {
            await Console.Error.WriteLineAsync(e.Message);
            return false;
        }
    }

    /// <summary>The address people should use: <c>Rapport:PublicUrl</c>, else the first address Kestrel listens on.</summary>
    public static string PublicUrl(this WebApplication app) => app.Services.PublicUrl();

    /// <inheritdoc cref="PublicUrl(WebApplication)"/>
    public static string PublicUrl(this IServiceProvider services)
    {
        var configured = services.GetRequiredService<IOptions<RapportOptions>>().Value.PublicUrl;
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return configured.TrimEnd('/');
        }
        var addresses = services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses;
        var first = addresses?.FirstOrDefault() ?? "http://localhost:5080";
        return first.Replace("://[::]", "://localhost", StringComparison.Ordinal)
            .Replace("://0.0.0.0", "://localhost", StringComparison.Ordinal)
            .Replace("://+", "://localhost", StringComparison.Ordinal)
            .TrimEnd('/');
    }
}
