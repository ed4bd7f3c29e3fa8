using System.Net.Sockets;
using Microsoft.EntityFrameworkCore;
using Rapport.Data;
using Rapport.Features.Accounts;
using Rapport.Features.Mail.Pipe;
using Rapport.Tests.Infrastructure;

namespace Rapport.Tests.Features.Mail;

/// <summary>
/// <c>rapport mail ingest</c> as its own process, handing mail to the running server over the pipe
/// socket in the data folder; taking it in itself when no server listens; and 75 when the server
/// took the connection but never answered.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public abstract class MailPipeSocketTests(RapportApp app)
{
    /// <summary>A database nobody can reach: a verb given it can only succeed through the server's socket.</summary>
    private static readonly string[] DatabaseAway =
        ["--Database:Provider", "Postgres", "--Database:ConnectionString", "Host=127.0.0.1;Port=1;Username=postgres;Database=none;Timeout=2"];

    private static string Mail(string to, string messageId) =>
        $"From: Sara <sara-{Guid.NewGuid():N}@customer.test>\r\nTo: {to}\r\nSubject: Piped\r\nMessage-ID: <{messageId}>\r\n\r\nHello through the pipe\r\n";

    private string[] OwnDatabase(string dataPath) =>
        ["--Database:Provider", app.Provider.ToString(), "--Database:ConnectionString", app.ConnectionString!, "--Rapport:DataPath", dataPath];

    private async Task<(TestUser Admin, string Address)> MailboxAsync()
    {
        var admin = await app.CreateAdminAsync();
        var address = $"pipe-{Guid.NewGuid():N}"[..16] + "@support.test";
        await MailApp.CreateMailboxAsync(admin.Client, new { address });
        return (admin, address);
    }

    private async Task<string> ServerSocketAsync()
    {
        var path = Path.Combine(app.DataPath, PipeSocketPath.FileName);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!File.Exists(path))
        {
            Assert.True(DateTime.UtcNow < deadline, $"The server made no pipe socket at {path}.");
            await Task.Delay(50);
        }
        return path;
    }

    private static string EmptyFolder()
    {
        var path = Path.Combine(Path.GetTempPath(), $"rapport-pipe-{Guid.NewGuid():N}");
        Directory.CreateDirectory(path);
        return path;
    }

    [Fact]
    public async Task PipedMailGoesThroughTheServersSocketAndReachesAnOpenConsoleLive()
    {
        var (_, address) = await MailboxAsync();
        var socket = await ServerSocketAsync();
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite, File.GetUnixFileMode(socket));

        var agent = await app.CreateUserAsync(Role.Agent);
        var sockets = app.Server.CreateWebSocketClient();
        await using var hub = await SignalRTestClient.ConnectAsync((uri, ct) => sockets.ConnectAsync(uri, ct), SignalRTestClient.HubUri(app.Server.BaseAddress, agent.Token));

        var messageId = $"piped-{Guid.NewGuid():N}@customer.test";
        var run = await IngestVerbProcess.RunAsync(Mail(address, messageId), ["--mailbox", address, "--Rapport:DataPath", app.DataPath, .. DatabaseAway]);

        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}: {run.Error}");
        Assert.StartsWith("created conversation=", run.Output, StringComparison.Ordinal);
        var conversation = await app.WithDbAsync(db => db.Messages.Where(m => m.ExternalId == messageId).Select(m => m.ConversationId).SingleAsync());
        // Stored by the server, so its realtime reaches the console at once, on SQLite as on PostgreSQL.
        await hub.WaitForAsync("ConversationChanged", args => args.ToJsonString().Contains(conversation.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task ThroughTheSocketADuplicateIsTakenAndAnUnknownMailboxBounces()
    {
        var (_, address) = await MailboxAsync();
        await ServerSocketAsync();
        var mail = Mail(address, $"twice-{Guid.NewGuid():N}@customer.test");
        string[] args = ["--Rapport:DataPath", app.DataPath, .. DatabaseAway];

        Assert.Equal(0, (await IngestVerbProcess.RunAsync(mail, ["--mailbox", address, .. args])).ExitCode);
        var again = await IngestVerbProcess.RunAsync(mail, ["--mailbox", address, .. args]);
        Assert.Equal(0, again.ExitCode);
        Assert.StartsWith("duplicate ", again.Output, StringComparison.Ordinal);
        var unknown = await IngestVerbProcess.RunAsync(mail, ["--mailbox", "nobody@nowhere.test", .. args]);
        Assert.Equal(67, unknown.ExitCode);
        Assert.Contains("nobody@nowhere.test", unknown.Error, StringComparison.Ordinal);
        Assert.Equal(65, (await IngestVerbProcess.RunAsync("", ["--mailbox", address, .. args])).ExitCode);
    }

    [Fact]
    public async Task WithoutAListeningServerTheVerbTakesTheMailInItself()
    {
        var (_, address) = await MailboxAsync();
        var alone = EmptyFolder();
        var first = $"alone-{Guid.NewGuid():N}@customer.test";
        var run = await IngestVerbProcess.RunAsync(Mail(address, first), ["--mailbox", address, .. OwnDatabase(alone)]);
        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}: {run.Error}");

        // A socket file left by a server that died: nobody answers on it (connection refused).
        var stale = Path.Combine(alone, PipeSocketPath.FileName);
        // (.NET removes the file it bound when the socket closes, so the socket is bound under another name.)
        using (var dead = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified))
        {
            dead.Bind(new UnixDomainSocketEndPoint(stale + ".bound"));
            File.Move(stale + ".bound", stale);
        }
        Assert.True(File.Exists(stale));
        var second = $"stale-{Guid.NewGuid():N}@customer.test";
        run = await IngestVerbProcess.RunAsync(Mail(address, second), ["--mailbox", address, .. OwnDatabase(alone)]);
        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}: {run.Error}");

        foreach (var id in new[] { first, second })
        {
            Assert.Equal(1, await app.WithDbAsync(db => db.Messages.CountAsync(m => m.ExternalId == id)));
        }
        Directory.Delete(alone, recursive: true);
    }

    [Fact]
    public async Task OptionsBeforeTheVerbIngestAsOptionsAfterItDo()
    {
        // A master.cf line may well read `rapport --Rapport:DataPath D mail ingest --mailbox M`: that must
        // ingest, never start a web server that holds every delivery until the MTA's timeout.
        var (_, address) = await MailboxAsync();
        var alone = EmptyFolder();
        var before = $"before-{Guid.NewGuid():N}@customer.test";
        var run = await IngestVerbProcess.RunCommandLineAsync(Mail(address, before),
            [.. OwnDatabase(alone), "mail", "ingest", "--mailbox", address], TimeSpan.FromSeconds(90));
        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}: {run.Error}");

        var between = $"between-{Guid.NewGuid():N}@customer.test";
        run = await IngestVerbProcess.RunCommandLineAsync(Mail(address, between),
            ["--Rapport:DataPath=" + alone, "mail", $"--mailbox={address}", "ingest", .. OwnDatabase(alone)[..4]], TimeSpan.FromSeconds(90));
        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}: {run.Error}");

        var after = $"after-{Guid.NewGuid():N}@customer.test";
        run = await IngestVerbProcess.RunCommandLineAsync(Mail(address, after),
            ["mail", "ingest", "--mailbox", address, .. OwnDatabase(alone)], TimeSpan.FromSeconds(90));
        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}: {run.Error}");

        foreach (var id in new[] { before, between, after })
        {
            Assert.Equal(1, await app.WithDbAsync(db => db.Messages.CountAsync(m => m.ExternalId == id)));
        }
        Directory.Delete(alone, recursive: true);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task AServerThatTookTheConnectionButNeverAnsweredMeansTryAgainLater(bool afterTheMessage)
    {
        var (_, address) = await MailboxAsync();
        var folder = EmptyFolder();
        var path = Path.Combine(folder, "dying.sock");
        using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(path));
        listener.Listen(1);
        var dying = Task.Run(async () =>
        {
            using var connection = await listener.AcceptAsync();
            await using var stream = new NetworkStream(connection);
            var header = await PipeProtocol.ReadHeaderAsync(stream, CancellationToken.None);
            if (afterTheMessage)
            {
                await PipeProtocol.WriteAnswerAsync(stream, new(PipeStatus.Continue, ""), CancellationToken.None);
                await stream.ReadExactlyAsync(new byte[header!.Value.Length]);
            }
            connection.Shutdown(SocketShutdown.Both);
        });

        var messageId = $"dying-{Guid.NewGuid():N}@customer.test";
        // The database is reachable: taking the mail in itself would succeed, and must not happen once a server took it.
        var run = await IngestVerbProcess.RunAsync(Mail(address, messageId), ["--mailbox", address, "--Mail:PipeSocket", path, .. OwnDatabase(folder)]);
        await dying;

        Assert.Equal(75, run.ExitCode);
        Assert.Contains("before answering", run.Error, StringComparison.Ordinal);
        Assert.Equal(0, await app.WithDbAsync(db => db.Messages.CountAsync(m => m.ExternalId == messageId)));
        Directory.Delete(folder, recursive: true);
    }
}

[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class MailPipeSocketTestsOnSqlite(SqliteApp app) : MailPipeSocketTests(app), IClassFixture<SqliteApp>;

[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class MailPipeSocketTestsOnPostgres(PostgresApp app) : MailPipeSocketTests(app), IClassFixture<PostgresApp>;
