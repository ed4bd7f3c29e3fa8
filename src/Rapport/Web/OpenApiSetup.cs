using Microsoft.OpenApi;

namespace Rapport.Web;

public static class OpenApiSetup
{
    /// <summary>The document at <c>/openapi/v1.json</c>, with the bearer-token scheme every <c>/api/v1</c> call uses.</summary>
    public static void AddRapportOpenApi(this IHostApplicationBuilder builder) =>
        builder.Services.AddOpenApi(o => o.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "Rapport API";
            document.Info.Description = "Customers, conversations and the activity timeline. Authenticate with `Authorization: Bearer rpt_…`; errors are RFC 9457 problem details.";
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes["bearer"] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "A personal API token (rpt_…) from POST /api/v1/auth/token or the account page.",
            };
            document.Security ??= [];
            document.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("bearer", document)] = [] });
            return Task.CompletedTask;
        }));
}
