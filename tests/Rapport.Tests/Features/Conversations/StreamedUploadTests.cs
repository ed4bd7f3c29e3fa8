using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Hosting;
using Rapport.Data;
using Rapport.Tests.Infrastructure;
using static Rapport.Tests.Features.Conversations.ConversationScenarios;

namespace Rapport.Tests.Features.Conversations;

/// <summary>
/// Files sent as base64 inside message JSON are decoded to disk while the body is read: what is
/// stored matches what was sent, an oversized file is refused as soon as it passes the limit, and
/// big uploads beyond the configured number at once are turned away with a Retry-After.
/// </summary>
public abstract class StreamedUploadTests(UploadTestApp app)
{
    [Fact]
    public async Task EscapedAndWrappedBase64IsStoredByteForByte()
    {
        var agent = await app.CreateUserAsync();
        var id = (await CreateAsync(agent.Client)).Id();
        var bytes = RandomNumberGenerator.GetBytes(50_000);
        var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
        // Some encoders escape '+' and '/', some wrap lines every 76 characters.
        var base64 = Convert.ToBase64String(bytes, Base64FormattingOptions.InsertLineBreaks)
            .Replace("+", "\\u002B", StringComparison.Ordinal).Replace("/", "\\/", StringComparison.Ordinal).Replace("\r\n", "\\r\\n", StringComparison.Ordinal);
        var json = $$"""{"body_text":"wrapped","attachments":[{"file_name":"w.bin","content_type":"application/octet-stream","content_base64":"{{base64}}"}]}""";

        var message = await (await agent.Client.PostAsync($"/api/v1/conversations/{id}/inbound", ApiAssertions.RawJson(json))).ExpectAsync(HttpStatusCode.Created);

        var attachment = message["attachments"]![0]!;
        Assert.Equal((bytes.Length, sha), (attachment["size"]!.GetValue<long>(), attachment.Str("sha256")));
        Assert.Equal(bytes, await File.ReadAllBytesAsync(Path.Combine(app.DataPath, "attachments", sha[..2], sha[2..4], sha)));
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(app.DataPath, "attachments"), "*.upload", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task ANewConversationCarriesItsFiles()
    {
        var agent = await app.CreateUserAsync();
        var bytes = Encoding.UTF8.GetBytes($"receipt {Guid.NewGuid()}");
        var created = await (await agent.Client.PostJsonAsync("/api/v1/conversations", new
        {
            subject = "With a file",
            customer = new { email = NewEmail() },
            message = new { kind = "inbound", attachments = new[] { new { file_name = "r.txt", content_base64 = Convert.ToBase64String(bytes) } } },
        })).ExpectAsync(HttpStatusCode.Created);

        var messages = await (await agent.Client.GetAsync($"/api/v1/conversations/{created.Id()}/messages")).ExpectAsync(HttpStatusCode.OK);
        var attachment = messages["items"]![0]!["attachments"]![0]!;
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), attachment.Str("sha256"));
        Assert.Equal(bytes, await (await agent.Client.GetAsync(attachment.Str("url"))).Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task AFileOverTheLimitIsRefusedBeforeTheBodyEnds()
    {
        var agent = await app.CreateUserAsync();
        var id = (await CreateAsync(agent.Client)).Id();
        var prefix = """{"body_text":"big","attachments":[{"file_name":"big.bin","content_base64":" """.TrimEnd()
            + Convert.ToBase64String(RandomNumberGenerator.GetBytes((int)UploadTestApp.MaxAttachmentBytes + 3000));
        using var body = new StalledContent(prefix);

        var sent = agent.Client.PostAsync($"/api/v1/conversations/{id}/inbound", body);
        var finished = await Task.WhenAny(sent, Task.Delay(TimeSpan.FromSeconds(30)));

        Assert.True(finished == sent, "the server waited for the rest of the body before refusing");
        await (await sent).ExpectProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal(1, (await (await agent.Client.GetAsync($"/api/v1/conversations/{id}")).ExpectAsync(HttpStatusCode.OK))["message_count"]!.GetValue<int>());
    }

    [Fact]
    public async Task BigUploadsBeyondTheLimitAtOnceAreToldToRetry()
    {
        var agent = await app.CreateUserAsync();
        var id = (await CreateAsync(agent.Client)).Id();
        // Sent in chunks (no Content-Length), so its size is unknown and it counts as big.
        const string held = """{"body_text":"slow","attachments":[{"file_name":"a.txt","content_base64":"aGVsbG8g""";
        StalledContent? holder = null;
        Task<HttpResponseMessage>? holding = null;
        HttpResponseMessage? refused = null;
        for (var attempt = 0; attempt < 100 && refused is null; attempt++)
        {
            if (holding is null || holding.IsCompleted)
            {
                // The first time, or a probe below had the slot when the held upload came: start it again.
                holder?.Dispose();
                holder = new StalledContent(held);
                holding = agent.Client.PostAsync($"/api/v1/conversations/{id}/notes", holder);
                await Task.Delay(200);
            }
            using var probe = new StalledContent("""{"body_text":"another","attachments":[{"file_name":"b.txt","content_base64":"aGk="}]}""", stall: false);
            var response = await agent.Client.PostAsync($"/api/v1/conversations/{id}/notes", probe);
            if (response.StatusCode == HttpStatusCode.ServiceUnavailable && !holding.IsCompleted)
            {
                refused = response;
            }
            else if (response.StatusCode != HttpStatusCode.ServiceUnavailable)
            {
                // The held upload had not reached the server yet; this one went through on its own.
                await response.ExpectAsync(HttpStatusCode.Created);
            }
        }

        Assert.NotNull(refused);
        await refused.ExpectProblemAsync(HttpStatusCode.ServiceUnavailable);
        Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        holder!.Release("""d29ybGQ="}]}""");
        await (await holding!).ExpectAsync(HttpStatusCode.Created);
        holder.Dispose();
        using var after = new StalledContent("""{"body_text":"later","attachments":[{"file_name":"c.txt","content_base64":"aGk="}]}""", stall: false);
        await (await agent.Client.PostAsync($"/api/v1/conversations/{id}/notes", after)).ExpectAsync(HttpStatusCode.Created);
    }

    /// <summary>JSON sent in chunks, without a length, that stops after <c>start</c> until released (or the test ends).</summary>
    private sealed class StalledContent : HttpContent
    {
        private readonly byte[] _start;
        private readonly bool _stall;
        private readonly TaskCompletionSource<string> _rest = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public StalledContent(string start, bool stall = true)
        {
            _start = Encoding.UTF8.GetBytes(start);
            _stall = stall;
            Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        public void Release(string rest) => _rest.TrySetResult(rest);

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            await stream.WriteAsync(_start);
            await stream.FlushAsync();
            if (_stall)
            {
                var rest = await _rest.Task.WaitAsync(TimeSpan.FromSeconds(60));
                await stream.WriteAsync(Encoding.UTF8.GetBytes(rest));
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }

        protected override void Dispose(bool disposing)
        {
            _rest.TrySetResult("\"}]}");
            base.Dispose(disposing);
        }
    }
}

/// <summary>A small attachment limit and one big upload at a time, turned away at once when busy.</summary>
public abstract class UploadTestApp(DatabaseProvider provider) : RapportApp(provider)
{
    public const long MaxAttachmentBytes = 64 * 1024;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Rapport:MaxAttachmentBytes", MaxAttachmentBytes.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Rapport:MaxConcurrentUploads", "1");
        builder.UseSetting("Rapport:UploadWaitSeconds", "0");
    }
}

public sealed class UploadSqliteApp() : UploadTestApp(DatabaseProvider.Sqlite);

public sealed class UploadPostgresApp() : UploadTestApp(DatabaseProvider.Postgres);

public sealed class StreamedUploadTestsOnSqlite(UploadSqliteApp app) : StreamedUploadTests(app), IClassFixture<UploadSqliteApp>;

public sealed class StreamedUploadTestsOnPostgres(UploadPostgresApp app) : StreamedUploadTests(app), IClassFixture<UploadPostgresApp>;
