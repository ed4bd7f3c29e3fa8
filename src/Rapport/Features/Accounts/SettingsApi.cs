using Rapport.Data;
using Rapport.Web;
using Rapport.Web.Auth;

namespace Rapport.Features.Accounts;

public static class SettingsApi
{
    public static void MapSettingsApi(this IEndpointRouteBuilder api)
    {
        api.MapGet("/settings", GetAsync);
        api.MapPatch("/settings", UpdateAsync).RequireAuthorization(AuthSetup.Admin);
    }

    public static async Task<IResult> GetAsync(RapportDb db, CancellationToken ct) => TypedResults.Ok(await ReadAsync(db, ct));

    public static async Task<IResult> UpdateAsync(SettingsUpdate body, RapportDb db, CancellationToken ct)
    {
        var validation = new Validation();
        if (body.BusinessName is not null)
        {
            validation.Required("business_name", body.BusinessName, 200);
        }
        if (body.DefaultLanguage is not null && !WorkspaceSettings.IsLanguage(body.DefaultLanguage))
        {
            validation.Add("default_language", $"must be one of {string.Join(", ", WorkspaceSettings.Languages)}.");
        }
        if (!validation.IsValid)
        {
            return validation.Problem();
        }
        if (body.BusinessName is not null)
        {
            await db.SetAsync(WorkspaceSettings.BusinessNameKey, body.BusinessName.Trim(), ct);
        }
        if (body.DefaultLanguage is not null)
        {
            await db.SetAsync(WorkspaceSettings.DefaultLanguageKey, body.DefaultLanguage, ct);
        }
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(await ReadAsync(db, ct));
    }

    private static async Task<SettingsResponse> ReadAsync(RapportDb db, CancellationToken ct) => new(
        await db.GetAsync(WorkspaceSettings.BusinessNameKey, ct) ?? WorkspaceSettings.DefaultBusinessName,
        await db.GetAsync(WorkspaceSettings.DefaultLanguageKey, ct) ?? "en");
}
