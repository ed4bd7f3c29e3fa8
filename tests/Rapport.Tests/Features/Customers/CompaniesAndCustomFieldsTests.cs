using System.Net;
using Rapport.Features.Accounts;
using Rapport.Tests.Infrastructure;
using static Rapport.Tests.Features.Customers.CustomersApiTests;

namespace Rapport.Tests.Features.Customers;

public abstract class CompaniesAndCustomFieldsTests(RapportApp app)
{
    [Fact]
    public async Task CustomFieldValuesAreCheckedAgainstTheirDefinitions()
    {
        var admin = await app.CreateAdminAsync();
        var agent = await app.CreateUserAsync(Role.Agent, TokenScope.Write);
        var suffix = Guid.NewGuid().ToString("N")[..6];
        string Key(string name) => $"{name}_{suffix}";
        foreach (var (name, type, choices) in new[] { ("note", "text", (string[]?)null), ("seats", "number", null), ("renewal", "date", null), ("plan", "choice", new[] { "basic", "pro" }) })
        {
            await (await admin.Client.PostJsonAsync("/api/v1/custom-fields", new { key = Key(name), label = name, type, choices })).ExpectAsync(HttpStatusCode.Created);
        }
        await (await admin.Client.PostJsonAsync("/api/v1/custom-fields", new { key = Key("note"), label = "again", type = "text" })).ExpectProblemAsync(HttpStatusCode.Conflict);
        var badDefinition = await (await admin.Client.PostJsonAsync("/api/v1/custom-fields", new { key = "Bad Key", label = "", type = "choice" })).ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.NotNull(badDefinition["errors"]!["key"]);
        Assert.NotNull(badDefinition["errors"]!["label"]);
        Assert.NotNull(badDefinition["errors"]!["choices"]);
        await (await admin.Client.PostJsonAsync("/api/v1/custom-fields", new { key = "k", label = "K", type = "colour" })).ExpectProblemAsync(HttpStatusCode.BadRequest);

        var created = await CreateCustomerAsync(agent.Client, new
        {
            full_name = "Custom",
            custom_fields = new Dictionary<string, object> { [Key("note")] = "یادداشت", [Key("seats")] = 12.5, [Key("renewal")] = "2027-03-21", [Key("plan")] = "pro" },
        });
        var id = created["id"]!.GetValue<long>();
        Assert.Equal(12.5m, created["custom_fields"]![Key("seats")]!.GetValue<decimal>());
        Assert.Equal("2027-03-21", created["custom_fields"]![Key("renewal")]!.GetValue<string>());

        var problem = await (await agent.Client.PatchJsonAsync($"/api/v1/customers/{id}", new
        {
            custom_fields = new Dictionary<string, object?>
            {
                [Key("note")] = new string('x', 1001),
                [Key("seats")] = "twelve",
                [Key("renewal")] = "21/03/2027",
                [Key("plan")] = "enterprise",
                ["unknown_" + suffix] = 1,
            },
        })).ExpectProblemAsync(HttpStatusCode.BadRequest);
        var errors = problem["errors"]!.AsObject();
        foreach (var field in new[] { Key("note"), Key("seats"), Key("renewal"), Key("plan"), "unknown_" + suffix })
        {
            Assert.True(errors.ContainsKey("custom_fields." + field), $"expected an error for {field}: {problem}");
        }

        // Keys not sent are kept; a key sent as null is cleared.
        var patched = await (await agent.Client.PatchJsonAsync($"/api/v1/customers/{id}", new { custom_fields = new Dictionary<string, object?> { [Key("plan")] = "basic", [Key("note")] = null } }))
            .ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("basic", patched["custom_fields"]![Key("plan")]!.GetValue<string>());
        Assert.Null(patched["custom_fields"]![Key("note")]);
        Assert.Equal(12.5m, patched["custom_fields"]![Key("seats")]!.GetValue<decimal>());

        var fields = await (await agent.Client.GetAsync("/api/v1/custom-fields")).ExpectAsync(HttpStatusCode.OK);
        var plan = fields["items"]!.AsArray().Single(f => f!["key"]!.GetValue<string>() == Key("plan"))!;
        Assert.Equal(new[] { "basic", "pro" }, plan["choices"]!.AsArray().Select(c => c!.GetValue<string>()));
        var planId = plan["id"]!.GetValue<long>();
        await (await agent.Client.PatchJsonAsync($"/api/v1/custom-fields/{planId}", new { label = "Plan" })).ExpectProblemAsync(HttpStatusCode.Forbidden);
        await (await admin.Client.PatchJsonAsync($"/api/v1/custom-fields/{planId}", new { type = "text" })).ExpectProblemAsync(HttpStatusCode.BadRequest);
        var renamed = await (await admin.Client.PatchJsonAsync($"/api/v1/custom-fields/{planId}", new { label = "Plan", choices = new[] { "basic", "pro", "team" } }))
            .ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("Plan", renamed["label"]!.GetValue<string>());

        await (await agent.Client.DeleteAsync($"/api/v1/custom-fields/{planId}")).ExpectProblemAsync(HttpStatusCode.Forbidden);
        await (await admin.Client.DeleteAsync($"/api/v1/custom-fields/{planId}")).ExpectAsync(HttpStatusCode.NoContent);
        var after = await (await agent.Client.GetAsync($"/api/v1/customers/{id}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Null(after["custom_fields"]![Key("plan")]);
        await (await admin.Client.DeleteAsync($"/api/v1/custom-fields/{planId}")).ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task RequiredCustomFieldsMustBeGivenOnCreate()
    {
        var admin = await app.CreateAdminAsync();
        var key = "required_" + Guid.NewGuid().ToString("N")[..6];
        var field = await (await admin.Client.PostJsonAsync("/api/v1/custom-fields", new { key, label = "Needed", type = "text", is_required = true }))
            .ExpectAsync(HttpStatusCode.Created);
        try
        {
            var problem = await (await admin.Client.PostJsonAsync("/api/v1/customers", new { full_name = "Missing" })).ExpectProblemAsync(HttpStatusCode.BadRequest);
            Assert.NotNull(problem["errors"]!["custom_fields." + key]);
            var id = (await CreateCustomerAsync(admin.Client, new { full_name = "Given", custom_fields = new Dictionary<string, object> { [key] = "yes" } }))["id"]!.GetValue<long>();
            await (await admin.Client.PatchJsonAsync($"/api/v1/customers/{id}", new { custom_fields = new Dictionary<string, object?> { [key] = null } }))
                .ExpectProblemAsync(HttpStatusCode.BadRequest);
        }
        finally
        {
            // Definitions are shared by every test on this database.
            await admin.Client.DeleteAsync($"/api/v1/custom-fields/{field["id"]}");
        }
    }

    [Fact]
    public async Task CompaniesAreCreatedFoundChangedAndListTheirCustomers()
    {
        var agent = await app.CreateUserAsync(Role.Agent, TokenScope.Write);
        var reader = await app.CreateUserAsync(Role.Agent, TokenScope.Read);
        var marker = Guid.NewGuid().ToString("N")[..6];
        var response = await agent.Client.PostJsonAsync("/api/v1/companies", new { name = $"شركت آریا {marker}", domain = $"@Arya-{marker}.example", tier = "enterprise", value = 5000 });
        var company = await response.ExpectAsync(HttpStatusCode.Created);
        var id = company["id"]!.GetValue<long>();
        Assert.Equal($"arya-{marker}.example", company["domain"]!.GetValue<string>());
        Assert.Equal($"/api/v1/companies/{id}", response.Headers.Location?.OriginalString);

        var found = await (await reader.Client.GetAsync($"/api/v1/companies?q={Uri.EscapeDataString($"شرکت اریا {marker}")}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(new[] { id }, found["items"]!.AsArray().Select(c => c!["id"]!.GetValue<long>()));

        var patched = await (await agent.Client.PatchJsonAsync($"/api/v1/companies/{id}", new { tier = (string?)null, notes = "Key account" })).ExpectAsync(HttpStatusCode.OK);
        Assert.Null(patched["tier"]);
        Assert.Equal("Key account", patched["notes"]!.GetValue<string>());
        Assert.Equal(company["name"]!.GetValue<string>(), patched["name"]!.GetValue<string>());
        await (await agent.Client.PatchJsonAsync($"/api/v1/companies/{id}", new { name = "" })).ExpectProblemAsync(HttpStatusCode.BadRequest);
        await (await agent.Client.PatchJsonAsync($"/api/v1/companies/{id}", new { account_owner_id = 999999999 })).ExpectProblemAsync(HttpStatusCode.BadRequest);
        await (await reader.Client.PatchJsonAsync($"/api/v1/companies/{id}", new { notes = "x" })).ExpectProblemAsync(HttpStatusCode.Forbidden);
        await (await agent.Client.PostJsonAsync("/api/v1/companies", new { name = new string('c', 301) })).ExpectProblemAsync(HttpStatusCode.BadRequest);
        await (await agent.Client.GetAsync("/api/v1/companies/999999999")).ExpectProblemAsync(HttpStatusCode.NotFound);

        var customer = await CreateCustomerAsync(agent.Client, new { full_name = "Employee", company_id = id });
        Assert.Equal(id, customer["company"]!["id"]!.GetValue<long>());
        await CreateCustomerAsync(agent.Client, new { full_name = "Elsewhere" });
        var members = await (await reader.Client.GetAsync($"/api/v1/companies/{id}/customers")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(new[] { customer["id"]!.GetValue<long>() }, members["items"]!.AsArray().Select(c => c!["id"]!.GetValue<long>()));
        var filtered = await (await reader.Client.GetAsync($"/api/v1/customers?company_id={id}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Single(filtered["items"]!.AsArray());

        // A new customer writing from the company's domain joins it.
        var colleague = await CreateCustomerAsync(agent.Client, new { full_name = "Colleague", emails = new[] { $"someone@arya-{marker}.example" } });
        Assert.Equal(id, colleague["company_id"]!.GetValue<long>());
        var unknownCompany = await (await agent.Client.PostJsonAsync("/api/v1/customers", new { full_name = "X", company_id = 999999999 })).ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.NotNull(unknownCompany["errors"]!["company_id"]);
    }
}

public sealed class CompaniesAndCustomFieldsTestsOnSqlite(SqliteApp app) : CompaniesAndCustomFieldsTests(app), IClassFixture<SqliteApp>;

public sealed class CompaniesAndCustomFieldsTestsOnPostgres(PostgresApp app) : CompaniesAndCustomFieldsTests(app), IClassFixture<PostgresApp>;
