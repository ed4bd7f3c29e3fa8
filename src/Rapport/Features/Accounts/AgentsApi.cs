using Microsoft.EntityFrameworkCore;
using Rapport.Data;
using Rapport.Web;
using Rapport.Web.Auth;

namespace Rapport.Features.Accounts;

/// <summary>The people who work in Rapport. Anyone signed in can see them; only admins add or change them.</summary>
public static class AgentsApi
{
    public static void MapAgentsApi(this IEndpointRouteBuilder api)
    {
        api.MapGet("/agents", ListAsync);
        api.MapGet("/agents/{id:long}", GetAsync);
        api.MapPost("/agents", CreateAsync).RequireAuthorization(AuthSetup.Admin).ShowsSecretOnce();
        api.MapPatch("/agents/{id:long}", UpdateAsync).RequireAuthorization(AuthSetup.Admin);
        api.MapPost("/agents/{id:long}/invite", ReinviteAsync).RequireAuthorization(AuthSetup.Admin).ShowsSecretOnce();
    }

    public static async Task<IResult> ListAsync(RapportDb db, string? role, bool? active, int? limit, string? cursor, CancellationToken ct)
    {
        var validation = new Validation();
        var take = Paging.Limit(limit, validation);
        var after = Paging.Decode(cursor, 1, validation)?[0] ?? 0;
        Role? roleFilter = null;
        if (role is not null)
        {
            if (EnumNames.TryParse<Role>(role, out var parsed))
            {
                roleFilter = parsed;
            }
            else
            {
                validation.Add("role", $"must be one of {EnumNames.List<Role>()}.");
            }
        }
        if (!validation.IsValid)
        {
            return validation.Problem();
        }
        var query = db.Users.AsNoTracking().Where(u => u.Id > after);
        if (roleFilter is not null)
        {
            query = query.Where(u => u.Role == roleFilter);
        }
        if (active is not null)
        {
            query = query.Where(u => u.IsActive == active);
        }
        var rows = await query.OrderBy(u => u.Id).Take(take + 1).ToListAsync(ct);
        return TypedResults.Ok(Paging.Of([.. rows.Select(AgentResponse.From)], take, a => Paging.Encode(a.Id)));
    }

    public static async Task<IResult> GetAsync(long id, RapportDb db, CancellationToken ct)
    {
        var user = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == id, ct);
        return user is null ? TypedResults.NotFound() : TypedResults.Ok(AgentResponse.From(user));
    }

    public static async Task<IResult> CreateAsync(AgentCreate body, RapportDb db, TimeProvider time, HttpContext http, CancellationToken ct)
    {
        var validation = new Validation()
            .Required("email", body.Email, 254).Email("email", body.Email)
            .Required("display_name", body.DisplayName, 200);
        if (!validation.IsValid)
        {
            return validation.Problem();
        }
        var email = User.NormaliseEmail(body.Email!);
        if (await db.Users.AnyAsync(u => u.Email == email, ct))
        {
            throw new DomainException("An account with this e-mail address already exists.", "email_taken");
        }
        var now = time.GetUtcNow().UtcDateTime;
        var user = new User(email, body.DisplayName!, body.Role ?? Role.Agent, now);
        // A new person starts in the workspace's language; they can change it on their profile.
        if (await db.GetAsync(WorkspaceSettings.DefaultLanguageKey, ct) is { } language && WorkspaceSettings.IsLanguage(language))
        {
            user.Language = language;
        }
        db.Users.Add(user);
        await db.SaveChangesAsync(ct);
        var (invite, secret) = await InviteAsync(db, user.Id, now, ct);
        return TypedResults.Created($"/api/v1/agents/{user.Id}",
            new AgentCreated(AgentResponse.From(user), InviteUrl(http, secret), invite.ExpiresAt));
    }

    /// <summary>A fresh invite link (the old ones stop working), for a lost e-mail or a forgotten password.</summary>
    public static async Task<IResult> ReinviteAsync(long id, RapportDb db, TimeProvider time, HttpContext http, CancellationToken ct)
    {
        var user = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == id, ct);
        if (user is null)
        {
            return TypedResults.NotFound();
        }
        var (invite, secret) = await InviteAsync(db, user.Id, time.GetUtcNow().UtcDateTime, ct);
        return TypedResults.Ok(new AgentCreated(AgentResponse.From(user), InviteUrl(http, secret), invite.ExpiresAt));
    }

    public static async Task<IResult> UpdateAsync(long id, AgentUpdate body, RapportDb db, CancellationToken ct)
    {
        var user = await db.Users.SingleOrDefaultAsync(u => u.Id == id, ct);
        if (user is null)
        {
            return TypedResults.NotFound();
        }
        var validation = new Validation();
        if (body.DisplayName is not null)
        {
            validation.Required("display_name", body.DisplayName, 200);
        }
        if (!validation.IsValid)
        {
            return validation.Problem();
        }
        var losesAdmin = user is { Role: Role.Admin, IsActive: true }
            && ((body.Role is not null && body.Role != Role.Admin) || body.IsActive == false);
        if (losesAdmin && !await db.Users.AnyAsync(u => u.Id != id && u.Role == Role.Admin && u.IsActive, ct))
        {
            throw new DomainException("This is the last active admin; make someone else an admin first.", "last_admin");
        }
        user.DisplayName = body.DisplayName?.Trim() ?? user.DisplayName;
        user.Role = body.Role ?? user.Role;
        if (body.IsActive == false && user.IsActive)
        {
            // Reactivating later must not bring the old sessions back.
            user.EndSessions();
        }
        user.IsActive = body.IsActive ?? user.IsActive;
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(AgentResponse.From(user));
    }

    private static async Task<(UserInvite Invite, string Secret)> InviteAsync(RapportDb db, long userId, DateTime now, CancellationToken ct)
    {
        await db.UserInvites.Where(i => i.UserId == userId && i.UsedAt == null).ExecuteDeleteAsync(ct);
        var (invite, secret) = UserInvite.Issue(userId, now);
        db.UserInvites.Add(invite);
        await db.SaveChangesAsync(ct);
        return (invite, secret);
    }

    private static string InviteUrl(HttpContext http, string secret)
    {
        var configured = http.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<RapportOptions>>().Value.PublicUrl;
        var origin = string.IsNullOrWhiteSpace(configured) ? $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}" : configured.TrimEnd('/');
        return $"{origin}/invite?token={Uri.EscapeDataString(secret)}";
    }
}
