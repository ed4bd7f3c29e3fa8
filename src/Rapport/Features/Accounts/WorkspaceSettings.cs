using Microsoft.EntityFrameworkCore;
using Rapport.Data;

namespace Rapport.Features.Accounts;

/// <summary>Workspace-wide settings kept as rows of the settings table.</summary>
public static class WorkspaceSettings
{
    public const string BusinessNameKey = "business_name";
    public const string DefaultLanguageKey = "default_language";
    public const string DefaultBusinessName = "Rapport";

    public static readonly IReadOnlyList<string> Languages = ["en", "fa", "hy"];

    public static bool IsLanguage(string? value) => value is not null && Languages.Contains(value);

    public static async Task<string?> GetAsync(this RapportDb db, string key, CancellationToken ct) =>
        await db.Settings.AsNoTracking().Where(s => s.Key == key).Select(s => s.Value).SingleOrDefaultAsync(ct);

    /// <summary>Adds or updates the setting in the context; the caller saves.</summary>
    public static async Task SetAsync(this RapportDb db, string key, string value, CancellationToken ct)
    {
        var setting = await db.Settings.SingleOrDefaultAsync(s => s.Key == key, ct);
        if (setting is null)
        {
            db.Settings.Add(new Setting { Key = key, Value = value });
        }
        else
        {
            setting.Value = value;
        }
    }
}
