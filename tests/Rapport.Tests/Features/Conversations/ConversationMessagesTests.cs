using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Rapport.Features.Accounts;
using Rapport.Tests.Infrastructure;
using static Rapport.Tests.Features.Conversations.ConversationScenarios;

namespace Rapport.Tests.Features.Conversations;

public abstract class ConversationMessagesTests(RapportApp app)
{
    [Theory]
    [InlineData("pending")]
    [InlineData("on_hold")]
    [InlineData("solved")]
    public async Task ACustomerMessageReopensAWaitingConversation(string status)
    {
        var agent = await app.CreateUserAsync();
        var id = (await CreateAsync(agent.Client)).Id();
        await PatchStatusAsync(agent.Client, id, status);

        var message = await (await agent.Client.PostJsonAsync($"/api/v1/conversations/{id}/inbound", new { body_text = "Any news?" }))
            .ExpectAsync(HttpStatusCode.Created);

        Assert.Equal("inbound", message.Str("kind"));
        var conversation = await (await agent.Client.GetAsync($"/api/v1/conversations/{id}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("open", conversation.Str("status"));
        Assert.Null(conversation["solved_at"]);
        Assert.Equal(2, conversation["message_count"]!.GetValue<int>());
        var last = (await ActivitiesAsync(app, id))[^1];
        Assert.Equal("conversation.status_changed", last.Kind);
        Assert.Contains("\"to\":\"open\"", last.Data, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ACustomerMessageLeavesANewConversationNew()
    {
        var agent = await app.CreateUserAsync();
        var id = (await CreateAsync(agent.Client)).Id();

        await (await agent.Client.PostJsonAsync($"/api/v1/conversations/{id}/inbound", new { body_text = "Also, the box was wet." }))
            .ExpectAsync(HttpStatusCode.Created);

        var conversation = await (await agent.Client.GetAsync($"/api/v1/conversations/{id}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("new", conversation.Str("status"));
    }

    [Fact]
    public async Task AClosedConversationRefusesMessagesAndAsksForAFollowUp()
    {
        var agent = await app.CreateUserAsync();
        var id = (await CreateAsync(agent.Client)).Id();
        await PatchStatusAsync(agent.Client, id, "solved");
        await PatchStatusAsync(agent.Client, id, "closed");
        var before = await ActivityKindsAsync(app, id);

        var problem = await (await agent.Client.PostJsonAsync($"/api/v1/conversations/{id}/inbound", new { body_text = "Hello again" }))
            .ExpectProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains("follow-up", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        await (await agent.Client.PostJsonAsync($"/api/v1/conversations/{id}/reply", new { body_text = "Hi" })).ExpectProblemAsync(HttpStatusCode.Conflict);
        await (await agent.Client.PostJsonAsync($"/api/v1/conversations/{id}/notes", new { body_text = "Hi" })).ExpectProblemAsync(HttpStatusCode.Conflict);

        Assert.Equal(before, await ActivityKindsAsync(app, id));
    }

    [Fact]
    public async Task AReplyOpensANewConversationAndTimesTheFirstReplyOnce()
    {
        var agent = await app.CreateUserAsync();
        var id = (await CreateAsync(agent.Client)).Id();

        var reply = await (await agent.Client.PostJsonAsync($"/api/v1/conversations/{id}/reply", new { body_text = "We are on it." }))
            .ExpectAsync(HttpStatusCode.Created);
        Assert.Equal("outbound", reply.Str("kind"));
        Assert.Equal(agent.Id, reply.Id("author_user_id"));
        var opened = await (await agent.Client.GetAsync($"/api/v1/conversations/{id}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("open", opened.Str("status"));
        var firstReplyAt = opened.Str("first_reply_at");

        app.Clock.Advance(TimeSpan.FromMinutes(3));
        await (await agent.Client.PostJsonAsync($"/api/v1/conversations/{id}/reply", new { body_text = "Shipped today.", status = "pending" }))
            .ExpectAsync(HttpStatusCode.Created);
        var pending = await (await agent.Client.GetAsync($"/api/v1/conversations/{id}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("pending", pending.Str("status"));
        Assert.Equal(firstReplyAt, pending.Str("first_reply_at"));
        Assert.Equal(3, pending["message_count"]!.GetValue<int>());
    }

    [Fact]
    public async Task AReplyToANewConversationMayKeepAnotherStatus()
    {
        var agent = await app.CreateUserAsync();
        var id = (await CreateAsync(agent.Client)).Id();

        await (await agent.Client.PostJsonAsync($"/api/v1/conversations/{id}/reply", new { body_text = "Done.", status = "solved" }))
            .ExpectAsync(HttpStatusCode.Created);

        var solved = await (await agent.Client.GetAsync($"/api/v1/conversations/{id}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("solved", solved.Str("status"));
    }

    [Fact]
    public async Task LightAgentCannotReplyButCanAddNotes()
    {
        var agent = await app.CreateUserAsync();
        var light = await app.CreateUserAsync(Role.LightAgent, TokenScope.Write);
        var id = (await CreateAsync(agent.Client)).Id();

        await (await light.Client.PostJsonAsync($"/api/v1/conversations/{id}/reply", new { body_text = "Hi!" }))
            .ExpectProblemAsync(HttpStatusCode.Forbidden);
        await (await light.Client.PostJsonAsync("/api/v1/conversations", new
        {
            customer = new { email = NewEmail() },
            message = new { kind = "outbound", body_text = "Hi!" },
        })).ExpectProblemAsync(HttpStatusCode.Forbidden);

        var note = await (await light.Client.PostJsonAsync($"/api/v1/conversations/{id}/notes", new { body_text = "Customer called twice." }))
            .ExpectAsync(HttpStatusCode.Created);
        Assert.Equal("note", note.Str("kind"));
        var conversation = await (await agent.Client.GetAsync($"/api/v1/conversations/{id}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("new", conversation.Str("status"));
        Assert.Null(conversation["first_reply_at"]);
        Assert.DoesNotContain((await ActivitiesAsync(app, id)), a => a.Kind == "conversation.message_added" && a.Data.Contains("outbound", StringComparison.Ordinal));
    }

    [Fact]
    public async Task NotesRecordWhoWasMentioned()
    {
        var agent = await app.CreateUserAsync();
        var colleague = await app.CreateUserAsync();
        var id = (await CreateAsync(agent.Client)).Id();

        await (await agent.Client.PostJsonAsync($"/api/v1/conversations/{id}/notes", new { body_text = "Can you check?", mentions = new[] { colleague.Id } }))
            .ExpectAsync(HttpStatusCode.Created);

        var note = (await ActivitiesAsync(app, id)).Single(a => a.Kind == "conversation.note_added");
        Assert.Equal([colleague.Id], JsonNode.Parse(note.Data)!["mentions"]!.AsArray().Select(m => m!.GetValue<long>()));

        var problem = await (await agent.Client.PostJsonAsync($"/api/v1/conversations/{id}/notes", new { body_text = "x", mentions = new[] { 999_999 } }))
            .ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.NotNull(problem["errors"]!["mentions"]);
    }

    [Fact]
    public async Task MessagesAreListedOldestFirstAcrossPages()
    {
        var agent = await app.CreateUserAsync();
        var id = (await CreateAsync(agent.Client, body: "first")).Id();
        for (var i = 2; i <= 5; i++)
        {
            await (await agent.Client.PostJsonAsync($"/api/v1/conversations/{id}/notes", new { body_text = $"note {i}" })).ExpectAsync(HttpStatusCode.Created);
        }

        var texts = new List<string>();
        string? cursor = null;
        do
        {
            var page = await (await agent.Client.GetAsync($"/api/v1/conversations/{id}/messages?limit=2" + (cursor is null ? "" : $"&cursor={cursor}")))
                .ExpectAsync(HttpStatusCode.OK);
            texts.AddRange(page["items"]!.AsArray().Select(m => m!.Str("body_text")));
            cursor = page["next_cursor"]?.GetValue<string>();
        }
        while (cursor is not null);

        Assert.Equal(["first", "note 2", "note 3", "note 4", "note 5"], texts);
    }

    [Fact]
    public async Task HtmlIsSanitisedBeforeItIsStoredAndTextIsDerivedFromIt()
    {
        var agent = await app.CreateUserAsync();
        var id = (await CreateAsync(agent.Client)).Id();

        var message = await (await agent.Client.PostJsonAsync($"/api/v1/conversations/{id}/inbound", new
        {
            body_html = "<p onclick=\"steal()\">Hello <b>team</b></p><script>alert(1)</script><img src=x onerror=alert(1)><a href=\"javascript:alert(1)\">click</a>",
        })).ExpectAsync(HttpStatusCode.Created);

        var html = message.Str("body_html");
        Assert.Equal("<p>Hello <b>team</b></p><a>click</a>", html);
        Assert.Equal("Hello team\nclick", message.Str("body_text"));
        var stored = await (await agent.Client.GetAsync($"/api/v1/conversations/{id}/messages/{message.Id()}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(html, stored.Str("body_html"));
    }

    [Fact]
    public async Task AttachmentsRoundTripAndAreStoredOnceOnDisk()
    {
        var agent = await app.CreateUserAsync();
        var id = (await CreateAsync(agent.Client)).Id();
        var bytes = Encoding.UTF8.GetBytes($"invoice {Guid.NewGuid()} ۱۲۳");
        var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
        var upload = new { file_name = "../../etc/fa\u202Ectura<1>.txt", content_type = "Text/Plain; charset=utf-8", content_base64 = Convert.ToBase64String(bytes) };

        var first = await (await agent.Client.PostJsonAsync($"/api/v1/conversations/{id}/inbound", new { body_text = "See attached", attachments = new[] { upload } }))
            .ExpectAsync(HttpStatusCode.Created);
        var second = await (await agent.Client.PostJsonAsync($"/api/v1/conversations/{id}/notes", new { attachments = new[] { upload } }))
            .ExpectAsync(HttpStatusCode.Created);

        var attachment = first["attachments"]![0]!;
        Assert.Equal("factura1.txt", attachment.Str("file_name"));
        Assert.Equal("text/plain; charset=utf-8", attachment.Str("content_type"));
        Assert.Equal(bytes.Length, attachment["size"]!.GetValue<long>());
        Assert.Equal(sha, attachment.Str("sha256"));
        Assert.Equal(sha, second["attachments"]![0]!.Str("sha256"));
        Assert.NotEqual(attachment.Id(), second["attachments"]![0]!.Id());
        var folder = Path.Combine(app.DataPath, "attachments", sha[..2], sha[2..4]);
        Assert.Equal([Path.Combine(folder, sha)], Directory.GetFiles(folder));

        var download = await agent.Client.GetAsync(attachment.Str("url"));
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(bytes, await download.Content.ReadAsByteArrayAsync());
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("factura1.txt", download.Content.Headers.ContentDisposition?.FileNameStar);
        Assert.Equal("nosniff", download.Headers.GetValues("X-Content-Type-Options").Single());

        var listed = await (await agent.Client.GetAsync($"/api/v1/conversations/{id}/messages")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(2, listed["items"]!.AsArray().Count(m => m!["attachments"]!.AsArray().Count == 1));

        await (await app.CreateClient((string?)null).GetAsync(attachment.Str("url"))).ExpectProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task AnAttachmentOverTheLimitIs413AndNothingIsStored()
    {
        var agent = await app.CreateUserAsync();
        var id = (await CreateAsync(agent.Client)).Id();
        var bytes = RandomNumberGenerator.GetBytes((int)ConversationsTestApp.MaxAttachmentBytes + 1);

        await (await agent.Client.PostJsonAsync($"/api/v1/conversations/{id}/inbound", new
        {
            body_text = "big",
            attachments = new[] { new { file_name = "big.bin", content_base64 = Convert.ToBase64String(bytes) } },
        })).ExpectProblemAsync(HttpStatusCode.RequestEntityTooLarge);

        var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
        Assert.False(File.Exists(Path.Combine(app.DataPath, "attachments", sha[..2], sha[2..4], sha)));
        var conversation = await (await agent.Client.GetAsync($"/api/v1/conversations/{id}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(1, conversation["message_count"]!.GetValue<int>());

        var atLimit = RandomNumberGenerator.GetBytes((int)ConversationsTestApp.MaxAttachmentBytes);
        await (await agent.Client.PostJsonAsync($"/api/v1/conversations/{id}/inbound", new
        {
            attachments = new[] { new { file_name = "ok.bin", content_base64 = Convert.ToBase64String(atLimit) } },
        })).ExpectAsync(HttpStatusCode.Created);
    }

    [Fact]
    public async Task BadMessagesAreFieldErrors()
    {
        var agent = await app.CreateUserAsync();
        var id = (await CreateAsync(agent.Client)).Id();

        var empty = await (await agent.Client.PostJsonAsync($"/api/v1/conversations/{id}/reply", new { body_text = "  " }))
            .ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.NotNull(empty["errors"]!["body_text"]);

        var badFile = await (await agent.Client.PostJsonAsync($"/api/v1/conversations/{id}/notes", new
        {
            body_text = "x",
            attachments = new[]
            {
                new { file_name = "a.txt", content_type = "text/plain", content_base64 = "not base64!" },
                new { file_name = "b.txt", content_type = "no type at all", content_base64 = "aGk=" },
            },
        })).ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.NotNull(badFile["errors"]!["attachments[0].content_base64"]);
        Assert.NotNull(badFile["errors"]!["attachments[1].content_type"]);

        await (await agent.Client.PostAsync($"/api/v1/conversations/{id}/reply", ApiAssertions.RawJson("{\"body_text\": ")))
            .ExpectProblemAsync(HttpStatusCode.BadRequest);
        await (await agent.Client.PostAsync($"/api/v1/conversations/{id}/reply", ApiAssertions.RawJson("""{"body_text":"x","status":"archived"}""")))
            .ExpectProblemAsync(HttpStatusCode.BadRequest);
        await PatchStatusAsync(agent.Client, id, "open");
        await (await agent.Client.PostJsonAsync($"/api/v1/conversations/{id}/reply", new { body_text = "x", status = "new" }))
            .ExpectProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(1, (await (await agent.Client.GetAsync($"/api/v1/conversations/{id}")).ExpectAsync(HttpStatusCode.OK))["message_count"]!.GetValue<int>());
    }

    [Fact]
    public async Task AnInboundMessageSentTwiceWithItsExternalIdIsStoredOnce()
    {
        var agent = await app.CreateUserAsync();
        var id = (await CreateAsync(agent.Client)).Id();
        var externalId = $"<{Guid.NewGuid():N}@mail.example.test>";

        var first = await (await agent.Client.PostJsonAsync($"/api/v1/conversations/{id}/inbound", new { body_text = "Hi", external_id = externalId }))
            .ExpectAsync(HttpStatusCode.Created);
        var retry = await (await agent.Client.PostJsonAsync($"/api/v1/conversations/{id}/inbound", new { body_text = "Hi", external_id = externalId }))
            .ExpectAsync(HttpStatusCode.OK);

        Assert.Equal(first.Id(), retry.Id());
        Assert.Equal(externalId, retry.Str("external_id"));
        var conversation = await (await agent.Client.GetAsync($"/api/v1/conversations/{id}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(2, conversation["message_count"]!.GetValue<int>());
    }

    [Fact]
    public async Task EachMessageAndItsActivityAreSavedTogether()
    {
        var agent = await app.CreateUserAsync();
        var id = (await CreateAsync(agent.Client)).Id();

        var reply = await (await agent.Client.PostJsonAsync($"/api/v1/conversations/{id}/reply", new { body_text = "On its way" }))
            .ExpectAsync(HttpStatusCode.Created);

        var activity = (await ActivitiesAsync(app, id)).Where(a => a.Kind == "conversation.message_added").ToList();
        Assert.Equal(2, activity.Count);
        var data = JsonNode.Parse(activity[^1].Data)!;
        Assert.Equal("outbound", data.Str("message_kind"));
        Assert.Equal("On its way", data.Str("excerpt"));
        Assert.Equal(reply.Str("created_at"), (await (await agent.Client.GetAsync($"/api/v1/conversations/{id}")).ExpectAsync(HttpStatusCode.OK)).Str("last_message_at"));
    }
}

public sealed class ConversationMessagesTestsOnSqlite(ConversationsSqliteApp app) : ConversationMessagesTests(app), IClassFixture<ConversationsSqliteApp>;

public sealed class ConversationMessagesTestsOnPostgres(ConversationsPostgresApp app) : ConversationMessagesTests(app), IClassFixture<ConversationsPostgresApp>;
