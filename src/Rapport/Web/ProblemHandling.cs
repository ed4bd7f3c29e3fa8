using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.EntityFrameworkCore;
using Rapport.Data;

namespace Rapport.Web;

/// <summary>
/// The one error path: every failure leaves as RFC 9457 problem details. Expected outcomes
/// (validation, not found, forbidden) are returned by handlers; this maps what is thrown.
/// </summary>
internal sealed class ProblemExceptionHandler(IProblemDetailsService problems, ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        var (status, title, detail) = exception switch
        {
            DomainException e => (StatusCodes.Status409Conflict, "The request conflicts with the current state.", e.Message),
            DbUpdateConcurrencyException => (StatusCodes.Status409Conflict, "The record was changed by someone else.", "Reload it and try again."),
            DbUpdateException e when UniqueViolation.Is(e) => (StatusCodes.Status409Conflict, "The same record was created by another request at the same time.", "Retry the request."),
            BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } e => (413, "The request body is too large.", e.Message),
            BadHttpRequestException e when e.InnerException is JsonException j => (400, "The request body is not valid JSON for this endpoint.", JsonDetail(j)),
            BadHttpRequestException e when e.Message.StartsWith("Implicit body inferred", StringComparison.Ordinal) || e.Message.StartsWith("Required parameter", StringComparison.Ordinal) && e.Message.Contains("body", StringComparison.Ordinal)
                => (400, "The request is not valid.", "A JSON body is required."),
            BadHttpRequestException e => (e.StatusCode, "The request is not valid.", e.Message),
            JsonException e => (400, "The request body is not valid JSON for this endpoint.", JsonDetail(e)),
            OperationCanceledException when context.RequestAborted.IsCancellationRequested => (499, "The client closed the request.", null),
            _ => (500, "An unexpected error occurred.", null),
        };
        if (status == 500)
        {
            logger.LogError(exception, "Unhandled error on {Method} {Path}", context.Request.Method, context.Request.Path);
        }
        context.Response.StatusCode = status;
        var problem = new ProblemDetailsContext
        {
            HttpContext = context,
            Exception = exception,
            ProblemDetails = { Status = status, Title = title, Detail = detail },
        };
        // A field the client sent in the wrong shape gets a field-level error, like any other invalid field.
        if (JsonError(exception) is { Path.Length: > 0 } json && JsonField(json.Path) is { Length: > 0 } field)
        {
            problem.ProblemDetails.Extensions["errors"] = new Dictionary<string, string[]> { [field] = ["has the wrong type or format."] };
        }
        return await problems.TryWriteAsync(problem);
    }

    private static JsonException? JsonError(Exception e) => e as JsonException ?? e.InnerException as JsonException;

    private static string JsonField(string path) => path.TrimStart('$').TrimStart('.');

    private static string JsonDetail(JsonException e) =>
        e.Path is { Length: > 0 } path && JsonField(path).Length > 0 ? $"Could not read '{JsonField(path)}': {FirstLine(e.Message)}" : FirstLine(e.Message);

    private static string FirstLine(string s) => s.Split('\n')[0].Split(" Path:")[0];
}

public static class ProblemHandling
{
    public static void AddProblemHandling(this IHostApplicationBuilder builder)
    {
        builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = c =>
        {
            c.ProblemDetails.Instance ??= c.HttpContext.Request.Path;
            c.ProblemDetails.Extensions["trace_id"] = c.HttpContext.TraceIdentifier;
        });
        builder.Services.AddExceptionHandler<ProblemExceptionHandler>();
        // Malformed JSON and wrong parameter types throw, so they reach the handler above and
        // become a 400 with a message, rather than an empty 400.
        builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        builder.Services.Configure<JsonOptions>(o =>
        {
            o.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
            o.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false));
        });
    }

    public static void UseProblemHandling(this WebApplication app)
    {
        app.UseExceptionHandler();
        // 401, 403, 404, 405 with no body get problem details too.
        app.UseStatusCodePages();
    }
}
