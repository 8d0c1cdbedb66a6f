using System.Net;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace JustScale.Http.Tests.Security;

/// <summary>Makes a self-signed server certificate for localhost in the test, and clients that trust exactly that certificate.</summary>
internal sealed class TestCertificates : IDisposable
{
    private TestCertificates(X509Certificate2 certificate, string directory)
    {
        Certificate = certificate;
        Directory = directory;
        CertificatePemPath = Path.Combine(directory, "server.crt");
        KeyPemPath = Path.Combine(directory, "server.key");
        PfxPath = Path.Combine(directory, "server.pfx");
    }

    public X509Certificate2 Certificate { get; }

    public string Directory { get; }

    public string CertificatePemPath { get; }

    public string KeyPemPath { get; }

    public string PfxPath { get; }

    public const string PfxPassword = "pfx-password-for-tests";

    /// <summary>Creates an ECDSA P-256 certificate for localhost and 127.0.0.1, valid for a day, and writes it as PEM and PFX.</summary>
    public static TestCertificates Create()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: false));
        var now = DateTimeOffset.UtcNow;
        var certificate = request.CreateSelfSigned(now.AddHours(-1), now.AddDays(1));

        var directory = Path.Combine(Path.GetTempPath(), "justscale-tls-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(directory);
        var created = new TestCertificates(certificate, directory);
        File.WriteAllText(created.CertificatePemPath, certificate.ExportCertificatePem());
        File.WriteAllText(created.KeyPemPath, key.ExportPkcs8PrivateKeyPem());
        File.WriteAllBytes(created.PfxPath, certificate.Export(X509ContentType.Pkcs12, PfxPassword));
        return created;
    }

    /// <summary>Creates a client that accepts this certificate only: right name, exact thumbprint, untrusted root tolerated.</summary>
    public HttpClient TrustingClient(Uri baseAddress)
    {
        var thumbprint = Certificate.Thumbprint;
        var handler = new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, presented, _, errors) =>
                    (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) == SslPolicyErrors.None
                    && presented is not null
                    && string.Equals(presented.GetCertHashString(), thumbprint, StringComparison.OrdinalIgnoreCase),
            },
        };
        return new HttpClient(handler) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public void Dispose()
    {
        Certificate.Dispose();
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}
