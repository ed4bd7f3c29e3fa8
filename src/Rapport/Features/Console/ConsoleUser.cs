using Microsoft.EntityFrameworkCore;
using Rapport.Data;
using Rapport.Features.Accounts;
using Rapport.Web.Auth;

namespace Rapport.Features.AgentConsole;

/// <summary>The signed-in person as the console needs them, read once per request.</summary>
public sealed record ConsoleUserInfo(long Id, string DisplayName, Role Role, string Language, TimeZoneInfo TimeZone);

/// <summary>Loads <see cref="ConsoleUserInfo"/> for the current request's caller, once.</summary>
public sealed class ConsoleUser(IHttpContextAccessor accessor, RapportDb db)
{
    private ConsoleUserInfo? _user;
    private bool _loaded;

    public async Task<ConsoleUserInfo?> GetAsync(CancellationToken ct)
    {
        if (_loaded)
        {
            return _user;
        }
        _loaded = true;
        if (accessor.HttpContext?.User is not { Identity.IsAuthenticated: true } principal)
        {
            return null;
        }
        _user = await LoadAsync(db, principal.UserId(), ct);
        return _user;
    }

    /// <summary>The active user <paramref name="id"/>; for interactive components, which have no request to read.</summary>
    public static async Task<ConsoleUserInfo?> LoadAsync(RapportDb db, long id, CancellationToken ct)
    {
        var row = await db.Users.AsNoTracking().Where(u => u.Id == id && u.IsActive)
            .Select(u => new { u.Id, u.DisplayName, u.Role, u.Language, u.TimeZone }).SingleOrDefaultAsync(ct);
        if (row is null)
        {
            return null;
        }
        var zone = TimeZoneInfo.TryFindSystemTimeZoneById(row.TimeZone, out var found) ? found : TimeZoneInfo.Utc;
        return new ConsoleUserInfo(row.Id, row.DisplayName, row.Role,
            WorkspaceSettings.IsLanguage(row.Language) ? row.Language : ConsoleCultures.Default, zone);
    }
}
