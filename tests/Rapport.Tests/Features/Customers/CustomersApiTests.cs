using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Rapport.Features.Accounts;
using Rapport.Features.Timeline;
using Rapport.Tests.Infrastructure;

namespace Rapport.Tests.Features.Customers;

public abstract class CustomersApiTests(RapportApp app)
{
    internal static string Email(string who = "c") => $"{who}-{Guid.NewGuid():N}@example.test";

    internal static string Phone() => "+4420" + Random.Shared.Next(10_000_000, 99_999_999);

    internal static async Task<JsonNode> CreateCustomerAsync(HttpClient client, object body) =>
        await (await client.PostJsonAsync("/api/v1/customers", body)).ExpectAsync(HttpStatusCode.Created);

    internal static async Task<List<string>> ActivityKindsAsync(RapportApp app, long customerId) =>
        await app.WithDbAsync(db => db.Activities.Where(a => a.CustomerId == customerId).OrderBy(a => a.Id).Select(a => a.Kind).ToListAsync());

    [Fact]
    public async Task CreatedCustomerKeepsEveryFieldAndTheNameExactlyAsWritten()
    {
        var agent = await app.CreateUserAsync(Role.Agent, TokenScope.Write);
        var owner = await app.CreateUserAsync(Role.Agent);
        var email = Email();
        const string name = "نیلوفر محمدی‌پور";
        var response = await agent.Client.PostJsonAsync("/api/v1/customers", new
        {
            full_name = name,
            preferred_name = "Nilou",
            pronunciation = "nee-loo-FAR",
            language = "fa-IR",
            time_zone = "Asia/Tehran",
            preferred_channel = "whats_app",
            contact_hours = "Sat-Wed 09:00-17:00",
            do_not_contact = true,
            tier = "gold",
            account_owner_id = owner.Id,
            value = 1234.5m,
            emails = new[] { email.ToUpperInvariant() },
            phones = new[] { "+۹۸ ۹۱۲ " + Random.Shared.Next(100, 999) + " ۶۷۸۹" },
            identities = new[] { new { kind = "social", value = "@nilou" + Guid.NewGuid().ToString("N")[..6], source = "instagram" } },
            tags = new[] { "VIP", "vip", "Tehran" },
        });
        var created = await response.ExpectAsync(HttpStatusCode.Created);
        var id = created["id"]!.GetValue<long>();
        Assert.Equal($"/api/v1/customers/{id}", response.Headers.Location?.OriginalString);

        var read = await (await agent.Client.GetAsync($"/api/v1/customers/{id}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(name, read["full_name"]!.GetValue<string>());
        Assert.Equal("Nilou", read["preferred_name"]!.GetValue<string>());
        Assert.Equal("fa-IR", read["language"]!.GetValue<string>());
        Assert.Equal("Asia/Tehran", read["time_zone"]!.GetValue<string>());
        Assert.Equal("whats_app", read["preferred_channel"]!.GetValue<string>());
        Assert.True(read["do_not_contact"]!.GetValue<bool>());
        Assert.Equal(owner.Id, read["account_owner_id"]!.GetValue<long>());
        Assert.Equal(1234.5m, read["value"]!.GetValue<decimal>());
        Assert.Equal(new[] { "tehran", "vip" }, read["tags"]!.AsArray().Select(t => t!.GetValue<string>()));
        var identities = read["identities"]!.AsArray();
        Assert.Contains(identities, i => i!["kind"]!.GetValue<string>() == "email" && i["value"]!.GetValue<string>() == email && i["is_primary"]!.GetValue<bool>());
        Assert.Contains(identities, i => i!["kind"]!.GetValue<string>() == "phone" && i["value"]!.GetValue<string>().StartsWith("+98912", StringComparison.Ordinal));
        Assert.Contains(identities, i => i!["kind"]!.GetValue<string>() == "social" && i["source"]!.GetValue<string>() == "instagram");
        Assert.Null(read["merged_into_id"]);
        Assert.Equal(new[] { ActivityKinds.CustomerCreated }, await ActivityKindsAsync(app, id));
    }

    [Fact]
    public async Task ArmenianAndAccentedNamesAreNotAltered()
    {
        var agent = await app.CreateUserAsync(Role.Agent, TokenScope.Write);
        foreach (var name in new[] { "Անահիտ Սարգսյան", "  Zoë Ñúñez-O'Brien ", "José Müller" })
        {
            var created = await CreateCustomerAsync(agent.Client, new { full_name = name });
            Assert.Equal(name, created["full_name"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task InvalidEmailsAndPhonesAreFieldErrors()
    {
        var agent = await app.CreateUserAsync(Role.Agent, TokenScope.Write);
        var problem = await (await agent.Client.PostJsonAsync("/api/v1/customers", new
        {
            full_name = "Ana",
            emails = new[] { "not-an-email" },
            phones = new[] { Phone(), "0912 345 6789" },
            identities = new[] { new { kind = "external", value = " " } },
            language = "not a language",
            time_zone = "Mars/Olympus",
        })).ExpectProblemAsync(HttpStatusCode.BadRequest);
        var errors = problem["errors"]!.AsObject();
        Assert.True(errors.ContainsKey("emails[0]"));
        Assert.True(errors.ContainsKey("phones[1]"));
        Assert.False(errors.ContainsKey("phones[0]"));
        Assert.True(errors.ContainsKey("identities[0].value"));
        Assert.True(errors.ContainsKey("language"));
        Assert.True(errors.ContainsKey("time_zone"));
    }

    [Fact]
    public async Task WindowsTimeZoneIdsAreNotIana()
    {
        var agent = await app.CreateUserAsync(Role.Agent, TokenScope.Write);
        var problem = await (await agent.Client.PostJsonAsync("/api/v1/customers", new { full_name = "Ana", time_zone = "Iran Standard Time" }))
            .ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.NotNull(problem["errors"]!["time_zone"]);
    }

    [Fact]
    public async Task AnIdentityHeldByAnotherCustomerIsAConflictNamingTheOwner()
    {
        var agent = await app.CreateUserAsync(Role.Agent, TokenScope.Write);
        var email = Email();
        var phone = Phone();
        var owner = await CreateCustomerAsync(agent.Client, new { full_name = "First", emails = new[] { email }, phones = new[] { phone } });
        var ownerId = owner["id"]!.GetValue<long>();

        var problem = await (await agent.Client.PostJsonAsync("/api/v1/customers", new { full_name = "Second", emails = new[] { " " + email.ToUpperInvariant() } }))
            .ExpectProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(ownerId, problem["owner_customer_id"]!.GetValue<long>());
        Assert.Contains(ownerId.ToString(System.Globalization.CultureInfo.InvariantCulture), problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);

        var other = await CreateCustomerAsync(agent.Client, new { full_name = "Third" });
        var otherId = other["id"]!.GetValue<long>();
        var phoneProblem = await (await agent.Client.PostJsonAsync($"/api/v1/customers/{otherId}/identities", new { kind = "phone", value = "00" + phone[1..] }))
            .ExpectProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(ownerId, phoneProblem["owner_customer_id"]!.GetValue<long>());
    }

    [Fact]
    public async Task PatchChangesOnlyTheFieldsSentAndNullClears()
    {
        var agent = await app.CreateUserAsync(Role.Agent, TokenScope.Write);
        var created = await CreateCustomerAsync(agent.Client, new
        {
            full_name = "Ana Petrosyan",
            preferred_name = "Ani",
            tier = "silver",
            language = "hy",
            time_zone = "Asia/Yerevan",
        });
        var id = created["id"]!.GetValue<long>();

        var patched = await (await agent.Client.PatchJsonAsync($"/api/v1/customers/{id}", new { tier = "gold", preferred_name = (string?)null }))
            .ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("gold", patched["tier"]!.GetValue<string>());
        Assert.Null(patched["preferred_name"]);
        Assert.Equal("Ana Petrosyan", patched["full_name"]!.GetValue<string>());
        Assert.Equal("hy", patched["language"]!.GetValue<string>());
        Assert.Equal("Asia/Yerevan", patched["time_zone"]!.GetValue<string>());
        Assert.Equal(created["version"]!.GetValue<int>() + 1, patched["version"]!.GetValue<int>());

        var edit = await app.WithDbAsync(db => db.Activities.SingleAsync(a => a.CustomerId == id && a.Kind == ActivityKinds.CustomerEdited));
        var changes = JsonNode.Parse(edit.Data)!["changes"]!;
        Assert.Equal("silver", changes["tier"]!["old"]!.GetValue<string>());
        Assert.Equal("gold", changes["tier"]!["new"]!.GetValue<string>());
        Assert.Equal("Ani", changes["preferred_name"]!["old"]!.GetValue<string>());
        Assert.Null(changes["preferred_name"]!["new"]);
        Assert.Null(changes["language"]);

        // A stale version is refused rather than silently overwriting someone else's edit.
        await (await agent.Client.PatchJsonAsync($"/api/v1/customers/{id}", new { tier = "bronze", version = created["version"]!.GetValue<int>() }))
            .ExpectProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task PatchRejectsWrongTypesUnknownFieldsAndUnknownIds()
    {
        var agent = await app.CreateUserAsync(Role.Agent, TokenScope.Write);
        var id = (await CreateCustomerAsync(agent.Client, new { full_name = "Typed" }))["id"]!.GetValue<long>();
        var problem = await (await agent.Client.PatchAsync($"/api/v1/customers/{id}", ApiAssertions.RawJson(
            """{"do_not_contact":"yes","value":"lots","preferred_channel":3,"full_name":null,"nickname":"x","account_owner_id":999999999,"company_id":999999999}""")))
            .ExpectProblemAsync(HttpStatusCode.BadRequest);
        var errors = problem["errors"]!.AsObject();
        foreach (var field in new[] { "do_not_contact", "value", "preferred_channel", "full_name", "nickname", "account_owner_id", "company_id" })
        {
            Assert.True(errors.ContainsKey(field), $"expected an error for {field}: {problem}");
        }
        await (await agent.Client.PatchAsync($"/api/v1/customers/{id}", ApiAssertions.RawJson("[1,2]"))).ExpectProblemAsync(HttpStatusCode.BadRequest);
        await (await agent.Client.PatchJsonAsync("/api/v1/customers/999999999", new { tier = "x" })).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await agent.Client.GetAsync("/api/v1/customers/999999999")).ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task MalformedJsonWrongTypesAndOverlongFieldsAreBadRequests()
    {
        var agent = await app.CreateUserAsync(Role.Agent, TokenScope.Write);
        await (await agent.Client.PostAsync("/api/v1/customers", ApiAssertions.RawJson("{\"full_name\": "))).ExpectProblemAsync(HttpStatusCode.BadRequest);
        await (await agent.Client.PostAsync("/api/v1/customers", ApiAssertions.RawJson("{\"full_name\": 12}"))).ExpectProblemAsync(HttpStatusCode.BadRequest);
        await (await agent.Client.PatchAsync("/api/v1/customers/1", ApiAssertions.RawJson("{\"tier\": "))).ExpectProblemAsync(HttpStatusCode.BadRequest);
        var problem = await (await agent.Client.PostJsonAsync("/api/v1/customers", new
        {
            full_name = new string('ن', 301),
            pronunciation = new string('a', 201),
            tier = new string('t', 51),
            tags = new[] { new string('x', 101) },
            emails = new[] { new string('a', 320) + "@example.test" },
            value = -1,
        })).ExpectProblemAsync(HttpStatusCode.BadRequest);
        var errors = problem["errors"]!.AsObject();
        foreach (var field in new[] { "full_name", "pronunciation", "tier", "tags[0]", "emails[0]", "value" })
        {
            Assert.True(errors.ContainsKey(field), $"expected an error for {field}: {problem}");
        }
        var unknownOwner = await (await agent.Client.PostJsonAsync("/api/v1/customers", new { full_name = "X", account_owner_id = 999999999 }))
            .ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.NotNull(unknownOwner["errors"]!["account_owner_id"]);
    }

    [Fact]
    public async Task SearchFindsAPersianNameTypedWithVariantLetters()
    {
        var agent = await app.CreateUserAsync(Role.Agent, TokenScope.Write);
        var marker = Guid.NewGuid().ToString("N")[..8];
        var id = (await CreateCustomerAsync(agent.Client, new { full_name = $"علی کریمی‌نژاد {marker}" }))["id"]!.GetValue<long>();

        // Arabic yeh and kaf, and no ZWNJ, as an Arabic keyboard types it.
        var found = await (await agent.Client.GetAsync($"/api/v1/customers?q={Uri.EscapeDataString($"علي كريمينژاد {marker}")}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(new[] { id }, found["items"]!.AsArray().Select(c => c!["id"]!.GetValue<long>()));

        var armenian = (await CreateCustomerAsync(agent.Client, new { full_name = $"Անահիտ {marker}" }))["id"]!.GetValue<long>();
        var byArmenian = await (await agent.Client.GetAsync($"/api/v1/customers?q={Uri.EscapeDataString($"անահիտ {marker}")}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(new[] { armenian }, byArmenian["items"]!.AsArray().Select(c => c!["id"]!.GetValue<long>()));
    }

    [Fact]
    public async Task SearchFindsACustomerByPhoneTypedWithPersianDigitsOrByExactEmail()
    {
        var agent = await app.CreateUserAsync(Role.Agent, TokenScope.Write);
        var local = Random.Shared.Next(1_000_000, 9_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var email = Email("search");
        var id = (await CreateCustomerAsync(agent.Client, new { full_name = "Phone Person", phones = new[] { "+98935" + local }, emails = new[] { email } }))["id"]!.GetValue<long>();

        var persian = new string(("0935" + local).Select(d => (char)('۰' + (d - '0'))).ToArray());
        foreach (var typed in new[] { persian, "+۹۸ ۹۳۵ " + persian[4..], "0098 935 " + local, email.ToUpperInvariant() })
        {
            var found = await (await agent.Client.GetAsync($"/api/v1/customers?q={Uri.EscapeDataString(typed)}")).ExpectAsync(HttpStatusCode.OK);
            Assert.Contains(id, found["items"]!.AsArray().Select(c => c!["id"]!.GetValue<long>()));
        }
    }

    [Theory]
    [InlineData("/api/v1/customers?limit=201", "limit")]
    [InlineData("/api/v1/customers?limit=0", "limit")]
    [InlineData("/api/v1/customers?sort=id&cursor=MS4y", "cursor")]
    [InlineData("/api/v1/companies?limit=201", "limit")]
    [InlineData("/api/v1/companies?cursor=%21%21", "cursor")]
    [InlineData("/api/v1/tags?limit=201", "limit")]
    [InlineData("/api/v1/tags?cursor=%21%21", "cursor")]
    public async Task ALimitOutOfRangeOrAForeignCursorIsAFieldErrorNotClamped(string url, string field)
    {
        var agent = await app.CreateUserAsync();

        var problem = await (await agent.Client.GetAsync(url)).ExpectProblemAsync(HttpStatusCode.BadRequest);

        Assert.NotNull(problem["errors"]![field]);
    }

    [Fact]
    public async Task TagsPageInNameOrderWhateverScriptTheNamesAreIn()
    {
        var agent = await app.CreateUserAsync(Role.Agent, TokenScope.Write);
        var prefix = "p" + Guid.NewGuid().ToString("N")[..6];
        string[] names = [prefix + "-a", prefix + "-b", prefix + "-سفارش"];
        foreach (var name in names.Reverse())
        {
            await (await agent.Client.PostJsonAsync("/api/v1/tags", new { name })).ExpectAsync(HttpStatusCode.Created);
        }

        var seen = new List<string>();
        string? cursor = null;
        do
        {
            var page = await (await agent.Client.GetAsync($"/api/v1/tags?q={prefix}&limit=1" + (cursor is null ? "" : $"&cursor={cursor}")))
                .ExpectAsync(HttpStatusCode.OK);
            seen.AddRange(page["items"]!.AsArray().Select(t => t!["name"]!.GetValue<string>()));
            cursor = page["next_cursor"]?.GetValue<string>();
        }
        while (cursor is not null);

        Assert.Equal(names, seen);
    }

    [Fact]
    public async Task ListFiltersAndPagesWithoutRepeatsInEitherOrder()
    {
        var agent = await app.CreateUserAsync(Role.Agent, TokenScope.Write);
        var tag = "page-" + Guid.NewGuid().ToString("N")[..8];
        var ids = new List<long>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add((await CreateCustomerAsync(agent.Client, new { full_name = $"Paged {i}", tags = new[] { tag }, tier = i % 2 == 0 ? "even" : "odd" }))["id"]!.GetValue<long>());
        }
        foreach (var sort in new[] { "updated_at", "id" })
        {
            var seen = new List<long>();
            string? cursor = null;
            do
            {
                var page = await (await agent.Client.GetAsync($"/api/v1/customers?tag={tag}&limit=2&sort={sort}" + (cursor is null ? "" : $"&cursor={cursor}")))
                    .ExpectAsync(HttpStatusCode.OK);
                seen.AddRange(page["items"]!.AsArray().Select(c => c!["id"]!.GetValue<long>()));
                cursor = page["next_cursor"]?.GetValue<string>();
            }
            while (cursor is not null);
            Assert.Equal(ids.AsEnumerable().Reverse(), seen);
        }
        var even = await (await agent.Client.GetAsync($"/api/v1/customers?tag={tag.ToUpperInvariant()}&tier=even")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(3, even["items"]!.AsArray().Count);
        await (await agent.Client.GetAsync("/api/v1/customers?cursor=nonsense")).ExpectProblemAsync(HttpStatusCode.BadRequest);
        await (await agent.Client.GetAsync("/api/v1/customers?company_id=abc")).ExpectProblemAsync(HttpStatusCode.BadRequest);
        var since = await (await agent.Client.GetAsync($"/api/v1/customers?tag={tag}&updated_since={Uri.EscapeDataString(DateTimeOffset.UtcNow.AddDays(2).ToString("O"))}"))
            .ExpectAsync(HttpStatusCode.OK);
        Assert.Empty(since["items"]!.AsArray());
    }

    [Fact]
    public async Task IdentitiesAreAddedAndRemovedWithActivitiesAndSearchFollows()
    {
        var agent = await app.CreateUserAsync(Role.Agent, TokenScope.Write);
        var id = (await CreateCustomerAsync(agent.Client, new { full_name = "Identity Holder" }))["id"]!.GetValue<long>();
        var email = Email("added");
        var identity = await (await agent.Client.PostJsonAsync($"/api/v1/customers/{id}/identities", new { kind = "email", value = email }))
            .ExpectAsync(HttpStatusCode.Created);
        Assert.True(identity["is_primary"]!.GetValue<bool>());
        var found = await (await agent.Client.GetAsync($"/api/v1/customers?q={Uri.EscapeDataString(email[..20])}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Single(found["items"]!.AsArray());

        await (await agent.Client.PostJsonAsync($"/api/v1/customers/{id}/identities", new { kind = "phone", value = "12345" })).ExpectProblemAsync(HttpStatusCode.BadRequest);
        await (await agent.Client.DeleteAsync($"/api/v1/customers/{id}/identities/{identity["id"]}")).ExpectAsync(HttpStatusCode.NoContent);
        await (await agent.Client.DeleteAsync($"/api/v1/customers/{id}/identities/{identity["id"]}")).ExpectProblemAsync(HttpStatusCode.NotFound);
        var gone = await (await agent.Client.GetAsync($"/api/v1/customers?q={Uri.EscapeDataString(email[..20])}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Empty(gone["items"]!.AsArray());
        Assert.Equal(new[] { ActivityKinds.CustomerCreated, ActivityKinds.CustomerIdentityAdded, ActivityKinds.CustomerIdentityRemoved }, await ActivityKindsAsync(app, id));
    }

    [Fact]
    public async Task NotesAreListedNewestFirstAndLightAgentsMayAddThem()
    {
        var agent = await app.CreateUserAsync(Role.Agent, TokenScope.Write);
        var light = await app.CreateUserAsync(Role.LightAgent, TokenScope.Write);
        var id = (await CreateCustomerAsync(agent.Client, new { full_name = "Noted" }))["id"]!.GetValue<long>();
        await (await agent.Client.PostJsonAsync($"/api/v1/customers/{id}/notes", new { body = "Prefers calls after 10." })).ExpectAsync(HttpStatusCode.Created);
        var note = await (await light.Client.PostJsonAsync($"/api/v1/customers/{id}/notes", new { body = "یادداشت فارسی" })).ExpectAsync(HttpStatusCode.Created);
        Assert.Equal(light.Id, note["author_user_id"]!.GetValue<long>());
        await (await agent.Client.PostJsonAsync($"/api/v1/customers/{id}/notes", new { body = "" })).ExpectProblemAsync(HttpStatusCode.BadRequest);
        await (await agent.Client.PostJsonAsync($"/api/v1/customers/{id}/notes", new { body = new string('n', 10001) })).ExpectProblemAsync(HttpStatusCode.BadRequest);
        await (await agent.Client.PostJsonAsync("/api/v1/customers/999999999/notes", new { body = "x" })).ExpectProblemAsync(HttpStatusCode.NotFound);

        var notes = await (await light.Client.GetAsync($"/api/v1/customers/{id}/notes")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(new[] { "یادداشت فارسی", "Prefers calls after 10." }, notes["items"]!.AsArray().Select(n => n!["body"]!.GetValue<string>()));
        Assert.Equal(2, (await ActivityKindsAsync(app, id)).Count(k => k == ActivityKinds.CustomerNoteAdded));
    }

    [Fact]
    public async Task TagsAreReplacedRecordedAndCounted()
    {
        var agent = await app.CreateUserAsync(Role.Agent, TokenScope.Write);
        var admin = await app.CreateAdminAsync();
        var prefix = "t" + Guid.NewGuid().ToString("N")[..6];
        var id = (await CreateCustomerAsync(agent.Client, new { full_name = "Tagged", tags = new[] { prefix + "-a" } }))["id"]!.GetValue<long>();
        await CreateCustomerAsync(agent.Client, new { full_name = "Tagged too", tags = new[] { prefix + "-b" } });

        var replaced = await (await agent.Client.PutJsonAsync($"/api/v1/customers/{id}/tags", new { tags = new[] { prefix + "-B", prefix + "-c" } }))
            .ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(new[] { prefix + "-b", prefix + "-c" }, replaced["tags"]!.AsArray().Select(t => t!.GetValue<string>()));
        var edit = await app.WithDbAsync(db => db.Activities.SingleAsync(a => a.CustomerId == id && a.Kind == ActivityKinds.CustomerEdited));
        Assert.Contains(prefix + "-a", edit.Data, StringComparison.Ordinal);

        var tags = await (await agent.Client.GetAsync($"/api/v1/tags?q={prefix}")).ExpectAsync(HttpStatusCode.OK);
        var counts = tags["items"]!.AsArray().ToDictionary(t => t!["name"]!.GetValue<string>(), t => t!["customers"]!.GetValue<int>());
        Assert.Equal(0, counts[prefix + "-a"]);
        Assert.Equal(2, counts[prefix + "-b"]);
        Assert.Equal(1, counts[prefix + "-c"]);

        var created = await (await agent.Client.PostJsonAsync("/api/v1/tags", new { name = prefix + "-New" })).ExpectAsync(HttpStatusCode.Created);
        Assert.Equal(prefix + "-new", created["name"]!.GetValue<string>());
        await (await agent.Client.PostJsonAsync("/api/v1/tags", new { name = prefix + "-new" })).ExpectAsync(HttpStatusCode.OK);
        await (await agent.Client.PostJsonAsync("/api/v1/tags", new { name = " " })).ExpectProblemAsync(HttpStatusCode.BadRequest);

        var tagB = tags["items"]!.AsArray().Single(t => t!["name"]!.GetValue<string>() == prefix + "-b")!["id"]!.GetValue<long>();
        await (await agent.Client.DeleteAsync($"/api/v1/tags/{tagB}")).ExpectProblemAsync(HttpStatusCode.Forbidden);
        await (await admin.Client.DeleteAsync($"/api/v1/tags/{tagB}")).ExpectAsync(HttpStatusCode.NoContent);
        var after = await (await agent.Client.GetAsync($"/api/v1/customers/{id}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(new[] { prefix + "-c" }, after["tags"]!.AsArray().Select(t => t!.GetValue<string>()));
        await (await admin.Client.DeleteAsync("/api/v1/tags/999999999")).ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task CallersWithoutTheRightAreRefused()
    {
        var reader = await app.CreateUserAsync(Role.Agent, TokenScope.Read);
        var agent = await app.CreateUserAsync(Role.Agent, TokenScope.Admin);
        var light = await app.CreateUserAsync(Role.LightAgent, TokenScope.Write);
        var id = (await CreateCustomerAsync(agent.Client, new { full_name = "Guarded" }))["id"]!.GetValue<long>();

        await (await app.CreateClient(null).GetAsync("/api/v1/customers")).ExpectProblemAsync(HttpStatusCode.Unauthorized);
        await (await app.CreateClient(null).PostJsonAsync("/api/v1/customers", new { full_name = "x" })).ExpectProblemAsync(HttpStatusCode.Unauthorized);
        await (await reader.Client.GetAsync($"/api/v1/customers/{id}")).ExpectAsync(HttpStatusCode.OK);
        await (await reader.Client.PostJsonAsync("/api/v1/customers", new { full_name = "x" })).ExpectProblemAsync(HttpStatusCode.Forbidden);
        await (await reader.Client.PatchJsonAsync($"/api/v1/customers/{id}", new { tier = "x" })).ExpectProblemAsync(HttpStatusCode.Forbidden);
        await (await reader.Client.PostJsonAsync($"/api/v1/customers/{id}/notes", new { body = "x" })).ExpectProblemAsync(HttpStatusCode.Forbidden);
        await (await reader.Client.PostJsonAsync("/api/v1/tags", new { name = "x" })).ExpectProblemAsync(HttpStatusCode.Forbidden);
        await (await light.Client.PostJsonAsync("/api/v1/customers", new { full_name = "x" })).ExpectProblemAsync(HttpStatusCode.Forbidden);
        await (await light.Client.PostJsonAsync($"/api/v1/customers/{id}/merge", new { source_id = id })).ExpectProblemAsync(HttpStatusCode.Forbidden);
        await (await agent.Client.DeleteAsync($"/api/v1/customers/{id}")).ExpectProblemAsync(HttpStatusCode.Forbidden);
        await (await agent.Client.PostJsonAsync("/api/v1/custom-fields", new { key = "nope", label = "Nope", type = "text" })).ExpectProblemAsync(HttpStatusCode.Forbidden);
        await (await reader.Client.GetAsync("/api/v1/custom-fields")).ExpectAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task DeletingACustomerWithConversationsIsRefusedOtherwiseItGoesWithItsActivities()
    {
        var admin = await app.CreateAdminAsync();
        var kept = (await CreateCustomerAsync(admin.Client, new { full_name = "Has history" }))["id"]!.GetValue<long>();
        await InsertConversationAsync(app, kept);
        await (await admin.Client.DeleteAsync($"/api/v1/customers/{kept}")).ExpectProblemAsync(HttpStatusCode.Conflict);

        var email = Email("mistake");
        var doomed = (await CreateCustomerAsync(admin.Client, new { full_name = "Created by mistake", emails = new[] { email }, tags = new[] { "oops" } }))["id"]!.GetValue<long>();
        await (await admin.Client.PostJsonAsync($"/api/v1/customers/{doomed}/notes", new { body = "x" })).ExpectAsync(HttpStatusCode.Created);
        await (await admin.Client.DeleteAsync($"/api/v1/customers/{doomed}")).ExpectAsync(HttpStatusCode.NoContent);
        await (await admin.Client.GetAsync($"/api/v1/customers/{doomed}")).ExpectProblemAsync(HttpStatusCode.NotFound);
        Assert.Empty(await ActivityKindsAsync(app, doomed));
        // The address is free again.
        await CreateCustomerAsync(admin.Client, new { full_name = "Right one", emails = new[] { email } });
        await (await admin.Client.DeleteAsync("/api/v1/customers/999999999")).ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    /// <summary>Conversations belong to another feature; a bare row is all these tests need.</summary>
    internal static Task InsertConversationAsync(RapportApp app, long customerId) => app.WithDbAsync(async db =>
    {
        var now = DateTime.UtcNow;
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO conversations (subject, status, priority, channel, customer_id, transfer_count, message_count, created_at, updated_at, version)
            VALUES ('Where is my order?', 'Open', 'Normal', 'Email', {customerId}, 0, 0, {now}, {now}, 0)
            """);
    });
}

public sealed class CustomersApiTestsOnSqlite(SqliteApp app) : CustomersApiTests(app), IClassFixture<SqliteApp>;

public sealed class CustomersApiTestsOnPostgres(PostgresApp app) : CustomersApiTests(app), IClassFixture<PostgresApp>;
