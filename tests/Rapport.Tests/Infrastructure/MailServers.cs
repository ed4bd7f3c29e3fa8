using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Rapport.Features.Mail.Imap;
using Rapport.Features.Mail.Mailboxes;

namespace Rapport.Tests.Infrastructure;

/// <summary>
/// A real Dovecot (IMAP with STARTTLS and implicit TLS, LMTP, SASL for Postfix) and a real Postfix
/// (SMTP on a loopback port, delivering to Dovecot by LMTP, and to a pipe transport for one
/// domain), each from Debian's packages, configured and run under a temporary folder on free
/// loopback ports with a certificate made by openssl. Nothing of the system's mail setup is used or
/// changed. When they cannot start, the fixture throws with the servers' own logs: tests that need
/// them fail loudly rather than skip.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class MailServers : IAsyncLifetime
{
    public const string SupportAddress = "support@support.test";
    public const string SupportPassword = "support-Pässword";
    public const string CustomerAddress = "customer@customer.test";
    public const string CustomerPassword = "customer-password";
    public const string SharedAddress = "shared@support.test";
    public const string SharedPassword = "shared-password";
    public const string PipeDomain = "pipe.test";

    /// <summary>Postfix refuses this recipient for good (550), for the permanent-failure tests.</summary>
    public const string RefusedAddress = "refused@customer.test";

    private Process? _dovecot;
    private bool _postfixStarted;

    public string Root { get; } = Path.Combine(Path.GetTempPath(), $"rapport-mail-{Guid.NewGuid():N}");
    public int ImapPort { get; private set; }
    public int ImapsPort { get; private set; }
    public int SmtpPort { get; private set; }
    private int LmtpPort { get; set; }
    private int AuthPort { get; set; }
    private static string PipeTransportMap => "{ " + PipeDomain + "=rapport: }";

    private string PostfixConfig => Path.Combine(Root, "postfix", "conf");

    /// <summary>The script the pipe transport runs for mail to <see cref="PipeDomain"/>, with the recipient as its argument.</summary>
    public string PipeScript => Path.Combine(Root, "pipe.sh");

    public async Task InitializeAsync()
    {
        foreach (var binary in new[] { "/usr/sbin/dovecot", "/usr/sbin/postfix", "/usr/lib/dovecot/lmtp", "/usr/bin/swaks", "/usr/bin/openssl" })
        {
            if (!File.Exists(binary))
            {
                throw new InvalidOperationException($"{binary} is missing: the e-mail tests need Postfix, Dovecot (imapd, lmtpd), swaks and openssl. Run scripts/install-prerequisites.");
            }
        }
        if (Environment.UserName != "root")
        {
            throw new InvalidOperationException("The e-mail tests start Postfix, whose master process must run as root (as it does in CI): run the tests as root.");
        }
        Directory.CreateDirectory(Root);
        // The pipe transport runs as nobody, who must reach its script.
        File.SetUnixFileMode(Root, (UnixFileMode)0b111_101_101);
        (ImapPort, ImapsPort, SmtpPort, LmtpPort, AuthPort) = (FreePort(), FreePort(), FreePort(), FreePort(), FreePort());
        await RunAsync("/usr/bin/openssl", $"req -x509 -newkey rsa:2048 -nodes -keyout {Root}/key.pem -out {Root}/cert.pem -days 2 -subj /CN=localhost");
        await File.WriteAllTextAsync(PipeScript, "#!/bin/sh\nexit 0\n");
        File.SetUnixFileMode(PipeScript, (UnixFileMode)0b111_101_101);
        await StartDovecotAsync();
        await StartPostfixAsync();
    }

    private async Task StartDovecotAsync()
    {
        var mail = Path.Combine(Root, "mail");
        foreach (var dir in new[] { "run", "state", "mail" })
        {
            Directory.CreateDirectory(Path.Combine(Root, dir));
        }
        File.SetUnixFileMode(mail, (UnixFileMode)0b111_111_111);
        await File.WriteAllTextAsync(Path.Combine(Root, "passwd"),
            $"{SupportAddress}:{{PLAIN}}{SupportPassword}::::::\n{CustomerAddress}:{{PLAIN}}{CustomerPassword}::::::\n{SharedAddress}:{{PLAIN}}{SharedPassword}::::::\n");
        await File.WriteAllTextAsync(Path.Combine(Root, "dovecot.conf"), $$"""
            base_dir = {{Root}}/run
            state_dir = {{Root}}/state
            log_path = {{Root}}/dovecot.log
            protocols = imap lmtp
            listen = 127.0.0.1
            ssl = yes
            ssl_cert = <{{Root}}/cert.pem
            ssl_key = <{{Root}}/key.pem
            disable_plaintext_auth = no
            auth_mechanisms = plain login
            mail_location = maildir:{{mail}}/%u
            first_valid_uid = 1
            default_internal_user = dovecot
            default_login_user = dovenull
            passdb {
              driver = passwd-file
              args = scheme=PLAIN username_format=%u {{Root}}/passwd
            }
            userdb {
              driver = static
              args = uid=mail gid=mail home={{mail}}/%u
            }
            service imap-login {
              inet_listener imap {
                address = 127.0.0.1
                port = {{ImapPort}}
              }
              inet_listener imaps {
                address = 127.0.0.1
                port = {{ImapsPort}}
                ssl = yes
              }
            }
            service lmtp {
              inet_listener lmtp {
                address = 127.0.0.1
                port = {{LmtpPort}}
              }
            }
            service auth {
              inet_listener {
                address = 127.0.0.1
                port = {{AuthPort}}
              }
            }
            """);
        _dovecot = Process.Start(new ProcessStartInfo("/usr/sbin/dovecot", ["-F", "-c", Path.Combine(Root, "dovecot.conf")])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        }) ?? throw new InvalidOperationException("Dovecot did not start.");
        await WaitForPortAsync(ImapPort, "Dovecot", Path.Combine(Root, "dovecot.log"));
        await WaitForPortAsync(LmtpPort, "Dovecot LMTP", Path.Combine(Root, "dovecot.log"));
    }

    private async Task StartPostfixAsync()
    {
        var conf = PostfixConfig;
        var queue = Path.Combine(Root, "postfix", "queue");
        var data = Path.Combine(Root, "postfix", "data");
        Directory.CreateDirectory(conf);
        Directory.CreateDirectory(queue);
        Directory.CreateDirectory(data);
        await RunAsync("/bin/chown", $"postfix {data}");
        await File.WriteAllTextAsync(Path.Combine(Root, "access"), $"{RefusedAddress} 550 5.1.1 No such person here\n");
        await File.WriteAllTextAsync(Path.Combine(conf, "main.cf"), $"""
            compatibility_level = 3.6
            queue_directory = {queue}
            data_directory = {data}
            meta_directory = /etc/postfix
            command_directory = /usr/sbin
            daemon_directory = /usr/lib/postfix/sbin
            shlib_directory = /usr/lib/postfix
            mail_owner = postfix
            setgid_group = postdrop
            myhostname = mail.rapport-test.invalid
            mydomain = rapport-test.invalid
            inet_interfaces = 127.0.0.1
            inet_protocols = ipv4
            mydestination =
            local_recipient_maps =
            local_transport = error:local delivery is off
            alias_maps =
            alias_database =
            mynetworks = 127.0.0.0/8
            smtpd_relay_restrictions = permit_mynetworks, permit_sasl_authenticated, reject_unauth_destination
            smtpd_recipient_restrictions = check_recipient_access texthash:{Root}/access
            virtual_mailbox_domains = support.test customer.test
            virtual_transport = lmtp:inet:127.0.0.1:{LmtpPort}
            relay_domains = {PipeDomain}
            transport_maps = inline:{PipeTransportMap}
            rapport_destination_recipient_limit = 1
            smtpd_tls_cert_file = {Root}/cert.pem
            smtpd_tls_key_file = {Root}/key.pem
            smtpd_tls_security_level = may
            smtpd_sasl_auth_enable = yes
            smtpd_sasl_type = dovecot
            smtpd_sasl_path = inet:127.0.0.1:{AuthPort}
            smtpd_tls_auth_only = yes
            maillog_file_prefixes = {Root}
            maillog_file = {Root}/postfix.log
            smtputf8_enable = no
            biff = no
            smtp_dns_support_level = disabled
            disable_dns_lookups = yes
            """);
        var services = """
            pickup    unix  n       -       n       60      1       pickup
            cleanup   unix  n       -       n       -       0       cleanup
            qmgr      unix  n       -       n       300     1       qmgr
            tlsmgr    unix  -       -       n       1000?   1       tlsmgr
            rewrite   unix  -       -       n       -       -       trivial-rewrite
            bounce    unix  -       -       n       -       0       bounce
            defer     unix  -       -       n       -       0       bounce
            trace     unix  -       -       n       -       0       bounce
            verify    unix  -       -       n       -       1       verify
            flush     unix  n       -       n       1000?   0       flush
            proxymap  unix  -       -       n       -       -       proxymap
            proxywrite unix -       -       n       -       1       proxymap
            smtp      unix  -       -       n       -       -       smtp
            relay     unix  -       -       n       -       -       smtp
            showq     unix  n       -       n       -       -       showq
            error     unix  -       -       n       -       -       error
            retry     unix  -       -       n       -       -       error
            discard   unix  -       -       n       -       -       discard
            lmtp      unix  -       -       n       -       -       lmtp
            anvil     unix  -       -       n       -       1       anvil
            scache    unix  -       -       n       -       1       scache
            postlog   unix-dgram n  -       n       -       1       postlogd
            """;
        await File.WriteAllTextAsync(Path.Combine(conf, "master.cf"),
            $"127.0.0.1:{SmtpPort} inet n - n - - smtpd\n{services}\nrapport   unix  -       n       n       -       -       pipe\n  flags=Rq user=nobody argv={PipeScript} ${{recipient}}\n");
        await RunAsync("/usr/sbin/postfix", $"-c {conf} start", "Postfix", Path.Combine(Root, "postfix.log"));
        _postfixStarted = true;
        await WaitForPortAsync(SmtpPort, "Postfix", Path.Combine(Root, "postfix.log"));
    }

    /// <summary>Sends a message with swaks through our Postfix; returns swaks' transcript.</summary>
    public async Task<string> SwaksAsync(string to, string from, string subject, string body, params string[] headers)
    {
        var args = new List<string> { "--server", $"127.0.0.1:{SmtpPort}", "--to", to, "--from", from, "--header", $"Subject: {subject}", "--body", body, "--silent", "1" };
        foreach (var header in headers)
        {
            args.Add("--header");
            args.Add(header);
        }
        return await RunAsync("/usr/bin/swaks", args, "swaks", null);
    }

    public MailEndpoint Imap(MailSecurity security = MailSecurity.Tls) =>
        new("127.0.0.1", security == MailSecurity.Tls ? ImapsPort : ImapPort, security, VerifyCertificate: false, TimeSpan.FromSeconds(20));

    public MailEndpoint Smtp() => new("127.0.0.1", SmtpPort, MailSecurity.StartTls, VerifyCertificate: false, TimeSpan.FromSeconds(20));

    /// <summary>Waits until the user's INBOX holds a message that <paramref name="match"/> accepts, and returns it.</summary>
    public async Task<byte[]> WaitForMailAsync(string user, string password, Func<string, bool> match, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            await using (var client = await ImapClient.ConnectAsync(Imap(), CancellationToken.None))
            {
                await client.LoginAsync(user, password, CancellationToken.None);
                await client.SelectAsync("INBOX", CancellationToken.None);
                foreach (var uid in await client.SearchUidsFromAsync(1, CancellationToken.None))
                {
                    if (await client.FetchAsync(uid, CancellationToken.None) is { } raw && match(Encoding.UTF8.GetString(raw)))
                    {
                        return raw;
                    }
                }
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"No matching mail reached {user} in time. Postfix log:\n{Log("postfix.log")}\nDovecot log:\n{Log("dovecot.log")}");
            }
            await Task.Delay(250);
        }
    }

    public string Log(string name)
    {
        var path = Path.Combine(Root, name);
        return File.Exists(path) ? string.Join('\n', File.ReadLines(path).TakeLast(40)) : "(no log)";
    }

    public async Task DisposeAsync()
    {
        if (_postfixStarted)
        {
            await ((Task)RunAsync("/usr/sbin/postfix", $"-c {PostfixConfig} abort")).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
        if (_dovecot is { HasExited: false })
        {
            _dovecot.Kill(entireProcessTree: true);
            await _dovecot.WaitForExitAsync();
        }
        _dovecot?.Dispose();
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A server may still be letting go of a file; the temp folder is cleaned later.
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private async Task WaitForPortAsync(int port, string what, string log)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            try
            {
                using var tcp = new TcpClient();
                await tcp.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
            catch (SocketException e)
            {
                throw new InvalidOperationException($"{what} did not start listening on 127.0.0.1:{port} ({e.Message}). Its log:\n{(File.Exists(log) ? await File.ReadAllTextAsync(log) : "(none)")}");
            }
        }
    }

    private static Task<string> RunAsync(string file, string arguments, string? what = null, string? log = null) =>
        RunAsync(file, arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries), what ?? Path.GetFileName(file), log);

    private static async Task<string> RunAsync(string file, IEnumerable<string> arguments, string what, string? log)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        }) ?? throw new InvalidOperationException($"{file} did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            var logText = log is not null && File.Exists(log) ? await File.ReadAllTextAsync(log) : "";
            throw new InvalidOperationException($"{what} failed (exit {process.ExitCode}): {await output}{await error}\n{logText}");
        }
        return await output + await error;
    }
}
