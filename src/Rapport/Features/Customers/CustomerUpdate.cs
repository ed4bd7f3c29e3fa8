using System.Text.Json;
using Rapport.Data;
using Rapport.Features.Timeline;
using Rapport.Web;

namespace Rapport.Features.Customers;

public enum UpdateOutcome
{
    Saved,
    Invalid,
    StaleVersion,
}

public sealed record UpdateResult(UpdateOutcome Outcome, int? SentVersion = null);

/// <summary>
/// A partial update of a customer's profile, shared by <c>PATCH /api/v1/customers/{id}</c> and the
/// console's edit form (which sends its fields as the same JSON object), so both check and record alike.
/// </summary>
public static class CustomerUpdate
{
    public static async Task<UpdateResult> ApplyAsync(RapportDb db, Customer customer, JsonElement body, JsonSerializerOptions json,
        Actor actor, DateTime now, Validation v, CancellationToken ct)
    {
        customer.EnsureNotMerged();
        var fields = JsonFields.Of(body, json, v);
        if (fields is null)
        {
            return new UpdateResult(UpdateOutcome.Invalid);
        }
        var before = customer.Profile;
        var profile = await CustomerPatch.ApplyAsync(fields, before, db, v, ct);
        if (fields.TryGet<int?>("version", out var version) && version is { } expected && expected != customer.Version)
        {
            return new UpdateResult(UpdateOutcome.StaleVersion, expected);
        }
        CustomerInput.CheckProfile(v, profile);
        await CustomerInput.CheckReferencesAsync(db, v, profile with
        {
            AccountOwnerId = profile.AccountOwnerId == before.AccountOwnerId ? null : profile.AccountOwnerId,
            CompanyId = profile.CompanyId == before.CompanyId ? null : profile.CompanyId,
        }, ct);
        if (!v.IsValid)
        {
            return new UpdateResult(UpdateOutcome.Invalid);
        }
        if (customer.Edit(profile, actor, now))
        {
            await db.SaveChangesAsync(ct);
        }
        return new UpdateResult(UpdateOutcome.Saved);
    }
}
