using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Rapport.Data;

namespace Rapport.Tests.Infrastructure;

/// <summary>Rapport with its mail workers polling every second, so tests see mail move quickly.</summary>
public abstract class MailApp(DatabaseProvider provider) : RapportApp(provider)
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Mail:FetchEnabled", "true");
        builder.UseSetting("Outbox:Enabled", "true");
        builder.UseSetting("Mail:PollSeconds", "1");
        builder.UseSetting("Mail:IdleSeconds", "3");
        builder.UseSetting("Mail:TimeoutSeconds", "20");
        builder.UseSetting("Mail:MessageIdDomain", "rapport.test");
        builder.UseSetting("Outbox:PollSeconds", "1");
        builder.UseSetting("Mail:MaxPerSenderPerHour", "5");
    }

    /// <summary>Creates a mailbox through the admin API; returns its id.</summary>
    public static async Task<long> CreateMailboxAsync(HttpClient admin, object body) =>
        (await (await admin.PostJsonAsync("/api/v1/mailboxes", body)).ExpectAsync(HttpStatusCode.Created))["id"]!.GetValue<long>();

    /// <summary>Posts one raw message to the mailbox's raw endpoint; with <paramref name="acknowledge"/>, asks for the acknowledgement a real channel would get.</summary>
    public static async Task<HttpResponseMessage> PostRawAsync(HttpClient client, long mailboxId, string raw, bool acknowledge = false)
    {
        var content = new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(raw.ReplaceLineEndings("\r\n")));
        content.Headers.ContentType = new MediaTypeHeaderValue("message/rfc822");
        return await client.PostAsync($"/api/v1/mailboxes/{mailboxId}/raw{(acknowledge ? "?acknowledge=true" : "")}", content);
    }

    /// <summary>Waits until a message with this external id (an e-mail Message-ID) is stored; returns its conversation.</summary>
    public async Task<long> WaitForMessageAsync(string externalId, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            var found = await WithDbAsync(db => db.Messages.Where(m => m.ExternalId == externalId).Select(m => (long?)m.ConversationId).FirstOrDefaultAsync());
            if (found is { } id)
            {
                return id;
            }
            if (DateTime.UtcNow > deadline)
            {
                var errors = await WithDbAsync(db => db.MailboxSyncs.Select(s => s.LastError).ToListAsync());
                var quarantined = await WithDbAsync(db => db.QuarantinedMail.Select(q => q.Reason).ToListAsync());
                throw new TimeoutException($"The message {externalId} was not taken in. Mailbox sync errors: {string.Join("; ", errors)}. Quarantined: {string.Join("; ", quarantined)}");
            }
            await Task.Delay(200);
        }
    }

    public static async Task<JsonArray> MessagesAsync(HttpClient client, long conversationId) =>
        (await (await client.GetAsync($"/api/v1/conversations/{conversationId}/messages")).ExpectAsync(HttpStatusCode.OK))["items"]!.AsArray();
}

public sealed class MailSqliteApp() : MailApp(DatabaseProvider.Sqlite);

public sealed class MailPostgresApp() : MailApp(DatabaseProvider.Postgres);
