using Microsoft.EntityFrameworkCore;
using Rapport.Data;
using Rapport.Web;
using Rapport.Web.Auth;

namespace Rapport.Features.Accounts;

/// <summary>Teams group agents so conversations can be routed to a team rather than a person.</summary>
public static class TeamsApi
{
    public static void MapTeamsApi(this IEndpointRouteBuilder api)
    {
        api.MapGet("/teams", ListAsync);
        api.MapGet("/teams/{id:long}", GetAsync);
        api.MapPost("/teams", CreateAsync).RequireAuthorization(AuthSetup.Admin);
        api.MapPatch("/teams/{id:long}", UpdateAsync).RequireAuthorization(AuthSetup.Admin);
        api.MapDelete("/teams/{id:long}/lead", ClearLeadAsync).RequireAuthorization(AuthSetup.Admin);
        api.MapPut("/teams/{id:long}/members/{userId:long}", AddMemberAsync).RequireAuthorization(AuthSetup.Admin);
        api.MapDelete("/teams/{id:long}/members/{userId:long}", RemoveMemberAsync).RequireAuthorization(AuthSetup.Admin);
    }

    public static async Task<IResult> ListAsync(RapportDb db, int? limit, string? cursor, CancellationToken ct)
    {
        var validation = new Validation();
        var take = Paging.Limit(limit, validation);
        var after = Paging.Decode(cursor, 1, validation)?[0] ?? 0;
        if (!validation.IsValid)
        {
            return validation.Problem();
        }
        var rows = await db.Teams.AsNoTracking().Where(t => t.Id > after).OrderBy(t => t.Id).Take(take + 1)
            .Select(t => new TeamResponse(t.Id, t.Name, t.Description, t.LeadUserId, t.Memberships.Count, t.CreatedAt))
            .ToListAsync(ct);
        return TypedResults.Ok(Paging.Of(rows, take, t => Paging.Encode(t.Id)));
    }

    public static async Task<IResult> GetAsync(long id, RapportDb db, CancellationToken ct)
    {
        var team = await DetailAsync(db, id, ct);
        return team is null ? TypedResults.NotFound() : TypedResults.Ok(team);
    }

    public static async Task<IResult> CreateAsync(TeamCreate body, RapportDb db, TimeProvider time, CancellationToken ct)
    {
        var validation = new Validation().Required("name", body.Name, 100).MaxLength("description", body.Description, 1000);
        if (!validation.IsValid)
        {
            return validation.Problem();
        }
        var name = body.Name!.Trim();
        await EnsureNameFreeAsync(db, name, null, ct);
        var team = new Team(name, time.GetUtcNow().UtcDateTime) { Description = Blank(body.Description) };
        db.Teams.Add(team);
        await SaveAsync(db, ct);
        return TypedResults.Created($"/api/v1/teams/{team.Id}", await DetailAsync(db, team.Id, ct));
    }

    /// <summary>A null field is left as it is; an empty description clears it. A new lead who is not yet a member joins the team.</summary>
    public static async Task<IResult> UpdateAsync(long id, TeamUpdate body, RapportDb db, CancellationToken ct)
    {
        var team = await db.Teams.Include(t => t.Memberships).SingleOrDefaultAsync(t => t.Id == id, ct);
        if (team is null)
        {
            return TypedResults.NotFound();
        }
        var validation = new Validation().MaxLength("description", body.Description, 1000);
        if (body.Name is not null)
        {
            validation.Required("name", body.Name, 100);
        }
        if (body.LeadUserId is { } leadId && !await db.Users.AnyAsync(u => u.Id == leadId, ct))
        {
            validation.Add("lead_user_id", "does not refer to an existing user.");
        }
        if (!validation.IsValid)
        {
            return validation.Problem();
        }
        if (body.Name is not null && body.Name.Trim() != team.Name)
        {
            await EnsureNameFreeAsync(db, body.Name.Trim(), id, ct);
            team.Name = body.Name.Trim();
        }
        if (body.Description is not null)
        {
            team.Description = Blank(body.Description);
        }
        if (body.LeadUserId is { } lead)
        {
            team.LeadUserId = lead;
            if (team.Memberships.All(m => m.UserId != lead))
            {
                team.Memberships.Add(new TeamMembership { TeamId = id, UserId = lead });
            }
        }
        await SaveAsync(db, ct);
        return TypedResults.Ok(await DetailAsync(db, id, ct));
    }

    /// <summary>The team has no lead any more; the former lead stays a member.</summary>
    public static async Task<IResult> ClearLeadAsync(long id, RapportDb db, CancellationToken ct)
    {
        var team = await db.Teams.SingleOrDefaultAsync(t => t.Id == id, ct);
        if (team is null)
        {
            return TypedResults.NotFound();
        }
        team.LeadUserId = null;
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(await DetailAsync(db, id, ct));
    }

    public static async Task<IResult> AddMemberAsync(long id, long userId, RapportDb db, CancellationToken ct)
    {
        if (!await db.Teams.AnyAsync(t => t.Id == id, ct) || !await db.Users.AnyAsync(u => u.Id == userId, ct))
        {
            return TypedResults.NotFound();
        }
        if (!await db.TeamMemberships.AnyAsync(m => m.TeamId == id && m.UserId == userId, ct))
        {
            db.TeamMemberships.Add(new TeamMembership { TeamId = id, UserId = userId });
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException)
            {
                // Added at the same moment by another request: PUT is idempotent, so that is success.
                db.ChangeTracker.Clear();
                if (!await db.TeamMemberships.AnyAsync(m => m.TeamId == id && m.UserId == userId, ct))
                {
                    throw;
                }
            }
        }
        return TypedResults.Ok(await DetailAsync(db, id, ct));
    }

    public static async Task<IResult> RemoveMemberAsync(long id, long userId, RapportDb db, CancellationToken ct)
    {
        var team = await db.Teams.SingleOrDefaultAsync(t => t.Id == id, ct);
        var membership = await db.TeamMemberships.SingleOrDefaultAsync(m => m.TeamId == id && m.UserId == userId, ct);
        if (team is null || membership is null)
        {
            return TypedResults.NotFound();
        }
        db.TeamMemberships.Remove(membership);
        if (team.LeadUserId == userId)
        {
            team.LeadUserId = null;
        }
        await db.SaveChangesAsync(ct);
        return TypedResults.NoContent();
    }

    private static async Task<TeamDetail?> DetailAsync(RapportDb db, long id, CancellationToken ct)
    {
        var team = await db.Teams.AsNoTracking().SingleOrDefaultAsync(t => t.Id == id, ct);
        if (team is null)
        {
            return null;
        }
        var members = await db.TeamMemberships.AsNoTracking().Where(m => m.TeamId == id).OrderBy(m => m.UserId)
            .Select(m => new TeamMember(m.UserId, m.User!.DisplayName, m.User.Email, m.User.Role, m.User.IsActive))
            .ToListAsync(ct);
        return new TeamDetail(team.Id, team.Name, team.Description, team.LeadUserId, team.CreatedAt, members);
    }

    private static async Task EnsureNameFreeAsync(RapportDb db, string name, long? except, CancellationToken ct)
    {
        if (await db.Teams.AnyAsync(t => t.Name == name && t.Id != except, ct))
        {
            throw new DomainException($"A team named '{name}' already exists.", "team_name_taken");
        }
    }

    /// <summary>The unique index settles a race between two requests that both saw the name free.</summary>
    private static async Task SaveAsync(RapportDb db, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            throw new DomainException("A team with this name already exists.", "team_name_taken");
        }
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
