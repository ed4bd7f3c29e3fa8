using System.Net;
using Microsoft.EntityFrameworkCore;
using Rapport.Features.Accounts;
using Rapport.Features.Mail.Ingest;
using Rapport.Features.Mail.Parsing;
using Rapport.Tests.Infrastructure;

namespace Rapport.Tests.Features.Mail;

/// <summary>
/// The e-mail channel against real servers: a customer writes through Postfix into Dovecot, Rapport
/// fetches it over IMAP with TLS, an agent answers, Postfix delivers the answer into the customer's
/// Dovecot mailbox threaded to their message, and the customer's answer to that lands in the same
/// conversation. The MTA pipe path runs the built rapport binary from Postfix's pipe transport.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class MailEndToEndTests(MailServers servers, MailPostgresApp app) : IClassFixture<MailServers>, IClassFixture<MailPostgresApp>
{
    [Fact]
    public async Task CustomerMailReplyAndAnswerStayInOneConversationThroughPostfixAndDovecot()
    {
        var admin = await app.CreateAdminAsync();
        var mailboxId = await MailApp.CreateMailboxAsync(admin.Client, new
        {
            address = MailServers.SupportAddress,
            display_name = "پشتیبانی Rapport",
            imap = new { host = "127.0.0.1", port = servers.ImapsPort, security = "tls", user = MailServers.SupportAddress, password = MailServers.SupportPassword },
            smtp = new { host = "127.0.0.1", port = servers.SmtpPort, security = "starttls", user = MailServers.SupportAddress, password = MailServers.SupportPassword },
            verify_certificates = false,
            send_acknowledgements = true,
        });

        var test = await (await admin.Client.PostAsync($"/api/v1/mailboxes/{mailboxId}/test", null)).ExpectAsync(HttpStatusCode.OK);
        Assert.True(test["imap"]!["ok"]!.GetValue<bool>(), test.ToJsonString());
        Assert.Equal(["dns", "connect", "tls", "greeting", "auth", "select"], test["imap"]!["passed"]!.AsArray().Select(s => s!.GetValue<string>()));
        Assert.True(test["smtp"]!["ok"]!.GetValue<bool>(), test.ToJsonString());
        Assert.Equal(["dns", "connect", "greeting", "tls", "auth"], test["smtp"]!["passed"]!.AsArray().Select(s => s!.GetValue<string>()));

        var customerMessageId = $"first-{Guid.NewGuid():N}@customer.test";
        await servers.SwaksAsync(MailServers.SupportAddress, MailServers.CustomerAddress, "Where is my order?", "Hello, my order 1234 has not arrived.",
            $"Message-Id: <{customerMessageId}>", "From: Sara Ahmadi <customer@customer.test>");
        var conversationId = await app.WaitForMessageAsync(customerMessageId);

        // The mailbox acknowledges the new conversation: threaded to the customer's mail, marked automatic, with the status link.
        var acknowledged = MailParser.Parse(await servers.WaitForMailAsync(MailServers.CustomerAddress, MailServers.CustomerPassword,
            raw => raw.Contains("Auto-Submitted: auto-replied", StringComparison.Ordinal) && raw.Contains(customerMessageId, StringComparison.Ordinal)));
        Assert.Equal([customerMessageId], acknowledged.InReplyTo);
        Assert.Equal($"Re: Where is my order? [#{conversationId}]", acknowledged.Subject);
        Assert.Equal(AutoReplyKind.AutoReply, acknowledged.AutoReply);
        Assert.Contains("/status/", acknowledged.TextBody, StringComparison.Ordinal);

        var agent = await app.CreateUserAsync(Role.Agent, TokenScope.Write);
        await (await agent.Client.PostJsonAsync($"/api/v1/conversations/{conversationId}/reply", new { body_text = "سلام سارا، سفارش شما فردا می‌رسد." }))
            .ExpectAsync(HttpStatusCode.Created);

        var delivered = await servers.WaitForMailAsync(MailServers.CustomerAddress, MailServers.CustomerPassword,
            raw => !raw.Contains("Auto-Submitted:", StringComparison.Ordinal)
                && (raw.Contains($"[#{conversationId}]", StringComparison.Ordinal) || raw.Contains(customerMessageId, StringComparison.Ordinal)));
        var reply = MailParser.Parse(delivered);
        Assert.Equal([customerMessageId], reply.InReplyTo);
        Assert.Contains(customerMessageId, reply.References);
        Assert.Equal($"Re: Where is my order? [#{conversationId}]", reply.Subject);
        Assert.Equal(MailServers.SupportAddress, reply.From!.Address);
        Assert.Equal("پشتیبانی Rapport", reply.From.DisplayName);
        Assert.Equal("سلام سارا، سفارش شما فردا می‌رسد.", reply.TextBody!.Trim());
        Assert.NotNull(reply.HtmlBody);
        Assert.NotNull(reply.MessageId);

        var answerId = $"answer-{Guid.NewGuid():N}@customer.test";
        await servers.SwaksAsync(MailServers.SupportAddress, MailServers.CustomerAddress, reply.Subject, "Thank you!",
            $"Message-Id: <{answerId}>", $"In-Reply-To: <{reply.MessageId}>", $"References: <{customerMessageId}> <{reply.MessageId}>");
        Assert.Equal(conversationId, await app.WaitForMessageAsync(answerId));

        var messages = await MailApp.MessagesAsync(agent.Client, conversationId);
        Assert.Equal(["inbound", "outbound", "inbound"], messages.Select(m => m!["kind"]!.GetValue<string>()));
        var deliveries = await (await agent.Client.GetAsync($"/api/v1/conversations/{conversationId}/deliveries")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(["mail.acknowledgement", "mail"], deliveries["items"]!.AsArray().Select(d => d!["kind"]!.GetValue<string>()));
        Assert.All(deliveries["items"]!.AsArray(), d => Assert.Equal("sent", d!["status"]!.GetValue<string>()));
        var sync = await app.WithDbAsync(db => db.MailboxSyncs.AsNoTracking().SingleAsync(s => s.MailboxId == mailboxId));
        Assert.True(sync.LastUid >= 2);
        Assert.NotNull(sync.UidValidity);
        // Each message was taken exactly once.
        Assert.Equal(1, await app.WithDbAsync(db => db.Messages.CountAsync(m => m.ExternalId == customerMessageId)));
    }

    [Fact]
    public async Task TwoNodesFetchingOneMailboxOverStartTlsTakeEachMessageOnce()
    {
        var admin = await app.CreateAdminAsync();
        var mailboxId = await MailApp.CreateMailboxAsync(admin.Client, new
        {
            address = MailServers.SharedAddress,
            imap = new { host = "127.0.0.1", port = servers.ImapPort, security = "starttls", user = MailServers.SharedAddress, password = MailServers.SharedPassword },
            verify_certificates = false,
        });
        // A second node on the same database, with its own fetch worker and outbox dispatcher.
        await using var second = app.WithWebHostBuilder(_ => { });
        _ = second.Server;

        var ids = Enumerable.Range(0, 4).Select(i => $"node-{i}-{Guid.NewGuid():N}@customer.test").ToList();
        foreach (var id in ids)
        {
            // Each from its own sender: one sender's many mails would meet the rate cap.
            await servers.SwaksAsync(MailServers.SharedAddress, id.Split('@')[0] + "@sender.test", "Shared", "Once, please", $"Message-Id: <{id}>");
        }
        foreach (var id in ids)
        {
            await app.WaitForMessageAsync(id);
        }
        foreach (var id in ids)
        {
            Assert.Equal(1, await app.WithDbAsync(db => db.Messages.CountAsync(m => m.ExternalId == id)));
        }
        // The UID is recorded just after its message is stored.
        var deadline = DateTime.UtcNow.AddSeconds(20);
        var sync = await app.WithDbAsync(db => db.MailboxSyncs.AsNoTracking().SingleAsync(s => s.MailboxId == mailboxId));
        while (sync.LastUid < 4 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
            sync = await app.WithDbAsync(db => db.MailboxSyncs.AsNoTracking().SingleAsync(s => s.MailboxId == mailboxId));
        }
        Assert.Equal(4, sync.LastUid);
        Assert.Null(sync.LastError);
    }

    [Fact]
    public async Task PostfixPipeTransportRunsTheRapportBinaryIntoAConversation()
    {
        var admin = await app.CreateAdminAsync();
        var address = $"help-{Guid.NewGuid():N}"[..16] + "@" + MailServers.PipeDomain;
        await MailApp.CreateMailboxAsync(admin.Client, new { address, display_name = "Help" });
        var dataPath = Path.Combine(servers.Root, "pipe-data");
        Directory.CreateDirectory(dataPath);
        File.SetUnixFileMode(dataPath, (UnixFileMode)0b111_111_111);
        // A build folder's static-assets manifest points into the builder's own NuGet cache, which the
        // pipe's unprivileged user cannot read; a published rapport has no manifest, so this is test-only.
        await File.WriteAllTextAsync(servers.PipeScript, $"""
            #!/bin/sh
            export HOME=/tmp DOTNET_CLI_HOME=/tmp DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1
            exec {Dotnet()} {typeof(Program).Assembly.Location} mail ingest --mailbox "$1" --Database:Provider Postgres --Database:ConnectionString "{app.ConnectionString}" --Rapport:DataPath {dataPath} --Logging:LogLevel:Default Warning --staticWebAssets /nonexistent.json
            """);

        var messageId = $"piped-{Guid.NewGuid():N}@customer.test";
        await servers.SwaksAsync(address, MailServers.CustomerAddress, "Invoice question", "Why was I charged twice?", $"Message-Id: <{messageId}>");
        long conversationId;
        try
        {
            conversationId = await app.WaitForMessageAsync(messageId, TimeSpan.FromSeconds(90));
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message}\nPostfix log:\n{servers.Log("postfix.log")}", e);
        }
        var record = await app.WithDbAsync(db => db.MailRecords.AsNoTracking().SingleAsync(r => r.RfcMessageId == messageId));
        Assert.Equal(MailServers.CustomerAddress, record.FromAddress);
        var agent = await app.CreateUserAsync(Role.Agent, TokenScope.Read);
        var messages = await MailApp.MessagesAsync(agent.Client, conversationId);
        Assert.Equal("Why was I charged twice?", Assert.Single(messages)!["body_text"]!.GetValue<string>());
    }

    [Fact]
    public async Task IngestVerbExitCodesFollowSysexits()
    {
        var admin = await app.CreateAdminAsync();
        var address = $"exit-{Guid.NewGuid():N}"[..16] + "@support.test";
        await MailApp.CreateMailboxAsync(admin.Client, new { address });
        var mail = $"From: a@customer.test\r\nTo: {address}\r\nSubject: hi\r\nMessage-ID: <verb-{Guid.NewGuid():N}@customer.test>\r\n\r\nhello\r\n";

        var agent = await app.CreateUserAsync(Role.Agent);
        var sockets = app.Server.CreateWebSocketClient();
        await using var hub = await SignalRTestClient.ConnectAsync((uri, ct) => sockets.ConnectAsync(uri, ct), SignalRTestClient.HubUri(app.Server.BaseAddress, agent.Token));

        // No server's socket in its data folder: the verb takes the mail in itself.
        var alone = NoServerDataPath();
        Assert.Equal(0, await RunVerbAsync(mail, ["--mailbox", address], alone));
        // The verb's process announces what it committed, so open consoles show the mail live.
        await hub.WaitForAsync("ConversationChanged", _ => true, TimeSpan.FromSeconds(10));
        Assert.Equal(0, await RunVerbAsync(mail, ["--mailbox", address], alone)); // a duplicate is safe with us too
        Assert.Equal(67, await RunVerbAsync(mail, ["--mailbox", "nobody@nowhere.test"], alone));
        Assert.Equal(65, await RunVerbAsync("", ["--mailbox", address], alone));
        Assert.Equal(64, await RunVerbAsync(mail, [], alone));
        // The database is away: the MTA must keep the message and try again.
        Assert.Equal(75, await RunVerbAsync(mail, ["--mailbox", address, "--Database:ConnectionString", "Host=127.0.0.1;Port=1;Username=postgres;Database=none;Timeout=2"], alone));
    }

    [Fact]
    public async Task IngestVerbDoesNotMigrateAndAsksTheMtaToTryAgainWhileTheSchemaIsBehind()
    {
        // A database the server has not migrated yet (a fresh install, or a binary upgraded before the
        // server restarted): one message must not run migrations under a live server, nor lose the mail.
        var empty = await (await PostgresServer.GetAsync()).CreateDatabaseAsync();
        var mail = $"From: a@customer.test\r\nTo: x@support.test\r\nSubject: hi\r\nMessage-ID: <behind-{Guid.NewGuid():N}@customer.test>\r\n\r\nhello\r\n";

        Assert.Equal(75, await RunVerbAsync(mail, ["--mailbox", "x@support.test", "--Database:ConnectionString", empty], NoServerDataPath()));

        await using var connection = new Npgsql.NpgsqlConnection(empty);
        await connection.OpenAsync();
        await using var tables = new Npgsql.NpgsqlCommand("SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema()", connection);
        Assert.Equal(0L, (long)(await tables.ExecuteScalarAsync())!);
    }

    /// <summary>Runs the verb against the app's database; <paramref name="dataPath"/> decides whether it finds the server's pipe socket.</summary>
    private async Task<int> RunVerbAsync(string stdin, string[] args, string? dataPath = null)
    {
        var all = args.Concat(["--Database:Provider", "Postgres", "--Rapport:DataPath", dataPath ?? app.DataPath]);
        if (!args.Contains("--Database:ConnectionString"))
        {
            all = all.Concat(["--Database:ConnectionString", app.ConnectionString!]);
        }
        return (await IngestVerbProcess.RunAsync(stdin, all)).ExitCode;
    }

    /// <summary>A data folder without a server's pipe socket: the verb takes the message in itself.</summary>
    private static string NoServerDataPath()
    {
        var path = Path.Combine(Path.GetTempPath(), $"rapport-noserver-{Guid.NewGuid():N}");
        Directory.CreateDirectory(path);
        return path;
    }

    private static string Dotnet() => IngestVerbProcess.Dotnet();
}
