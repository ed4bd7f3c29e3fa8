namespace Rapport.Web;

/// <summary>
/// Where the server reads its own files (appsettings.json, wwwroot) from. A published build carries
/// them beside the executable, and service managers start it from another folder (systemd from
/// <c>/</c>), so there the content root is the executable's folder, not the working directory: from
/// anywhere else the stylesheets and <c>blazor.web.js</c> would be answered 200 with no bytes. A build
/// output (<c>dotnet run</c>, the tests) has no wwwroot of its own — its static web assets manifest
/// points at the project — and keeps the working directory, as ASP.NET Core does by default.
/// Data is not affected: a relative <c>Rapport:DataPath</c> is always relative to the working directory.
/// </summary>
public static class AppFolder
{
    public static WebApplicationOptions BuilderOptions(string[] args) => new()
    {
        Args = args,
        ContentRootPath = PublishedContentRoot(args),
    };

    /// <summary>The executable's folder when it is a published output and no content root was given; else null (the default).</summary>
    public static string? PublishedContentRoot(string[] args)
    {
        var given = args.Any(a => a.StartsWith("--contentRoot", StringComparison.OrdinalIgnoreCase))
            || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("ASPNETCORE_CONTENTROOT"))
            || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("DOTNET_CONTENTROOT"));
        var folder = AppContext.BaseDirectory;
        return !given && Directory.Exists(Path.Combine(folder, "wwwroot")) ? folder : null;
    }
}
