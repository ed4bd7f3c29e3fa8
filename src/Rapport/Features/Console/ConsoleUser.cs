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
        var id = principal.UserId();
        var row = await db.Users.AsNoTracking().Where(u => u.Id == id && u.IsActive)
            .Select(u => new { u.Id, u.DisplayName, u.Role, u.Language, u.TimeZone }).SingleOrDefaultAsync(ct);
        if (row is not null)
        {
            var zone = TimeZoneInfo.TryFindSystemTimeZoneById(row.TimeZone, out var found) ? found : TimeZoneInfo.Utc;
            _user = new ConsoleUserInfo(row.Id, row.DisplayName, row.Role,
                WorkspaceSettings.IsLanguage(row.Language) ? row.Language : ConsoleCultures.Default, zone);
        }
        return _user;
    }
}
