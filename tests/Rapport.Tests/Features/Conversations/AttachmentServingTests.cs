using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Rapport.Tests.Infrastructure;
using static Rapport.Tests.Features.Conversations.ConversationScenarios;

namespace Rapport.Tests.Features.Conversations;

/// <summary>
/// Files are served from our own origin, so a file whose type a browser would run (HTML, SVG, XML)
/// must never be rendered: downloaded, typed as bytes, sandboxed even if opened.
/// </summary>
public abstract class AttachmentServingTests(RapportApp app)
{
    private const string Sandbox = "sandbox; default-src 'none'";

    [Theory]
    [InlineData("page.html", "text/html", "<html><script>alert(document.cookie)</script></html>")]
    [InlineData("drawing.svg", "image/svg+xml", "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>")]
    [InlineData("feed.xml", "application/xml", "<?xml version=\"1.0\"?><x:script xmlns:x=\"http://www.w3.org/1999/xhtml\">alert(1)</x:script>")]
    [InlineData("app.js", "text/javascript", "alert(1)")]
    [InlineData("odd.bin", "application/x-made-up", "who knows")]
    public async Task ActiveOrUnknownTypesAreServedAsBytesToDownloadInASandbox(string fileName, string contentType, string content)
    {
        var url = await UploadAsync(fileName, contentType, Encoding.UTF8.GetBytes(content));

        var response = await (await AgentAsync()).GetAsync(url);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/octet-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal(fileName, response.Content.Headers.ContentDisposition?.FileNameStar);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal(Sandbox, response.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal(content, await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("photo.png", "image/png")]
    [InlineData("photo.jpg", "image/jpeg")]
    [InlineData("anim.gif", "image/gif")]
    [InlineData("pic.webp", "image/webp")]
    public async Task RasterImagesKeepTheirTypeAndShowInline(string fileName, string contentType)
    {
        var bytes = new byte[] { 0x89, 0x50, 0x4E, 0x47, 1, 2, 3 };
        var url = await UploadAsync(fileName, contentType, bytes);

        var response = await (await AgentAsync()).GetAsync(url);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(contentType, response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("inline", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal(fileName, response.Content.Headers.ContentDisposition?.FileNameStar);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal(Sandbox, response.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal(bytes, await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task PassiveDocumentsKeepTheirTypeButAreDownloaded()
    {
        var url = await UploadAsync("invoice.pdf", "application/pdf", Encoding.ASCII.GetBytes("%PDF-1.4"));

        var response = await (await AgentAsync()).GetAsync(url);

        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal(Sandbox, response.Headers.GetValues("Content-Security-Policy").Single());
    }

    private async Task<HttpClient> AgentAsync() => (await app.CreateUserAsync()).Client;

    private async Task<string> UploadAsync(string fileName, string contentType, byte[] bytes)
    {
        var agent = await app.CreateUserAsync();
        var id = (await CreateAsync(agent.Client)).Id();
        var upload = new { file_name = fileName, content_type = contentType, content_base64 = Convert.ToBase64String(bytes) };
        var note = await (await agent.Client.PostJsonAsync($"/api/v1/conversations/{id}/notes", new { attachments = new[] { upload } }))
            .ExpectAsync(HttpStatusCode.Created);
        var attachment = note["attachments"]![0]!;
        Assert.Equal(contentType, new MediaTypeHeaderValue(attachment.Str("content_type")).MediaType);
        return attachment.Str("url");
    }
}

public sealed class AttachmentServingTestsOnSqlite(SqliteApp app) : AttachmentServingTests(app), IClassFixture<SqliteApp>;

public sealed class AttachmentServingTestsOnPostgres(PostgresApp app) : AttachmentServingTests(app), IClassFixture<PostgresApp>;
