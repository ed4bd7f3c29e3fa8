namespace Rapport.Web;

public static class LoggingDefaults
{
    /// <summary>
    /// Framework chatter (every SQL command, every request) stays out of the console unless asked
    /// for with <c>--Logging:LogLevel:Microsoft.EntityFrameworkCore Information</c>. Set in code, not
    /// appsettings.json, because the server is started from any folder.
    /// </summary>
    public static void AddLoggingDefaults(this IHostApplicationBuilder builder)
    {
        foreach (var category in new[] { "Microsoft.EntityFrameworkCore", "Microsoft.AspNetCore" })
        {
            if (builder.Configuration[$"Logging:LogLevel:{category}"] is null)
            {
                builder.Logging.AddFilter(category, LogLevel.Warning);
            }
        }
    }
}
