using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Rapport.Data;
using Rapport.Web;
using Rapport.Web.Auth;
using JsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace Rapport.Features.Customers;

public sealed record CreateCustomerRequest(
    string? FullName,
    string? PreferredName,
    string? Pronunciation,
    string? Language,
    string? TimeZone,
    ContactChannel? PreferredChannel,
    string? ContactHours,
    bool? DoNotContact,
    string? Tier,
    long? AccountOwnerId,
    long? CompanyId,
    decimal? Value,
    List<string?>? Emails,
    List<string?>? Phones,
    List<IdentityInput?>? Identities,
    List<string?>? Tags,
    JsonElement? CustomFields);

public sealed record CustomerListQuery(
    string? Q,
    string? Tag,
    [property: FromQuery(Name = "company_id")] long? CompanyId,
    string? Tier,
    [property: FromQuery(Name = "account_owner_id")] long? AccountOwnerId,
    [property: FromQuery(Name = "updated_since")] DateTimeOffset? UpdatedSince,
    [property: FromQuery(Name = "include_merged")] bool? IncludeMerged,
    string? Sort,
    string? Cursor,
    int? Limit);

/// <summary>The customer record itself: create, find, read, change, delete.</summary>
public static class CustomersApi
{
    public static void MapCustomerRecordsApi(this IEndpointRouteBuilder api)
    {
        var customers = api.MapGroup("/customers").WithTags("Customers");
        customers.MapPost("/", Create).RequireAuthorization(CustomersFeature.EditPolicy);
        customers.MapGet("/", List);
        customers.MapGet("/{id:long}", Get);
        customers.MapPatch("/{id:long}", Update).RequireAuthorization(CustomersFeature.EditPolicy);
        customers.MapDelete("/{id:long}", Delete).RequireAuthorization(AuthSetup.Admin);
    }

    public static async Task<IResult> Create(CreateCustomerRequest body, ClaimsPrincipal user, RapportDb db, TimeProvider time, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var v = new Validation();
        var profile = new CustomerProfile(body.FullName ?? "", CustomerInput.Blank(body.PreferredName), CustomerInput.Blank(body.Pronunciation),
            CustomerInput.Blank(body.Language), CustomerInput.Blank(body.TimeZone), body.PreferredChannel, CustomerInput.Blank(body.ContactHours),
            body.DoNotContact ?? false, CustomerInput.Blank(body.Tier), body.AccountOwnerId, body.CompanyId, body.Value);
        CustomerInput.CheckProfile(v, profile);
        var identities = CustomerInput.Identities(v, body.Emails, body.Phones, body.Identities);
        var tagNames = CustomerInput.TagNames(v, "tags", body.Tags);
        var fields = await CustomFieldValues.MergeAsync(db, v, body.CustomFields, [], creating: true, ct);
        await CustomerInput.CheckReferencesAsync(db, v, profile, ct);
        if (!v.IsValid)
        {
            return v.Problem();
        }
        if (await IdentityOwnership.ConflictAsync(db, identities.Select(i => (i.Kind, i.Value)), null, ct) is { } taken)
        {
            return taken;
        }
        if (profile.CompanyId is null)
        {
            profile = profile with { CompanyId = await CompanyDomains.CompanyForAsync(db, identities.Where(i => i.Kind == IdentityKind.Email).Select(i => i.Value), ct) };
        }
        var tags = await TagResolver.ResolveAsync(db, tagNames, now, ct);
        var customer = Customer.Create(profile with { CustomFields = fields },
            identities.Select(i => new CustomerIdentity(i.Kind, i.Value, now) { Source = i.Source }), tags, user.Actor(), now);
        db.Customers.Add(customer);
        if (await IdentityOwnership.SaveAsync(db, identities.Select(i => (i.Kind, i.Value)), null, ct) is { } raced)
        {
            return raced;
        }
        return TypedResults.Created($"/api/v1/customers/{customer.Id}", await CustomerQueries.ResponseAsync(db, customer, ct));
    }

    public static async Task<IResult> List([AsParameters] CustomerListQuery query, RapportDb db, CancellationToken ct)
    {
        var v = new Validation();
        var page = await CustomerQuery.PageAsync(db, query, v, ct);
        if (page is null)
        {
            return v.Problem();
        }
        return TypedResults.Ok(new Page<CustomerResponse>(await CustomerQueries.ResponsesAsync(db, page.Items, ct), page.NextCursor));
    }

    /// <summary>A merged-away customer is returned as it is, with <c>merged_into_id</c>, so a client holding its id can follow.</summary>
    public static async Task<Results<Ok<CustomerResponse>, NotFound>> Get(long id, RapportDb db, CancellationToken ct)
    {
        var customer = await CustomerQueries.FindAsync(db, id, ct);
        return customer is null ? TypedResults.NotFound() : TypedResults.Ok(await CustomerQueries.ResponseAsync(db, customer, ct));
    }

    public static async Task<IResult> Update(long id, JsonElement body, ClaimsPrincipal user, RapportDb db, TimeProvider time,
        IOptions<JsonOptions> json, CancellationToken ct)
    {
        var customer = await CustomerQueries.FindAsync(db, id, ct);
        if (customer is null)
        {
            return TypedResults.NotFound();
        }
        var v = new Validation();
        var update = await CustomerUpdate.ApplyAsync(db, customer, body, json.Value.SerializerOptions, user.Actor(), time.GetUtcNow().UtcDateTime, v, ct);
        return update switch
        {
            { Outcome: UpdateOutcome.Invalid } => v.Problem(),
            { Outcome: UpdateOutcome.StaleVersion } => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "The record was changed by someone else.",
                detail: $"You sent version {update.SentVersion}; the customer is at version {customer.Version}. Reload it and try again."),
            _ => TypedResults.Ok(await CustomerQueries.ResponseAsync(db, customer, ct)),
        };
    }

    /// <summary>
    /// Deleting is for records created by mistake or a customer's request to be forgotten. A customer
    /// with conversations is refused: the conversations are the business's history and would cascade
    /// away with the row. Otherwise the customer's own activities go too: they describe only this
    /// record (its creation and edits, with its names and addresses in their details), reference
    /// it by key, and keeping them would keep the personal data the deletion is meant to remove.
    /// </summary>
    public static async Task<IResult> Delete(long id, RapportDb db, CancellationToken ct)
    {
        if (!await db.Customers.AnyAsync(c => c.Id == id, ct))
        {
            return TypedResults.NotFound();
        }
        if (await db.Conversations.AnyAsync(c => c.CustomerId == id, ct) || await db.Messages.AnyAsync(m => m.AuthorCustomerId == id, ct))
        {
            throw new DomainException($"Customer {id} has conversations; merge it into another customer instead of deleting it.", "customer_has_conversations");
        }
        if (await db.Customers.AnyAsync(c => c.MergedIntoId == id, ct))
        {
            throw new DomainException($"Other customer records were merged into customer {id}; their history depends on it.", "customer_has_merged_records");
        }
        await using var transaction = await db.BeginWriteTransactionAsync(ct);
        await db.Activities.Where(a => a.CustomerId == id || a.ActorCustomerId == id).ExecuteDeleteAsync(ct);
        await db.CustomerTags.Where(t => t.CustomerId == id).ExecuteDeleteAsync(ct);
        await db.CustomerNotes.Where(n => n.CustomerId == id).ExecuteDeleteAsync(ct);
        await db.CustomerIdentities.Where(i => i.CustomerId == id).ExecuteDeleteAsync(ct);
        await db.Customers.Where(c => c.Id == id).ExecuteDeleteAsync(ct);
        await transaction.CommitAsync(ct);
        return TypedResults.NoContent();
    }
}
