using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Rapport.Data;
using Rapport.Web;

namespace Rapport.Features.Customers;

public sealed record CreateCompanyRequest(string? Name, string? Domain, string? Tier, long? AccountOwnerId, decimal? Value, string? Notes);

public sealed record CompanyResponse(long Id, string Name, string? Domain, string? Tier, long? AccountOwnerId, decimal? Value, string? Notes,
    DateTime CreatedAt, DateTime UpdatedAt);

public static class CompaniesApi
{
    public static void MapCompaniesApi(this IEndpointRouteBuilder api)
    {
        var companies = api.MapGroup("/companies").WithTags("Companies");
        companies.MapPost("/", Create).RequireAuthorization(CustomersFeature.EditPolicy);
        companies.MapGet("/", List);
        companies.MapGet("/{id:long}", Get);
        companies.MapPatch("/{id:long}", Update).RequireAuthorization(CustomersFeature.EditPolicy);
        companies.MapGet("/{id:long}/customers", Customers);
    }

    public static async Task<IResult> Create(CreateCompanyRequest body, RapportDb db, TimeProvider time, CancellationToken ct)
    {
        var company = new Company(body.Name ?? "", time.GetUtcNow().UtcDateTime)
        {
            Domain = NormaliseDomain(body.Domain),
            Tier = CustomerInput.Blank(body.Tier),
            AccountOwnerId = body.AccountOwnerId,
            Value = body.Value,
            Notes = CustomerInput.Blank(body.Notes),
        };
        var v = new Validation();
        await CheckAsync(db, v, company, checkOwner: true, ct);
        if (!v.IsValid)
        {
            return v.Problem();
        }
        company.SearchText = SearchTextFor(company);
        db.Companies.Add(company);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/v1/companies/{company.Id}", ToResponse(company));
    }

    public static async Task<IResult> List(string? q, string? cursor, int? limit, RapportDb db, CancellationToken ct)
    {
        var validation = new Validation();
        var take = Paging.Limit(limit, validation);
        var after = Paging.Decode(cursor, 1, validation);
        if (!validation.IsValid)
        {
            return validation.Problem();
        }
        return TypedResults.Ok((await PageAsync(db, q, after?[0], take, ct)).Map(ToResponse));
    }

    /// <summary>Companies whose name or domain contains <paramref name="q"/> (folded), newest first; shared with the console.</summary>
    public static async Task<Page<Company>> PageAsync(RapportDb db, string? q, long? beforeId, int take, CancellationToken ct)
    {
        var companies = db.Companies.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(q))
        {
            var folded = SearchNormaliser.Normalise(q);
            companies = companies.Where(c => c.SearchText.Contains(folded));
        }
        if (beforeId is { } key)
        {
            companies = companies.Where(c => c.Id < key);
        }
        var rows = await companies.OrderByDescending(c => c.Id).Take(take + 1).ToListAsync(ct);
        return Paging.Of(rows, take, c => Paging.Encode(c.Id));
    }

    public static async Task<Results<Ok<CompanyResponse>, NotFound>> Get(long id, RapportDb db, CancellationToken ct) =>
        await db.Companies.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, ct) is { } company
            ? TypedResults.Ok(ToResponse(company))
            : TypedResults.NotFound();

    public static async Task<IResult> Update(long id, JsonElement body, RapportDb db, TimeProvider time, IOptions<JsonOptions> json, CancellationToken ct)
    {
        var company = await db.Companies.SingleOrDefaultAsync(c => c.Id == id, ct);
        if (company is null)
        {
            return TypedResults.NotFound();
        }
        var v = new Validation();
        var f = JsonFields.Of(body, json.Value.SerializerOptions, v);
        if (f is null)
        {
            return v.Problem();
        }
        foreach (var unknown in f.Names.Where(n => n is not ("name" or "domain" or "tier" or "account_owner_id" or "value" or "notes")))
        {
            v.Add(unknown.Length > 64 ? unknown[..64] : unknown, "is not a field that can be changed here.");
        }
        var ownerBefore = company.AccountOwnerId;
        if (f.TryGet<string>("name", out var name))
        {
            company.Name = name ?? "";
        }
        if (f.TryGet<string>("domain", out var domain))
        {
            company.Domain = NormaliseDomain(domain);
        }
        if (f.TryGet<string>("tier", out var tier))
        {
            company.Tier = CustomerInput.Blank(tier);
        }
        if (f.TryGet<long?>("account_owner_id", out var owner))
        {
            company.AccountOwnerId = owner;
        }
        if (f.TryGet<decimal?>("value", out var value))
        {
            company.Value = value;
        }
        if (f.TryGet<string>("notes", out var notes))
        {
            company.Notes = CustomerInput.Blank(notes);
        }
        await CheckAsync(db, v, company, checkOwner: company.AccountOwnerId != ownerBefore, ct);
        if (!v.IsValid)
        {
            return v.Problem();
        }
        company.SearchText = SearchTextFor(company);
        company.UpdatedAt = time.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(ToResponse(company));
    }

    public static async Task<IResult> Customers(long id, string? cursor, int? limit, RapportDb db, CancellationToken ct)
    {
        if (!await db.Companies.AnyAsync(c => c.Id == id, ct))
        {
            return TypedResults.NotFound();
        }
        return await CustomersApi.List(new CustomerListQuery(null, null, id, null, null, null, null, "id", cursor, limit), db, ct);
    }

    private static async Task CheckAsync(RapportDb db, Validation v, Company company, bool checkOwner, CancellationToken ct)
    {
        v.Required("name", company.Name, 300);
        v.MaxLength("domain", company.Domain, 253);
        v.MaxLength("tier", company.Tier, 50);
        v.MaxLength("notes", company.Notes, 10000);
        if (company.Domain is { } domain && (!domain.Contains('.', StringComparison.Ordinal) || domain.Any(char.IsWhiteSpace) || domain.Contains('@', StringComparison.Ordinal)))
        {
            v.Add("domain", "must be a mail domain such as example.com.");
        }
        if (company.Value is { } value && (value < 0 || value >= 10_000_000_000_000_000m || decimal.Round(value, 2) != value))
        {
            v.Add("value", "must be between 0 and 9999999999999999.99 with at most two decimals.");
        }
        if (checkOwner && company.AccountOwnerId is { } owner && !await db.Users.AnyAsync(u => u.Id == owner, ct))
        {
            v.Add("account_owner_id", "refers to no user.");
        }
    }

    private static string? NormaliseDomain(string? domain) => CustomerInput.Blank(domain)?.Trim().TrimStart('@').ToLowerInvariant();

    private static string SearchTextFor(Company c)
    {
        var text = SearchNormaliser.Normalise(c.Name + " " + c.Domain);
        return text.Length > 1000 ? text[..1000] : text;
    }

    private static CompanyResponse ToResponse(Company c) =>
        new(c.Id, c.Name, c.Domain, c.Tier, c.AccountOwnerId, c.Value, c.Notes, c.CreatedAt, c.UpdatedAt);
}
