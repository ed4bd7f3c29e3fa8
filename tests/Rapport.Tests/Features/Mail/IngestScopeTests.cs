using System.Net;
using Microsoft.EntityFrameworkCore;
using Rapport.Features.Accounts;
using Rapport.Features.Mail.Acknowledgements;
using Rapport.Tests.Infrastructure;
using static Rapport.Tests.Features.Conversations.ConversationScenarios;

namespace Rapport.Tests.Features.Mail;

/// <summary>
/// Speaking as a customer (raw mail, inbound messages) needs the ingest scope or an admin token,
/// never a light agent: otherwise any token could make Rapport mail any address, or put words in a customer's mouth.
/// </summary>
public abstract class IngestScopeTests(RapportApp app)
{
    private static string Address(string who) => $"{who}-{Guid.NewGuid():N}"[..20] + "@customer.test";

    private static string Mail(string from, string to) =>
        $"From: {from}\nTo: {to}\nSubject: Help\nMessage-ID: <{Guid.NewGuid():N}@customer.test>\nDate: Mon, 23 Nov 2026 10:00:00 +0000\n\nHello, I need help.\n";

    public static TheoryData<Role, TokenScope> MayNotIngest() => new()
    {
        { Role.LightAgent, TokenScope.Write },
        { Role.LightAgent, TokenScope.Admin },
        { Role.Agent, TokenScope.Write },
        { Role.Agent, TokenScope.Read },
        { Role.Admin, TokenScope.Write },
    };

    public static TheoryData<Role, TokenScope> MayIngest() => new()
    {
        { Role.Agent, TokenScope.Ingest },
        { Role.Admin, TokenScope.Ingest },
        { Role.Admin, TokenScope.Admin },
    };

    [Theory]
    [MemberData(nameof(MayNotIngest))]
    public async Task WithoutTheIngestScopeRawMailAndCustomerMessagesAre403(Role role, TokenScope scope)
    {
        var (_, mailbox, to) = await MailboxAsync();
        var owner = await app.CreateUserAsync();
        var id = (await CreateAsync(owner.Client)).Id();
        var caller = await app.CreateUserAsync(role, scope);

        await (await MailApp.PostRawAsync(caller.Client, mailbox, Mail(Address("spoof"), to))).ExpectProblemAsync(HttpStatusCode.Forbidden);
        await (await caller.Client.PostJsonAsync($"/api/v1/conversations/{id}/inbound", new { body_text = "I want a refund" }))
            .ExpectProblemAsync(HttpStatusCode.Forbidden);
        await (await caller.Client.PostJsonAsync("/api/v1/conversations", new
        {
            customer = new { email = NewEmail() },
            message = new { kind = "inbound", body_text = "Said by nobody" },
        })).ExpectProblemAsync(HttpStatusCode.Forbidden);

        Assert.Equal(1, await app.WithDbAsync(db => db.Messages.CountAsync(m => m.ConversationId == id)));
        Assert.Equal(0, await app.WithDbAsync(db => db.Acknowledgements.CountAsync(a => a.MailboxId == mailbox)));
    }

    [Theory]
    [MemberData(nameof(MayIngest))]
    public async Task TheIngestScopeAndAdminTokensMayPostRawMailAndCustomerMessages(Role role, TokenScope scope)
    {
        var (_, mailbox, to) = await MailboxAsync();
        var caller = await app.CreateUserAsync(role, scope);

        var raw = await (await MailApp.PostRawAsync(caller.Client, mailbox, Mail(Address("real"), to))).ExpectAsync(HttpStatusCode.Created);
        var id = (await (await caller.Client.PostJsonAsync("/api/v1/conversations", new
        {
            customer = new { email = NewEmail() },
            message = new { kind = "inbound", body_text = "My order is late" },
        })).ExpectAsync(HttpStatusCode.Created)).Id();
        await (await caller.Client.PostJsonAsync($"/api/v1/conversations/{id}/inbound", new { body_text = "Any news?" })).ExpectAsync(HttpStatusCode.Created);
        // Ingest is write and more: the ordinary writes still work.
        await (await caller.Client.PostJsonAsync($"/api/v1/conversations/{id}/notes", new { body_text = "Looking" })).ExpectAsync(HttpStatusCode.Created);

        Assert.NotNull(raw["conversation_id"]);
    }

    [Fact]
    public async Task MailPostedThroughTheApiIsNotAcknowledgedUnlessTheCallerAsks()
    {
        var (admin, mailbox, to) = await MailboxAsync();
        var integration = await app.CreateUserAsync(Role.Agent, TokenScope.Ingest);

        var silent = await (await MailApp.PostRawAsync(admin.Client, mailbox, Mail(Address("quiet"), to))).ExpectAsync(HttpStatusCode.Created);
        var silentToo = await (await MailApp.PostRawAsync(integration.Client, mailbox, Mail(Address("quiet"), to))).ExpectAsync(HttpStatusCode.Created);
        var asked = await (await MailApp.PostRawAsync(integration.Client, mailbox, Mail(Address("asked"), to), acknowledge: true)).ExpectAsync(HttpStatusCode.Created);

        Assert.Equal(0, await AcknowledgementsAsync(silent["conversation_id"]!.GetValue<long>()));
        Assert.Equal(0, await AcknowledgementsAsync(silentToo["conversation_id"]!.GetValue<long>()));
        Assert.Equal(2, await AcknowledgementsAsync(asked["conversation_id"]!.GetValue<long>()));
    }

    [Fact]
    public async Task LightAgentsCannotHoldIngestTokensAndAgentsCan()
    {
        var light = await app.CreateUserAsync(Role.LightAgent, TokenScope.Write);
        await (await light.Client.PostJsonAsync("/api/v1/me/tokens", new { name = "x", scope = "ingest" })).ExpectProblemAsync(HttpStatusCode.Forbidden);
        var lightSignIn = await app.CreateUserAsync(Role.LightAgent, TokenScope.Read);
        await (await app.CreateClient(null).PostJsonAsync("/api/v1/auth/token", new { email = lightSignIn.Email, password = RapportApp.Password, name = "x", scope = "ingest" }))
            .ExpectProblemAsync(HttpStatusCode.Forbidden);

        var agent = await app.CreateUserAsync(Role.Agent, TokenScope.Read);
        var created = await (await app.CreateClient(null).PostJsonAsync("/api/v1/auth/token", new { email = agent.Email, password = RapportApp.Password, name = "integration", scope = "ingest" }))
            .ExpectAsync(HttpStatusCode.Created);
        Assert.Equal("ingest", created.Str("scope"));
        // A write token cannot mint a broader one.
        var writer = await app.CreateUserAsync(Role.Agent, TokenScope.Write);
        await (await writer.Client.PostJsonAsync("/api/v1/me/tokens", new { name = "x", scope = "ingest" })).ExpectProblemAsync(HttpStatusCode.Forbidden);
    }

    /// <summary>A mailbox that can send (its server is away, so nothing leaves) with acknowledgements on.</summary>
    private async Task<(TestUser Admin, long Mailbox, string Address)> MailboxAsync()
    {
        var admin = await app.CreateAdminAsync();
        var address = $"in-{Guid.NewGuid():N}"[..20] + "@rapport.test";
        var id = await MailApp.CreateMailboxAsync(admin.Client, new
        {
            address,
            display_name = "Support",
            send_acknowledgements = true,
            smtp = new { host = "127.0.0.1", port = 9, security = "none" },
        });
        return (admin, id, address);
    }

    private Task<int> AcknowledgementsAsync(long conversationId) => app.WithDbAsync(async db =>
        await db.Acknowledgements.CountAsync(a => a.ConversationId == conversationId)
        + await db.Outbox.CountAsync(o => o.Kind == AcknowledgementQueue.OutboxKind && o.Message!.ConversationId == conversationId));
}

public sealed class IngestScopeTestsOnSqlite(SqliteApp app) : IngestScopeTests(app), IClassFixture<SqliteApp>;

public sealed class IngestScopeTestsOnPostgres(PostgresApp app) : IngestScopeTests(app), IClassFixture<PostgresApp>;
