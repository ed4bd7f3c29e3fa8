namespace Rapport.Features.Import;

public static class ImportFeature
{
    public static void AddImport(this IHostApplicationBuilder builder)
    {
    }

    public static void MapImportApi(this IEndpointRouteBuilder api)
    {
    }
}
