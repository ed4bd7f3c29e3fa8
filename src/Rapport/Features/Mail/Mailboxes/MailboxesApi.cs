using Microsoft.EntityFrameworkCore;
using Rapport.Data;
using Rapport.Features.Mail.Ingest;
using Rapport.Web;
using Rapport.Web.Auth;

namespace Rapport.Features.Mail.Mailboxes;

public sealed record ImapSettingsRequest(string? Host, int? Port, MailSecurity? Security, string? User, string? Password, string? Folder);

public sealed record SmtpSettingsRequest(string? Host, int? Port, MailSecurity? Security, string? User, string? Password);

/// <summary>Create or change a mailbox; on a change, a field left out keeps its value, and an empty password clears it.</summary>
public sealed record MailboxRequest(string? Address, string? DisplayName, long? TeamId, bool? IsActive, ImapSettingsRequest? Imap,
    SmtpSettingsRequest? Smtp, bool? VerifyCertificates, int? ThreadBySubjectDays, bool? SendAcknowledgements = null);

public sealed record ImapSettingsView(string? Host, int Port, MailSecurity Security, string? User, string Folder, bool PasswordSet);

public sealed record SmtpSettingsView(string? Host, int Port, MailSecurity Security, string? User, bool PasswordSet);

public sealed record MailboxSyncView(long? UidValidity, long LastUid, DateTime? LastSyncedAt, string? LastError);

public sealed record MailboxView(long Id, string Address, string DisplayName, long? TeamId, bool IsActive, ImapSettingsView Imap, SmtpSettingsView Smtp,
    bool VerifyCertificates, int ThreadBySubjectDays, bool SendAcknowledgements, MailboxSyncView? Sync, DateTime CreatedAt, DateTime UpdatedAt);

/// <summary>Mailboxes are admin work: every route needs the admin policy. Passwords go in, never out.</summary>
public static class MailboxesApi
{
    public static void MapMailboxesRoutes(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/mailboxes").WithTags("Mail").RequireAuthorization(AuthSetup.Admin);
        group.MapGet("", List);
        group.MapGet("/{id:long}", Get);
        group.MapPost("", Create).TakesSecret();
        group.MapPatch("/{id:long}", Update);
        group.MapDelete("/{id:long}", Delete);
        group.MapPost("/{id:long}/test", Test).WithSummary("Tries the IMAP and SMTP settings and says which step failed: dns, connect, tls, greeting, auth, select.");
    }

    public static async Task<IResult> List(int? limit, string? cursor, RapportDb db, CancellationToken ct)
    {
        var validation = new Validation();
        var take = Paging.Limit(limit, validation);
        var after = Paging.Decode(cursor, 1, validation)?[0] ?? 0;
        if (!validation.IsValid)
        {
            return validation.Problem();
        }
        var rows = await db.Mailboxes.AsNoTracking().Where(m => m.Id > after).OrderBy(m => m.Id).Take(take + 1).ToListAsync(ct);
        var ids = rows.Select(r => r.Id).ToList();
        var syncs = await db.MailboxSyncs.AsNoTracking().Where(s => ids.Contains(s.MailboxId)).ToDictionaryAsync(s => s.MailboxId, ct);
        return TypedResults.Ok(Paging.Of(rows.Select(m => View(m, syncs.GetValueOrDefault(m.Id))).ToList(), take, m => Paging.Encode(m.Id)));
    }

    public static async Task<IResult> Get(long id, RapportDb db, CancellationToken ct)
    {
        var mailbox = await db.Mailboxes.AsNoTracking().SingleOrDefaultAsync(m => m.Id == id, ct);
        if (mailbox is null)
        {
            return TypedResults.NotFound();
        }
        return TypedResults.Ok(View(mailbox, await db.MailboxSyncs.AsNoTracking().SingleOrDefaultAsync(s => s.MailboxId == id, ct)));
    }

    public static async Task<IResult> Create(MailboxRequest body, RapportDb db, MailboxSecrets secrets, TimeProvider time, ImapFetchSignal fetch, CancellationToken ct)
    {
        var validation = new Validation();
        validation.Required("address", body.Address, 320).Email("address", body.Address);
        var now = time.GetUtcNow().UtcDateTime;
        var mailbox = new Mailbox { CreatedAt = now, UpdatedAt = now };
        await ApplyAsync(mailbox, body, validation, db, secrets, ct);
        if (!validation.IsValid)
        {
            return validation.Problem();
        }
        db.Mailboxes.Add(mailbox);
        await db.SaveChangesAsync(ct);
        fetch.MailboxChanged(mailbox.Id);
        return TypedResults.Created($"/api/v1/mailboxes/{mailbox.Id}", View(mailbox, null));
    }

    public static async Task<IResult> Update(long id, MailboxRequest body, RapportDb db, MailboxSecrets secrets, TimeProvider time, ImapFetchSignal fetch, CancellationToken ct)
    {
        var mailbox = await db.Mailboxes.SingleOrDefaultAsync(m => m.Id == id, ct);
        if (mailbox is null)
        {
            return TypedResults.NotFound();
        }
        var validation = new Validation();
        validation.MaxLength("address", body.Address, 320).Email("address", body.Address);
        await ApplyAsync(mailbox, body, validation, db, secrets, ct);
        if (!validation.IsValid)
        {
            return validation.Problem();
        }
        mailbox.UpdatedAt = time.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
        fetch.MailboxChanged(id);
        return TypedResults.Ok(View(mailbox, await db.MailboxSyncs.AsNoTracking().SingleOrDefaultAsync(s => s.MailboxId == id, ct)));
    }

    public static async Task<IResult> Delete(long id, RapportDb db, ImapFetchSignal fetch, CancellationToken ct)
    {
        var deleted = await db.Mailboxes.Where(m => m.Id == id).ExecuteDeleteAsync(ct);
        fetch.MailboxChanged(id);
        return deleted == 0 ? TypedResults.NotFound() : TypedResults.NoContent();
    }

    public static async Task<IResult> Test(long id, RapportDb db, ConnectionTester tester, CancellationToken ct)
    {
        var mailbox = await db.Mailboxes.AsNoTracking().SingleOrDefaultAsync(m => m.Id == id, ct);
        return mailbox is null ? TypedResults.NotFound() : TypedResults.Ok(await tester.TestAsync(mailbox, ct));
    }

    private static async Task ApplyAsync(Mailbox mailbox, MailboxRequest body, Validation validation, RapportDb db, MailboxSecrets secrets, CancellationToken ct)
    {
        validation.MaxLength("display_name", body.DisplayName, 200);
        if (body.Address is { } address && Validation.IsEmail(address))
        {
            var normalised = address.Trim().ToLowerInvariant();
            if (await db.Mailboxes.AnyAsync(m => m.Address == normalised && m.Id != mailbox.Id, ct))
            {
                validation.Add("address", "is already a mailbox.");
            }
            mailbox.Address = normalised;
        }
        if (body.DisplayName is not null)
        {
            mailbox.DisplayName = body.DisplayName.Trim();
        }
        if (body.TeamId is { } teamId)
        {
            if (!await db.Teams.AnyAsync(t => t.Id == teamId, ct))
            {
                validation.Add("team_id", $"team {teamId} does not exist.");
            }
            mailbox.TeamId = teamId;
        }
        mailbox.IsActive = body.IsActive ?? mailbox.IsActive;
        mailbox.VerifyCertificates = body.VerifyCertificates ?? mailbox.VerifyCertificates;
        mailbox.SendAcknowledgements = body.SendAcknowledgements ?? mailbox.SendAcknowledgements;
        if (body.ThreadBySubjectDays is { } days)
        {
            if (days is < 0 or > 365)
            {
                validation.Add("thread_by_subject_days", "must be between 0 (off) and 365.");
            }
            mailbox.ThreadBySubjectDays = days;
        }
        if (body.Imap is { } imap)
        {
            validation.MaxLength("imap.host", imap.Host, 255).MaxLength("imap.user", imap.User, 320).MaxLength("imap.folder", imap.Folder, 200).MaxLength("imap.password", imap.Password, 1000);
            CheckPort("imap.port", imap.Port, validation);
            mailbox.ImapHost = imap.Host is null ? mailbox.ImapHost : Blank(imap.Host);
            mailbox.ImapPort = imap.Port ?? mailbox.ImapPort;
            mailbox.ImapSecurity = imap.Security ?? mailbox.ImapSecurity;
            mailbox.ImapUser = imap.User is null ? mailbox.ImapUser : Blank(imap.User);
            mailbox.ImapFolder = Blank(imap.Folder) ?? mailbox.ImapFolder;
            if (imap.Password is not null)
            {
                mailbox.ImapPasswordProtected = imap.Password.Length == 0 ? null : secrets.Protect(imap.Password);
            }
        }
        if (body.Smtp is { } smtp)
        {
            validation.MaxLength("smtp.host", smtp.Host, 255).MaxLength("smtp.user", smtp.User, 320).MaxLength("smtp.password", smtp.Password, 1000);
            CheckPort("smtp.port", smtp.Port, validation);
            mailbox.SmtpHost = smtp.Host is null ? mailbox.SmtpHost : Blank(smtp.Host);
            mailbox.SmtpPort = smtp.Port ?? mailbox.SmtpPort;
            mailbox.SmtpSecurity = smtp.Security ?? mailbox.SmtpSecurity;
            mailbox.SmtpUser = smtp.User is null ? mailbox.SmtpUser : Blank(smtp.User);
            if (smtp.Password is not null)
            {
                mailbox.SmtpPasswordProtected = smtp.Password.Length == 0 ? null : secrets.Protect(smtp.Password);
            }
        }
        if (string.IsNullOrWhiteSpace(mailbox.DisplayName))
        {
            mailbox.DisplayName = mailbox.Address;
        }
    }

    private static void CheckPort(string field, int? port, Validation validation)
    {
        if (port is < 1 or > 65535)
        {
            validation.Add(field, "must be between 1 and 65535.");
        }
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    internal static MailboxView View(Mailbox m, MailboxSync? sync) => new(
        m.Id, m.Address, m.DisplayName, m.TeamId, m.IsActive,
        new ImapSettingsView(m.ImapHost, m.ImapPort, m.ImapSecurity, m.ImapUser, m.ImapFolder, m.ImapPasswordProtected is not null),
        new SmtpSettingsView(m.SmtpHost, m.SmtpPort, m.SmtpSecurity, m.SmtpUser, m.SmtpPasswordProtected is not null),
        m.VerifyCertificates, m.ThreadBySubjectDays, m.SendAcknowledgements,
        sync is null ? null : new MailboxSyncView(sync.UidValidity, sync.LastUid, sync.LastSyncedAt, sync.LastError),
        m.CreatedAt, m.UpdatedAt);
}
