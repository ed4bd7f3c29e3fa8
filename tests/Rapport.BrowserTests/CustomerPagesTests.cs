using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using Rapport.BrowserTests.Infrastructure;
using Rapport.BrowserTests.Pages;

namespace Rapport.BrowserTests;

/// <summary>The customer pages in Chromium: Persian-aware search, editing with field errors, merging with a preview, and hostile names.</summary>
public sealed class CustomerPagesTests(ConsoleServer server) : IClassFixture<ConsoleServer>
{
    [Fact]
    public async Task APersianNameTypedWithArabicLettersFindsTheCustomer()
    {
        var email = $"ali-{Guid.NewGuid():N}@example.com";
        // Written with Persian ی and ک; searched with Arabic ي and ك, as many keyboards type them.
        await CreateCustomerAsync("علی کریمی", email);
        await using var watched = await server.NewPageAsync();
        await new SignInPage(watched.Page).SignInAsync(ConsoleServer.EnglishAgent, ConsoleServer.Password);
        var directory = await CustomersPage.OpenAsync(watched.Page);

        await directory.SearchAsync("علي كريمي");

        var row = directory.Row(email);
        await Assertions.Expect(row).ToHaveCountAsync(1);
        await Assertions.Expect(CustomersPage.Cell(row, 0)).ToHaveTextAsync("علی کریمی");
        Assert.Equal("auto", await CustomersPage.Cell(row, 0).Locator("a").GetAttributeAsync("dir"));
        await watched.ScreenshotAsync("customers-en");
        await watched.Page.SetViewportSizeAsync(390, 844);
        await watched.ScreenshotAsync("customers-en-phone");
        watched.AssertNothingRanOrFailed();
    }

    [Fact]
    public async Task AnInvalidTimeZoneIsShownBesideTheFieldAndAValidOneIsSaved()
    {
        var id = await CreateCustomerAsync("Narine Petrosyan", $"narine-{Guid.NewGuid():N}@example.com");
        await using var watched = await server.NewPageAsync();
        await new SignInPage(watched.Page).SignInAsync(ConsoleServer.EnglishAgent, ConsoleServer.Password);
        var profile = await CustomerProfilePage.OpenAsync(watched.Page, id);

        await profile.EditAsync("Time zone", "Mars/Olympus_Mons");

        await Assertions.Expect(profile.FieldError("time_zone")).ToContainTextAsync("IANA time zone");
        await Assertions.Expect(profile.EditForm.GetByLabel("Time zone", new() { Exact = true })).ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(profile.EditForm.GetByLabel("Time zone", new() { Exact = true })).ToHaveValueAsync("Mars/Olympus_Mons");
        await watched.ScreenshotAsync("customer-edit-error");

        await profile.EditAsync("Time zone", "Asia/Yerevan");

        await Assertions.Expect(profile.Notice).ToHaveTextAsync("Changes saved.");
        await Assertions.Expect(profile.FieldError("time_zone")).ToHaveCountAsync(0);
        await Assertions.Expect(profile.Section("Details").Locator(".local-time time")).ToHaveCountAsync(1);
        await Assertions.Expect(profile.Timeline.Locator("li[data-kind='customer.edited']")).ToContainTextAsync("Time zone");
        var saved = await server.Api.GetFromJsonAsync<JsonObject>($"/api/v1/customers/{id}");
        Assert.Equal("Asia/Yerevan", saved!["time_zone"]!.GetValue<string>());
        Assert.Equal("Narine Petrosyan", saved["full_name"]!.GetValue<string>());
        await watched.ScreenshotAsync("customer-profile-en");
        watched.AssertNothingRanOrFailed();
    }

    [Fact]
    public async Task MergingShowsWhatMovesAndTheSurvivorGainsTheIdentitiesAndConversations()
    {
        var marker = Guid.NewGuid().ToString("N");
        var survivorEmail = $"armen-{marker}@example.com";
        var otherEmail = $"armen.work-{marker}@example.com";
        var survivor = await CreateCustomerAsync("Armen Sargsyan", survivorEmail);
        var subject = $"Invoice question {marker}";
        await server.CreateConversationAsync(subject, "A. Sargsyan", otherEmail);
        await using var watched = await server.NewPageAsync();
        await new SignInPage(watched.Page).SignInAsync(ConsoleServer.EnglishAgent, ConsoleServer.Password);
        var profile = await CustomerProfilePage.OpenAsync(watched.Page, survivor);

        var preview = await profile.PreviewMergeAsync(otherEmail, otherEmail);

        await Assertions.Expect(preview.Locator(".moved-identities")).ToContainTextAsync(otherEmail);
        await Assertions.Expect(preview.Locator(".moved-conversations")).ToHaveTextAsync("1");
        await watched.ScreenshotAsync("customer-merge-preview");

        await profile.ConfirmMergeAsync();

        Assert.Equal($"/customers/{survivor}", new Uri(watched.Page.Url).AbsolutePath);
        await Assertions.Expect(profile.Heading).ToHaveTextAsync("Armen Sargsyan");
        await Assertions.Expect(profile.Identities).ToContainTextAsync(survivorEmail);
        await Assertions.Expect(profile.Identities).ToContainTextAsync(otherEmail);
        await Assertions.Expect(profile.Conversations.GetByRole(AriaRole.Link, new() { Name = subject })).ToHaveAttributeAsync("href", new System.Text.RegularExpressions.Regex("^/conversations/[0-9]+$"));
        // The timeline covers both records: each has its own "merged" entry.
        await Assertions.Expect(profile.Timeline.Locator("li[data-kind='customer.merged']")).ToHaveCountAsync(2);
        await Assertions.Expect(profile.Notice).ToContainTextAsync("Merged");
        watched.AssertNothingRanOrFailed();
    }

    [Fact]
    public async Task ScriptInACustomerNameIsShownAsTextAndNeverRuns()
    {
        var marker = Guid.NewGuid().ToString("N");
        const string name = "<script>alert(1)</script>";
        var id = await CreateCustomerAsync(name, $"mallory-{marker}@example.com", preferredName: "<img src=x onerror=alert(2)>");
        await using var watched = await server.NewPageAsync();
        await new SignInPage(watched.Page).SignInAsync(ConsoleServer.EnglishAgent, ConsoleServer.Password);
        var directory = await CustomersPage.OpenAsync(watched.Page);

        await directory.SearchAsync(marker);

        var row = directory.Row(marker);
        await Assertions.Expect(CustomersPage.Cell(row, 0)).ToHaveTextAsync(name);
        await Assertions.Expect(CustomersPage.Cell(row, 1)).ToHaveTextAsync("<img src=x onerror=alert(2)>");
        await Assertions.Expect(row.Locator("img, script")).ToHaveCountAsync(0);

        var profile = await directory.OpenCustomerAsync(row);
        Assert.Equal($"/customers/{id}", new Uri(watched.Page.Url).AbsolutePath);
        await Assertions.Expect(profile.Heading).ToHaveTextAsync(name);
        await Assertions.Expect(watched.Page.Locator("main script, main img")).ToHaveCountAsync(0);
        await Assertions.Expect(watched.Page).ToHaveTitleAsync(name);
        await watched.Page.WaitForTimeoutAsync(300);
        watched.AssertNothingRanOrFailed();
    }

    [Fact]
    public async Task TheProfileInPersianIsRightToLeftWithJalaliDates()
    {
        var id = await CreateCustomerAsync("Sara Ahmadi سارا احمدی", $"sara-{Guid.NewGuid():N}@example.com", timeZone: "Asia/Tehran");
        await using var watched = await server.NewPageAsync();
        var inbox = await new SignInPage(watched.Page).SignInAsync(ConsoleServer.PersianAgent, ConsoleServer.Password);
        await inbox.SwitchLanguageAsync("فارسی");
        var profile = await CustomerProfilePage.OpenAsync(watched.Page, id);

        Assert.Equal("rtl", await watched.Page.Locator("html").GetAttributeAsync("dir"));
        await Assertions.Expect(profile.Heading).ToHaveTextAsync("Sara Ahmadi سارا احمدی");
        var updated = await watched.Page.Locator(".timeline time").First.InnerTextAsync();
        Assert.DoesNotMatch("[0-9]", updated);
        await watched.ScreenshotAsync("customer-profile-fa");
        await watched.Page.SetViewportSizeAsync(390, 844);
        await watched.ScreenshotAsync("customer-profile-fa-phone");
        await watched.Page.GotoAsync("/customers");
        await watched.ScreenshotAsync("customers-fa-phone");
        watched.AssertNothingRanOrFailed();
    }

    private async Task<long> CreateCustomerAsync(string fullName, string email, string? preferredName = null, string? timeZone = null)
    {
        var response = await server.Api.PostAsJsonAsync("/api/v1/customers", new
        {
            full_name = fullName,
            preferred_name = preferredName,
            time_zone = timeZone,
            emails = new[] { email },
        });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<long>();
    }
}
