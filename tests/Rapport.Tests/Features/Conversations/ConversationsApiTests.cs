using System.Net;
using System.Text.Json.Nodes;
using Rapport.Features.Accounts;
using Rapport.Tests.Infrastructure;
using static Rapport.Tests.Features.Conversations.ConversationScenarios;

namespace Rapport.Tests.Features.Conversations;

public abstract partial class ConversationsApiTests(RapportApp app)
{
    [Fact]
    public async Task CreatingAConversationResolvesTheCustomerAndRecordsItsActivities()
    {
        var agent = await app.CreateUserAsync();
        var email = NewEmail();

        var response = await agent.Client.PostJsonAsync("/api/v1/conversations", new
        {
            subject = "  Where is my parcel?  ",
            channel = "email",
            priority = "high",
            tags = new[] { "Shipping", "shipping", "VIP" },
            customer = new { email = email.ToUpperInvariant(), name = "Shirin Ahmadi" },
            message = new { kind = "inbound", body_text = "It has been two weeks." },
        });
        var created = await response.ExpectAsync(HttpStatusCode.Created);

        Assert.Equal($"/api/v1/conversations/{created.Id()}", response.Headers.Location?.OriginalString);
        Assert.Equal("Where is my parcel?", created.Str("subject"));
        Assert.Equal("new", created.Str("status"));
        Assert.Equal("high", created.Str("priority"));
        Assert.Equal("email", created.Str("channel"));
        Assert.Equal("Shirin Ahmadi", created.Str("customer_name"));
        Assert.Equal(1, created["message_count"]!.GetValue<int>());
        Assert.Equal(["shipping", "vip"], created["tags"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.Equal(0, created["transfer_count"]!.GetValue<int>());
        Assert.Null(created["merged_into_id"]);
        Assert.Equal(
            ["conversation.created", "conversation.message_added", "conversation.tags_changed"],
            await ActivityKindsAsync(app, created.Id()));

        // The same address is the same customer, however it is written.
        var again = await CreateAsync(agent.Client, email: $"  {email}  ");
        Assert.Equal(created.Id("customer_id"), again.Id("customer_id"));

        var fetched = await (await agent.Client.GetAsync($"/api/v1/conversations/{created.Id()}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(created.ToJsonString(), fetched.ToJsonString());
    }

    [Fact]
    public async Task CreatingWithACustomerIdAndAnOwnerAssignsIt()
    {
        var agent = await app.CreateUserAsync();
        var teamId = await CreateTeamAsync(app);
        var first = await CreateAsync(agent.Client);

        var created = await CreateAsync(agent.Client, customerId: first.Id("customer_id"), teamId: teamId, assigneeId: agent.Id, channel: "whatsapp");

        Assert.Equal(first.Id("customer_id"), created.Id("customer_id"));
        Assert.Equal(teamId, created.Id("team_id"));
        Assert.Equal(agent.Id, created.Id("assignee_id"));
        Assert.Equal("whatsapp", created.Str("channel"));
        Assert.Contains("conversation.assigned", await ActivityKindsAsync(app, created.Id()));
    }

    [Fact]
    public async Task AChatWithoutASubjectTakesTheFirstLineAndAPhoneFindsTheCustomer()
    {
        var agent = await app.CreateUserAsync();
        var phone = $"+98912{Random.Shared.Next(1_000_000, 9_999_999)}";

        var created = await (await agent.Client.PostJsonAsync("/api/v1/conversations", new
        {
            channel = "chat",
            customer = new { phone = phone.Insert(3, " "), name = "Arman" },
            message = new { kind = "inbound", body_html = "<p>  My card was charged twice  </p><p>Order 42</p>" },
        })).ExpectAsync(HttpStatusCode.Created);

        Assert.Equal("My card was charged twice", created.Str("subject"));
        Assert.Equal("normal", created.Str("priority"));
        var again = await (await agent.Client.PostJsonAsync("/api/v1/conversations", new
        {
            customer = new { phone },
            message = new { kind = "note", body_text = "Called back" },
        })).ExpectAsync(HttpStatusCode.Created);
        Assert.Equal(created.Id("customer_id"), again.Id("customer_id"));
        Assert.Equal("api", again.Str("channel"));
    }

    [Fact]
    public async Task AnAgentStartingWithAReplyOpensTheConversation()
    {
        var agent = await app.CreateUserAsync();

        var created = await CreateAsync(agent.Client, kind: "outbound", body: "We noticed your order is delayed.");

        Assert.Equal("open", created.Str("status"));
        Assert.NotNull(created["first_reply_at"]);
    }

    [Fact]
    public async Task UnknownIdsInTheBodyAreFieldErrors()
    {
        var agent = await app.CreateUserAsync();

        var problem = await (await agent.Client.PostJsonAsync("/api/v1/conversations", new
        {
            team_id = 999_999,
            assignee_id = 999_998,
            customer_id = 999_997,
            message = new { kind = "inbound", body_text = "Hi" },
        })).ExpectProblemAsync(HttpStatusCode.BadRequest);

        Assert.NotNull(problem["errors"]!["team_id"]);
        Assert.NotNull(problem["errors"]!["assignee_id"]);
        Assert.NotNull(problem["errors"]!["customer_id"]);
    }

    [Fact]
    public async Task BadInputIsAProblemWithTheFieldNamed()
    {
        var agent = await app.CreateUserAsync();

        var problem = await (await agent.Client.PostJsonAsync("/api/v1/conversations", new
        {
            subject = new string('x', 501),
            customer = new { email = "not-an-address" },
            tags = new[] { new string('t', 101) },
            message = new { kind = "inbound" },
        })).ExpectProblemAsync(HttpStatusCode.BadRequest);

        var errors = problem["errors"]!.AsObject();
        Assert.True(errors.ContainsKey("subject"));
        Assert.True(errors.ContainsKey("customer.email"));
        Assert.True(errors.ContainsKey("tags[0]"));
        Assert.True(errors.ContainsKey("message.body_text"));

        var noMessage = await (await agent.Client.PostJsonAsync("/api/v1/conversations", new { customer = new { phone = "+98 912 345 6789" } }))
            .ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(noMessage["errors"]!.AsObject().ContainsKey("message"));

        var noCustomer = await (await agent.Client.PostJsonAsync("/api/v1/conversations", new { message = new { kind = "note", body_text = "x" } }))
            .ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(noCustomer["errors"]!.AsObject().ContainsKey("customer"));
    }

    [Theory]
    [InlineData("""{"customer":{"email":"a@example.test"},"message":{"kind":"inbound","body_text":"x"}""")]
    [InlineData("""{"channel":"fax","customer":{"email":"a@example.test"},"message":{"kind":"inbound","body_text":"x"}}""")]
    [InlineData("""{"priority":2,"customer":{"email":"a@example.test"},"message":{"kind":"inbound","body_text":"x"}}""")]
    [InlineData("""{"customer":{"email":"a@example.test"},"message":{"kind":"shout","body_text":"x"}}""")]
    [InlineData("""{"team_id":"seven","customer":{"email":"a@example.test"},"message":{"kind":"inbound","body_text":"x"}}""")]
    public async Task MalformedJsonAndWrongTypesAre400(string json)
    {
        var agent = await app.CreateUserAsync();

        await (await agent.Client.PostAsync("/api/v1/conversations", ApiAssertions.RawJson(json))).ExpectProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task CallersWithoutTheRightAreTurnedAway()
    {
        var agent = await app.CreateUserAsync();
        var reader = await app.CreateUserAsync(Role.Agent, TokenScope.Read);
        var anonymous = app.CreateClient((string?)null);
        var conversation = await CreateAsync(agent.Client);
        var id = conversation.Id();

        await (await anonymous.GetAsync("/api/v1/conversations")).ExpectProblemAsync(HttpStatusCode.Unauthorized);
        await (await anonymous.GetAsync($"/api/v1/conversations/{id}")).ExpectProblemAsync(HttpStatusCode.Unauthorized);
        await (await reader.Client.GetAsync($"/api/v1/conversations/{id}")).ExpectAsync(HttpStatusCode.OK);

        var writes = new (string Method, string Url, object Body)[]
        {
            ("POST", "/api/v1/conversations", new { customer = new { email = NewEmail() }, message = new { kind = "inbound", body_text = "x" } }),
            ("PATCH", $"/api/v1/conversations/{id}", new { status = "open" }),
            ("POST", $"/api/v1/conversations/{id}/reply", new { body_text = "x" }),
            ("POST", $"/api/v1/conversations/{id}/notes", new { body_text = "x" }),
            ("POST", $"/api/v1/conversations/{id}/inbound", new { body_text = "x" }),
            ("POST", $"/api/v1/conversations/{id}/assign", new { assignee_id = agent.Id }),
            ("POST", $"/api/v1/conversations/{id}/transfer", new { assignee_id = agent.Id, reason = "x" }),
            ("POST", $"/api/v1/conversations/{id}/merge", new { into_id = id }),
            ("POST", $"/api/v1/conversations/{id}/links", new { conversation_id = id }),
            ("PUT", $"/api/v1/conversations/{id}/tags", new { tags = new[] { "x" } }),
            ("PUT", $"/api/v1/conversations/{id}/followers/{agent.Id}", new { }),
            ("DELETE", $"/api/v1/conversations/{id}/followers/{agent.Id}", new { }),
        };
        foreach (var (method, url, body) in writes)
        {
            var request = new HttpRequestMessage(new HttpMethod(method), url) { Content = System.Net.Http.Json.JsonContent.Create(body, options: ApiAssertions.Json) };
            await (await reader.Client.SendAsync(request)).ExpectProblemAsync(HttpStatusCode.Forbidden);
            var anonymousRequest = new HttpRequestMessage(new HttpMethod(method), url) { Content = System.Net.Http.Json.JsonContent.Create(body, options: ApiAssertions.Json) };
            await (await anonymous.SendAsync(anonymousRequest)).ExpectProblemAsync(HttpStatusCode.Unauthorized);
        }
        var unchanged = await (await agent.Client.GetAsync($"/api/v1/conversations/{id}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("new", unchanged.Str("status"));
    }

    [Fact]
    public async Task UnknownConversationsInThePathAre404()
    {
        var agent = await app.CreateUserAsync();

        await (await agent.Client.GetAsync("/api/v1/conversations/999999")).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await agent.Client.PatchJsonAsync("/api/v1/conversations/999999", new { status = "open" })).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await agent.Client.GetAsync("/api/v1/conversations/999999/messages")).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await agent.Client.GetAsync("/api/v1/conversations/999999/activity")).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await agent.Client.GetAsync("/api/v1/conversations/999999/links")).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await agent.Client.PostJsonAsync("/api/v1/conversations/999999/reply", new { body_text = "x" })).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await agent.Client.PutJsonAsync("/api/v1/conversations/999999/tags", new { tags = Array.Empty<string>() })).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await agent.Client.GetAsync("/api/v1/attachments/999999")).ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    public static TheoryData<string, string> LegalMoves()
    {
        var data = new TheoryData<string, string>();
        string[] from = ["new", "open", "pending", "on_hold", "solved"];
        string[] to = ["open", "pending", "on_hold", "solved"];
        foreach (var f in from)
        {
            foreach (var t in to.Where(t => t != f))
            {
                data.Add(f, t);
            }
        }
        data.Add("solved", "closed");
        return data;
    }

    [Theory]
    [MemberData(nameof(LegalMoves))]
    public async Task LegalStatusChangesAreMadeAndRecorded(string from, string to)
    {
        var agent = await app.CreateUserAsync();
        var id = await ConversationInStatusAsync(agent.Client, from);
        var before = (await ActivityKindsAsync(app, id)).Count;

        var changed = await PatchStatusAsync(agent.Client, id, to);

        Assert.Equal(to, changed.Str("status"));
        var activities = await ActivitiesAsync(app, id);
        Assert.Equal(before + 1, activities.Count);
        var last = JsonNode.Parse(activities[^1].Data)!;
        Assert.Equal("conversation.status_changed", activities[^1].Kind);
        Assert.Equal(from, last.Str("from"));
        Assert.Equal(to, last.Str("to"));
        Assert.Equal(to is "solved" or "closed", changed["solved_at"] is not null);
        Assert.Equal(to == "closed", changed["closed_at"] is not null);
    }

    [Theory]
    [InlineData("open", "new")]
    [InlineData("pending", "new")]
    [InlineData("solved", "new")]
    [InlineData("new", "closed")]
    [InlineData("open", "closed")]
    [InlineData("pending", "closed")]
    [InlineData("on_hold", "closed")]
    [InlineData("closed", "open")]
    [InlineData("closed", "pending")]
    [InlineData("closed", "on_hold")]
    [InlineData("closed", "solved")]
    [InlineData("closed", "new")]
    public async Task IllegalStatusChangesAreConflictsAndChangeNothing(string from, string to)
    {
        var agent = await app.CreateUserAsync();
        var id = await ConversationInStatusAsync(agent.Client, from);
        var before = await ActivityKindsAsync(app, id);

        var problem = await (await agent.Client.PatchJsonAsync($"/api/v1/conversations/{id}", new { subject = "Changed too", status = to }))
            .ExpectProblemAsync(HttpStatusCode.Conflict);

        Assert.False(string.IsNullOrEmpty(problem["detail"]?.GetValue<string>()));
        var after = await (await agent.Client.GetAsync($"/api/v1/conversations/{id}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(from, after.Str("status"));
        Assert.Equal("Late order", after.Str("subject"));
        Assert.Equal(before, await ActivityKindsAsync(app, id));
    }

    [Fact]
    public async Task ReopeningClearsSolvedAtAndNoOpChangesAreNotRecorded()
    {
        var agent = await app.CreateUserAsync();
        var id = await ConversationInStatusAsync(agent.Client, "solved");

        var reopened = await PatchStatusAsync(agent.Client, id, "open");
        Assert.Null(reopened["solved_at"]);

        var before = await ActivityKindsAsync(app, id);
        await PatchStatusAsync(agent.Client, id, "open");
        await (await agent.Client.PatchJsonAsync($"/api/v1/conversations/{id}", new { subject = "Late order", priority = "normal" })).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(before, await ActivityKindsAsync(app, id));
    }

    [Fact]
    public async Task SubjectAndPriorityChangesRecordOldAndNewValues()
    {
        var agent = await app.CreateUserAsync();
        var id = (await CreateAsync(agent.Client)).Id();

        var changed = await (await agent.Client.PatchJsonAsync($"/api/v1/conversations/{id}", new { subject = "Parcel lost", priority = "urgent" }))
            .ExpectAsync(HttpStatusCode.OK);

        Assert.Equal("Parcel lost", changed.Str("subject"));
        Assert.Equal("urgent", changed.Str("priority"));
        var activities = await ActivitiesAsync(app, id);
        var subject = JsonNode.Parse(activities.Single(a => a.Kind == "conversation.subject_changed").Data)!;
        Assert.Equal("Late order", subject.Str("from"));
        Assert.Equal("Parcel lost", subject.Str("to"));
        var priority = JsonNode.Parse(activities.Single(a => a.Kind == "conversation.priority_changed").Data)!;
        Assert.Equal("normal", priority.Str("from"));
        Assert.Equal("urgent", priority.Str("to"));

        var tooLong = await (await agent.Client.PatchJsonAsync($"/api/v1/conversations/{id}", new { subject = new string('s', 501) }))
            .ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.NotNull(tooLong["errors"]!["subject"]);
        await (await agent.Client.PatchAsync($"/api/v1/conversations/{id}", ApiAssertions.RawJson("""{"status":"archived"}""")))
            .ExpectProblemAsync(HttpStatusCode.BadRequest);
    }

    /// <summary>A new conversation moved to <paramref name="status"/> by legal steps.</summary>
    private async Task<long> ConversationInStatusAsync(HttpClient client, string status)
    {
        var id = (await CreateAsync(client)).Id();
        switch (status)
        {
            case "new":
                break;
            case "closed":
                await PatchStatusAsync(client, id, "solved");
                await PatchStatusAsync(client, id, "closed");
                break;
            default:
                await PatchStatusAsync(client, id, status);
                break;
        }
        return id;
    }
}

public sealed class ConversationsApiTestsOnSqlite(ConversationsSqliteApp app) : ConversationsApiTests(app), IClassFixture<ConversationsSqliteApp>;

public sealed class ConversationsApiTestsOnPostgres(ConversationsPostgresApp app) : ConversationsApiTests(app), IClassFixture<ConversationsPostgresApp>;
