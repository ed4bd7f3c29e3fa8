using System.Net;
using Rapport.Tests.Features.Accounts;
using Rapport.Tests.Features.Conversations;
using Rapport.Tests.Infrastructure;

namespace Rapport.Tests.Features.AgentConsole;

/// <summary>The customer beside a conversation, as the server renders it: everything the agent should know before answering.</summary>
public sealed class CustomerPanelTests(SqliteApp app) : IClassFixture<SqliteApp>
{
    [Fact]
    public async Task ThePanelShowsTheAccountOwnerNotesAndCustomFields()
    {
        var admin = await app.CreateAdminAsync();
        var owner = await app.CreateUserAsync(name: "Narine Owner");
        var key = $"plan_{Guid.NewGuid():N}"[..12];
        await (await admin.Client.PostJsonAsync("/api/v1/custom-fields", new { key, label = "Service plan", type = "text" })).ExpectAsync(HttpStatusCode.Created);
        var customer = await (await admin.Client.PostJsonAsync("/api/v1/customers", new
        {
            full_name = "Ṣaḥīfa al-Khwārizmī",
            preferred_name = "Safi",
            pronunciation = "sah-HEE-fa",
            account_owner_id = owner.Id,
            custom_fields = new Dictionary<string, object> { [key] = "Gold <b>plus</b>" },
        })).ExpectAsync(HttpStatusCode.Created);
        var customerId = customer.Id();
        await (await admin.Client.PostJsonAsync($"/api/v1/customers/{customerId}/notes", new { body = "Prefers calls after 17:00" })).ExpectAsync(HttpStatusCode.Created);
        var id = (await ConversationScenarios.CreateAsync(admin.Client, customerId: customerId)).Id();

        var (browser, _) = await Forms.SignedInAsync(app, admin.Email);
        var raw = await browser.GetStringAsync($"/conversations/{id}");
        // The renderer writes letters beyond ASCII as character references; read them as the browser would.
        var html = WebUtility.HtmlDecode(raw);

        Assert.Contains("Ṣaḥīfa al-Khwārizmī", html, StringComparison.Ordinal);
        Assert.Contains("Narine Owner", html, StringComparison.Ordinal);
        Assert.Contains("Service plan", html, StringComparison.Ordinal);
        Assert.Contains("Gold &lt;b&gt;plus&lt;/b&gt;", raw, StringComparison.Ordinal);
        Assert.Contains("Prefers calls after 17:00", html, StringComparison.Ordinal);
    }
}
