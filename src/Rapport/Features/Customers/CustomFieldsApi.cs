using System.Security.Claims;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Rapport.Data;
using Rapport.Web;
using Rapport.Web.Auth;

namespace Rapport.Features.Customers;

public sealed record CreateCustomFieldRequest(string? Key, string? Label, CustomFieldType? Type, List<string?>? Choices, bool? IsRequired);

public sealed record CustomFieldResponse(long Id, string Key, string Label, CustomFieldType Type, IReadOnlyList<string> Choices, bool IsRequired, DateTime CreatedAt, DateTime? ArchivedAt);

/// <summary>Admin-defined fields on customers. Everyone signed in reads the definitions; only admins change them.</summary>
public static partial class CustomFieldsApi
{
    public const int MaxChoices = 200;

    public static void MapCustomFieldsApi(this IEndpointRouteBuilder api)
    {
        var fields = api.MapGroup("/custom-fields").WithTags("Custom fields");
        fields.MapGet("/", List);
        fields.MapPost("/", Create).RequireAuthorization(AuthSetup.Admin);
        fields.MapPatch("/{id:long}", Update).RequireAuthorization(AuthSetup.Admin);
        fields.MapDelete("/{id:long}", Delete).RequireAuthorization(AuthSetup.Admin);
    }

    public static async Task<IResult> List(RapportDb db, CancellationToken ct)
    {
        var fields = await db.CustomFields.AsNoTracking().OrderBy(f => f.Key).ToListAsync(ct);
        return TypedResults.Ok(new Page<CustomFieldResponse>(fields.Select(ToResponse).ToList(), null));
    }

    public static async Task<IResult> Create(CreateCustomFieldRequest body, RapportDb db, TimeProvider time, CancellationToken ct)
    {
        var v = new Validation();
        if (body.Key is null || !KeyPattern().IsMatch(body.Key))
        {
            v.Add("key", "must be 1–64 characters: lower-case letters, digits and _, starting with a letter.");
        }
        v.Required("label", body.Label, 200);
        if (body.Type is null)
        {
            v.Add("type", "is required: text, number, date or choice.");
        }
        var choices = Choices(v, body.Type, body.Choices);
        if (!v.IsValid)
        {
            return v.Problem();
        }
        if (await db.CustomFields.AnyAsync(f => f.Key == body.Key, ct))
        {
            throw new DomainException($"A custom field with the key '{body.Key}' already exists.", "custom_field_exists");
        }
        var field = new CustomFieldDefinition(body.Key!, body.Label!.Trim(), body.Type!.Value, time.GetUtcNow().UtcDateTime)
        {
            Choices = JsonSerializer.Serialize(choices),
            IsRequired = body.IsRequired ?? false,
        };
        db.CustomFields.Add(field);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/v1/custom-fields/{field.Id}", ToResponse(field));
    }

    /// <summary>Changes the label, the choices, whether it is required, and <c>archived</c> (true retires the field, false brings it back).</summary>
    public static async Task<IResult> Update(long id, JsonElement body, RapportDb db, IOptions<JsonOptions> json, TimeProvider time, CancellationToken ct)
    {
        var field = await db.CustomFields.SingleOrDefaultAsync(f => f.Id == id, ct);
        if (field is null)
        {
            return TypedResults.NotFound();
        }
        var v = new Validation();
        var f = JsonFields.Of(body, json.Value.SerializerOptions, v);
        if (f is null)
        {
            return v.Problem();
        }
        foreach (var name in f.Names.Where(n => n is not ("label" or "choices" or "is_required" or "archived")))
        {
            v.Add(name.Length > 64 ? name[..64] : name, Why(name));
        }
        if (f.TryGet<string>("label", out var label))
        {
            v.Required("label", label, 200);
            field.Label = label?.Trim() ?? "";
        }
        if (f.TryGet<List<string?>>("choices", out var choices))
        {
            field.Choices = JsonSerializer.Serialize(Choices(v, field.Type, choices));
        }
        if (f.TryGet<bool?>("is_required", out var required))
        {
            field.IsRequired = required ?? false;
        }
        if (f.TryGet<bool?>("archived", out var archived) && archived is { } retire)
        {
            if (retire)
            {
                field.Archive(time.GetUtcNow().UtcDateTime);
            }
            else
            {
                field.Unarchive();
            }
        }
        if (!v.IsValid)
        {
            return v.Problem();
        }
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(ToResponse(field));

        static string Why(string name) => name is "key" or "type"
            ? "cannot be changed; create a new field instead."
            : "is not a field that can be changed here.";
    }

    /// <summary>Removes the definition and every customer's value for it, each recorded on that customer.</summary>
    public static async Task<IResult> Delete(long id, ClaimsPrincipal user, RapportDb db, TimeProvider time, CancellationToken ct)
    {
        var field = await db.CustomFields.SingleOrDefaultAsync(f => f.Id == id, ct);
        if (field is null)
        {
            return TypedResults.NotFound();
        }
        var now = time.GetUtcNow().UtcDateTime;
        var marker = $"%\"{field.Key}\":%";
        await using var transaction = await db.BeginWriteTransactionAsync(ct);
        foreach (var customer in await db.Customers.Where(c => EF.Functions.Like(c.CustomFields, marker)).ToListAsync(ct))
        {
            customer.ForgetCustomField(field.Key, user.Actor(), now);
        }
        db.CustomFields.Remove(field);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return TypedResults.NoContent();
    }

    private static List<string> Choices(Validation v, CustomFieldType? type, List<string?>? choices)
    {
        if (type != CustomFieldType.Choice)
        {
            if (choices is { Count: > 0 })
            {
                v.Add("choices", "are only for fields of type choice.");
            }
            return [];
        }
        if (choices is not { Count: > 0 } || choices.Count > MaxChoices)
        {
            v.Add("choices", $"a choice field needs 1–{MaxChoices} choices.");
            return [];
        }
        for (var i = 0; i < choices.Count; i++)
        {
            v.Required($"choices[{i}]", choices[i], 200);
        }
        if (choices.Distinct(StringComparer.Ordinal).Count() != choices.Count)
        {
            v.Add("choices", "must not repeat a value.");
        }
        return choices.Where(c => !string.IsNullOrWhiteSpace(c)).Select(c => c!).ToList();
    }

    private static CustomFieldResponse ToResponse(CustomFieldDefinition f) =>
        new(f.Id, f.Key, f.Label, f.Type, CustomFieldValues.Choices(f), f.IsRequired, f.CreatedAt, f.ArchivedAt);

    [GeneratedRegex("^[a-z][a-z0-9_]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex KeyPattern();
}
