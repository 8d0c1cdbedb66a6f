using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace JustScale.Testing;

/// <summary>Runs Debian's HAProxy (/usr/sbin/haproxy) in front of instances: TLS terminated with a self-signed certificate the
/// test generates, <c>option forwardfor</c>, <c>X-Forwarded-Proto: https</c>, health checks on <c>/health/ready</c>.</summary>
public sealed class HAProxy : IAsyncDisposable
{
    /// <summary>The Debian path of the program.</summary>
    public const string Program = "/usr/sbin/haproxy";

    private readonly ServiceProcess _process;
    private readonly string _folder;

    private HAProxy(ServiceProcess process, string folder, int port, X509Certificate2 certificate, string config)
    {
        _process = process;
        _folder = folder;
        Port = port;
        Certificate = certificate;
        Config = config;
    }

    /// <summary>Gets the HTTPS port on 127.0.0.1.</summary>
    public int Port { get; }

    /// <summary>Gets the balancer's address.</summary>
    public Uri Url => new(string.Create(CultureInfo.InvariantCulture, $"https://localhost:{Port}/"));

    /// <summary>Gets the self-signed certificate HAProxy presents (for pinning it in a client).</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>Gets the configuration HAProxy was started with, as written.</summary>
    public string Config { get; }

    /// <summary>Gets what HAProxy wrote so far.</summary>
    public string Output => _process.Output;

    /// <summary>Starts HAProxy balancing over instances on 127.0.0.1 ports.</summary>
    public static async Task<HAProxy> StartAsync(IReadOnlyList<int> instancePorts)
    {
        var program = ServiceProcess.Require(Program, "haproxy");
        var folder = Path.Combine(Path.GetTempPath(), "justscale-haproxy-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(folder);
        var certificate = SelfSigned();
        var pem = Path.Combine(folder, "localhost.pem");
        using (var key = certificate.GetRSAPrivateKey()!)
        {
            await File.WriteAllTextAsync(pem, certificate.ExportCertificatePem() + "\n" + key.ExportPkcs8PrivateKeyPem() + "\n");
        }

        var port = LocalPostgres.FreePort();
        var servers = new StringBuilder();
        for (var i = 0; i < instancePorts.Count; i++)
        {
            servers.AppendLine(CultureInfo.InvariantCulture, $"    server app{i + 1} 127.0.0.1:{instancePorts[i]} check");
        }

        var config = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Deployment", "haproxy.cfg"))
            .Replace("${BIND}", string.Create(CultureInfo.InvariantCulture, $"127.0.0.1:{port}"), StringComparison.Ordinal)
            .Replace("${CERTIFICATE}", pem, StringComparison.Ordinal)
            .Replace("${SERVERS}\n", servers.ToString(), StringComparison.Ordinal);
        var path = Path.Combine(folder, "haproxy.cfg");
        await File.WriteAllTextAsync(path, config);
        try
        {
            var process = await ServiceProcess.StartAsync(program, ["-db", "-f", path], port);
            return new HAProxy(process, folder, port, certificate, config);
        }
        catch
        {
            Directory.Delete(folder, recursive: true);
            throw;
        }
    }

    /// <summary>Stops HAProxy and deletes its folder.</summary>
    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync();
        Certificate.Dispose();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // Best effort.
        }
    }

    private static X509Certificate2 SelfSigned()
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(System.Net.IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        var now = DateTimeOffset.UtcNow;
        return request.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(1));
    }
}
