using System.Diagnostics;
using System.Globalization;

namespace Rapport.Tests.Infrastructure;

/// <summary>
/// Debian's nginx in front of a Rapport server, configured as the deployment notes say: TLS on a
/// loopback port with a certificate made by openssl, <c>X-Forwarded-For</c> appended with
/// <c>$proxy_add_x_forwarded_for</c>, <c>X-Forwarded-Proto</c> and <c>Host</c> passed on. It reaches
/// Rapport from <see cref="Address"/> (<c>proxy_bind</c>), so Rapport can tell it apart from clients on
/// other loopback addresses. Runs under a temporary folder; nothing of the system's nginx is used.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class NginxProxy : IAsyncDisposable
{
    public const string Binary = "/usr/sbin/nginx";

    /// <summary>The address nginx connects to Rapport from: the one trusted proxy.</summary>
    public const string Address = "127.0.0.2";

    private readonly Process _process;

    private NginxProxy(Process process, string root, int port)
    {
        _process = process;
        Root = root;
        Port = port;
    }

    public string Root { get; }
    public int Port { get; }
    public Uri Url => new($"https://localhost:{Port.ToString(CultureInfo.InvariantCulture)}");

    public static async Task<NginxProxy> StartAsync(int port, int upstreamPort)
    {
        if (!File.Exists(Binary))
        {
            throw new InvalidOperationException($"{Binary} is missing: the reverse-proxy tests need Debian's nginx. Run scripts/install-prerequisites.");
        }
        var root = Path.Combine(Path.GetTempPath(), $"rapport-nginx-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path.Combine(root, "tmp"));
        // nginx's workers run as an unprivileged user when the tests run as root: they must reach the folder.
        File.SetUnixFileMode(root, (UnixFileMode)0b111_101_101);
        File.SetUnixFileMode(Path.Combine(root, "tmp"), (UnixFileMode)0b111_111_111);
        await RunAsync("/usr/bin/openssl", $"req -x509 -newkey rsa:2048 -nodes -keyout {root}/key.pem -out {root}/cert.pem -days 2 -subj /CN=localhost");
        File.SetUnixFileMode(Path.Combine(root, "key.pem"), (UnixFileMode)0b110_100_100);
        await File.WriteAllTextAsync(Path.Combine(root, "nginx.conf"), $$"""
            worker_processes 1;
            pid {{root}}/nginx.pid;
            error_log {{root}}/error.log warn;
            events { worker_connections 256; }
            http {
                access_log off;
                client_body_temp_path {{root}}/tmp/body;
                proxy_temp_path {{root}}/tmp/proxy;
                fastcgi_temp_path {{root}}/tmp/fastcgi;
                uwsgi_temp_path {{root}}/tmp/uwsgi;
                scgi_temp_path {{root}}/tmp/scgi;
                server {
                    listen 127.0.0.1:{{port}} ssl;
                    ssl_certificate {{root}}/cert.pem;
                    ssl_certificate_key {{root}}/key.pem;
                    location / {
                        proxy_pass http://127.0.0.1:{{upstreamPort}};
                        proxy_bind {{Address}};
                        proxy_http_version 1.1;
                        proxy_set_header Host $host;
                        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
                        proxy_set_header X-Forwarded-Proto $scheme;
                        proxy_set_header X-Forwarded-Host $host;
                    }
                }
            }
            """);
        var info = new ProcessStartInfo(Binary) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var arg in new[] { "-p", root, "-e", Path.Combine(root, "error.log"), "-c", Path.Combine(root, "nginx.conf"), "-g", "daemon off;" })
        {
            info.ArgumentList.Add(arg);
        }
        var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start nginx.");
        var proxy = new NginxProxy(process, root, port);
        await proxy.WaitUntilListeningAsync();
        return proxy;
    }

    private async Task WaitUntilListeningAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"nginx exited with code {_process.ExitCode}: {await _process.StandardError.ReadToEndAsync()} {ErrorLog()}");
            }
            try
            {
                using var tcp = new System.Net.Sockets.TcpClient();
                await tcp.ConnectAsync("127.0.0.1", Port);
                return;
            }
            catch (System.Net.Sockets.SocketException)
            {
                await Task.Delay(100);
            }
        }
        throw new TimeoutException($"nginx did not listen on {Port}: {ErrorLog()}");
    }

    public string ErrorLog()
    {
        var path = Path.Combine(Root, "error.log");
        return File.Exists(path) ? File.ReadAllText(path) : "";
    }

    private static async Task RunAsync(string file, string arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments) { RedirectStandardError = true, RedirectStandardOutput = true })!;
        var error = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {arguments} failed: {await error}");
        }
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
            // Left for the run's temporary folder to take away.
        }
    }
}
