using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Rapport.Benchmarks.Mail;

/// <summary>
/// A Dovecot from Debian's packages serving IMAP over TLS on a free loopback port, under a temporary
/// folder with one user whose Maildir the benchmark fills directly (faster than delivering 10,000
/// messages by SMTP, and the same to the IMAP side). Needs root (Dovecot switches users), as the
/// e-mail tests do.
/// </summary>
public sealed class DovecotServer : IAsyncDisposable
{
    public const string User = "support@bench.test";
    public const string Password = "bench-imap-password";

    private readonly Process _process;

    private DovecotServer(string root, int port, Process process)
    {
        Root = root;
        Port = port;
        _process = process;
    }

    public string Root { get; }
    public int Port { get; }
    private string Maildir => Path.Combine(Root, "mail", User);

    public static bool CanRun(out string why)
    {
        why = !File.Exists("/usr/sbin/dovecot") ? "Dovecot is not installed (scripts/install-prerequisites)"
            : Environment.UserName != "root" ? "Dovecot needs root to start"
            : "";
        return why.Length == 0;
    }

    public static async Task<DovecotServer> StartAsync()
    {
        // Short: Dovecot's sockets live under it, and a Unix socket path may not exceed 108 bytes.
        var root = Path.Combine(Path.GetTempPath(), $"rb-dovecot-{Guid.NewGuid().ToString("N")[..8]}");
        foreach (var dir in new[] { "run", "state", "mail" })
        {
            Directory.CreateDirectory(Path.Combine(root, dir));
        }
        File.SetUnixFileMode(root, (UnixFileMode)0b111_101_101);
        File.SetUnixFileMode(Path.Combine(root, "mail"), (UnixFileMode)0b111_111_111);
        await RunAsync("/usr/bin/openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", $"{root}/key.pem", "-out", $"{root}/cert.pem", "-days", "2", "-subj", "/CN=localhost"]);
        await File.WriteAllTextAsync(Path.Combine(root, "passwd"), $"{User}:{{PLAIN}}{Password}::::::\n");
        var port = FreePort();
        await File.WriteAllTextAsync(Path.Combine(root, "dovecot.conf"), $$"""
            base_dir = {{root}}/run
            state_dir = {{root}}/state
            log_path = {{root}}/dovecot.log
            protocols = imap
            listen = 127.0.0.1
            ssl = yes
            ssl_cert = <{{root}}/cert.pem
            ssl_key = <{{root}}/key.pem
            auth_mechanisms = plain login
            mail_location = maildir:{{root}}/mail/%u
            first_valid_uid = 1
            default_internal_user = dovecot
            default_login_user = dovenull
            passdb {
              driver = passwd-file
              args = scheme=PLAIN username_format=%u {{root}}/passwd
            }
            userdb {
              driver = static
              args = uid=mail gid=mail home={{root}}/mail/%u
            }
            service imap-login {
              inet_listener imap {
                port = 0
              }
              inet_listener imaps {
                address = 127.0.0.1
                port = {{port}}
                ssl = yes
              }
            }
            """);
        var process = Process.Start(new ProcessStartInfo("/usr/sbin/dovecot", ["-F", "-c", Path.Combine(root, "dovecot.conf")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        }) ?? throw new InvalidOperationException("Could not start Dovecot.");
        var server = new DovecotServer(root, port, process);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return server;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline && !process.HasExited)
            {
                await Task.Delay(200);
            }
            catch (SocketException e)
            {
                var log = Path.Combine(root, "dovecot.log");
                throw new InvalidOperationException($"Dovecot did not start: {(File.Exists(log) ? string.Join('\n', File.ReadLines(log).TakeLast(10)) : "(no log)")}", e);
            }
        }
    }

    /// <summary>Puts the messages straight into the user's Maildir (new/), as a delivery agent would.</summary>
    public async Task FillAsync(IEnumerable<byte[]> messages)
    {
        foreach (var dir in new[] { "new", "cur", "tmp" })
        {
            Directory.CreateDirectory(Path.Combine(Maildir, dir));
        }
        var n = 0;
        foreach (var message in messages)
        {
            await File.WriteAllBytesAsync(Path.Combine(Maildir, "new", $"1764000000.M{n++}P1.bench"), message);
        }
        await RunAsync("/bin/chown", ["-R", "mail:mail", Maildir]);
    }

    private static async Task RunAsync(string file, string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true })
            ?? throw new InvalidOperationException($"Could not start {file}.");
        var output = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} failed ({process.ExitCode}): {output}");
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // Dovecot may still hold a file for a moment; the temp folder is cleaned later.
        }
    }
}
