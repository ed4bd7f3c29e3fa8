using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Rapport.Web;

namespace Rapport.Features.AgentConsole.Pages.Admin;

/// <summary>
/// What an API handler answered when a console page called it. The admin and profile pages call the
/// API's own handlers (so the checks and rules are the API's, not a copy), and this turns the answer
/// into something a page shows: the value, field errors, or one problem.
/// </summary>
public sealed record ApiOutcome(int Status, object? Value, IReadOnlyDictionary<string, string[]> Errors, string? Code, string? Problem)
{
    private static readonly Dictionary<string, string[]> NoErrors = [];

    public bool Done => Status < 400;

    public T? ValueAs<T>() where T : class => Value as T;

    /// <summary>Calls <paramref name="handler"/>; a <see cref="DomainException"/> becomes a 409 with its code, as the API's problem handler does.</summary>
    public static async Task<ApiOutcome> RunAsync(Func<Task<IResult>> handler)
    {
        try
        {
            return From(await handler());
        }
        catch (DomainException e)
        {
            return new(StatusCodes.Status409Conflict, null, NoErrors, e.Code ?? "conflict", e.Message);
        }
        catch (DbUpdateConcurrencyException)
        {
            return new(StatusCodes.Status409Conflict, null, NoErrors, "changed_meanwhile", null);
        }
    }

    public static ApiOutcome From(IResult result) => result switch
    {
        ValidationProblem invalid => new(StatusCodes.Status400BadRequest, null, invalid.ProblemDetails.Errors.ToDictionary(), "invalid", invalid.ProblemDetails.Title),
        ProblemHttpResult problem => new(problem.StatusCode, null, NoErrors, problem.StatusCode == 403 ? "forbidden" : "problem", problem.ProblemDetails.Title),
        IStatusCodeHttpResult { StatusCode: >= 400 } failed => new(failed.StatusCode ?? 500, null, NoErrors, failed.StatusCode == 404 ? "not_found" : "problem", null),
        IValueHttpResult value => new((result as IStatusCodeHttpResult)?.StatusCode ?? 200, value.Value, NoErrors, null, null),
        _ => new(StatusCodes.Status200OK, null, NoErrors, null, null),
    };

    /// <summary>
    /// Each failed field's message in the page's language: the resource <c>Error_{field}</c> where
    /// there is one (choices[2] looks up Error_choices), else the API's own English words.
    /// </summary>
    public Dictionary<string, string> FieldErrors(IStringLocalizer text)
    {
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (field, messages) in Errors)
        {
            var bracket = field.IndexOf('[', StringComparison.Ordinal);
            var key = "Error_" + (bracket > 0 ? field[..bracket] : field);
            var localized = text[key];
            errors[bracket > 0 ? field[..bracket] : field] = localized.ResourceNotFound ? string.Join(" ", messages) : localized.Value;
        }
        return errors;
    }

    /// <summary>The problem in the page's language: <c>Conflict_{code}</c>, <c>Problem_{status}</c>, or the generic <c>Problem</c>.</summary>
    public string ProblemText(IStringLocalizer text)
    {
        foreach (var key in new[] { "Conflict_" + Code, "Problem_" + Status.ToString(System.Globalization.CultureInfo.InvariantCulture) })
        {
            if (text[key] is { ResourceNotFound: false } found)
            {
                return found.Value;
            }
        }
        return text["Problem"];
    }
}
