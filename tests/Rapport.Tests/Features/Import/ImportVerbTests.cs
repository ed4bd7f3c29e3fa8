using Microsoft.EntityFrameworkCore;
using Rapport.Features.Accounts;
using Rapport.Features.Import;
using Rapport.Tests.Infrastructure;

namespace Rapport.Tests.Features.Import;

public sealed class ImportVerbTests(SqliteApp app) : IClassFixture<SqliteApp>
{
    [Fact]
    public async Task ImportingAFileLandsTheGoodLinesPrintsTheBadOnesAndExitsWithOne()
    {
        var agent = await app.CreateUserAsync(Role.Agent);
        var id = $"file-{Guid.NewGuid():N}";
        var path = Path.Combine(app.DataPath, $"{Guid.NewGuid():N}.jsonl");
        await File.WriteAllLinesAsync(path,
        [
            $$"""{"external_id":"{{id}}","subject":"Invoice","status":"solved","customer":{"email":"{{id}}@example.test"},"messages":[{"kind":"inbound","body_text":"Need an invoice","created_at":"2025-02-01T10:00:00Z"},{"kind":"outbound","author":"{{agent.Email}}","body_text":"Sent.","created_at":"2025-02-01T11:00:00Z"}]}""",
            """{"external_id":"x","customer":{"email":"x@example.test"},"messages":[]}""",
        ]);
        var output = new StringWriter();
        var error = new StringWriter();

        var exit = await ImportVerb.RunAsync(app.Services, path, output, error, interactive: false);

        Assert.Equal(1, exit);
        var text = output.ToString();
        Assert.Contains("Imported 1, skipped 0 already imported, failed 1.", text, StringComparison.Ordinal);
        Assert.Contains("line 2:", text, StringComparison.Ordinal);
        Assert.Contains("subject", text, StringComparison.Ordinal);
        Assert.Contains("messages", text, StringComparison.Ordinal);
        Assert.True(await app.WithDbAsync(db => db.Conversations.AnyAsync(c => c.ExternalId == id)));

        // Everything in the file is already there or failed before; a clean file exits 0.
        await File.WriteAllLinesAsync(path, [(await File.ReadAllLinesAsync(path))[0]]);
        Assert.Equal(0, await ImportVerb.RunAsync(app.Services, path, new StringWriter(), error, interactive: true));
    }

    [Fact]
    public async Task AMissingFileExitsWithTwo()
    {
        var error = new StringWriter();
        var exit = await ImportVerb.RunAsync(app.Services, Path.Combine(app.DataPath, "no-such-file.jsonl"), new StringWriter(), error, interactive: false);
        Assert.Equal(2, exit);
        Assert.Contains("Cannot read", error.ToString(), StringComparison.Ordinal);
    }
}
