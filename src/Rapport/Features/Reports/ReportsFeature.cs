namespace Rapport.Features.Reports;

/// <summary>Reports over what agents did, for admins and team leads. So far: promises kept and missed (docs/promises.md).</summary>
public static class ReportsFeature
{
    public static void AddReports(this IHostApplicationBuilder builder) => builder.Services.AddScoped<PromiseCounting>();
}
