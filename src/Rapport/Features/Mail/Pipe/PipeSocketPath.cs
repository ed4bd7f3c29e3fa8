namespace Rapport.Features.Mail.Pipe;

/// <summary>
/// Where the server listens for piped mail: <c>Mail:PipeSocket</c>, by default <c>mail.sock</c> in
/// the data folder (<c>Rapport:DataPath</c>), beside the SQLite database; <c>off</c> turns it off.
/// Read straight from configuration so the pipe client finds it without building a host.
/// </summary>
public static class PipeSocketPath
{
    public const string FileName = "mail.sock";

    public static string? Resolve(IConfiguration config)
    {
        var set = config["Mail:PipeSocket"];
        if (string.Equals(set, "off", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        var dataPath = config["Rapport:DataPath"] is { Length: > 0 } d ? d : "data";
        return Path.GetFullPath(string.IsNullOrWhiteSpace(set) ? Path.Combine(dataPath, FileName) : set);
    }
}
