using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using JustScale.Core;

namespace JustScale.Http;

/// <summary>Configures TLS for <see cref="HttpHost.Listen"/>: the certificate Kestrel serves, from PEM files, a PFX file or an instance.</summary>
/// <remarks>
/// Files are read when the server starts; a missing file, a wrong password or a certificate without its private key
/// fails <see cref="HttpHost.Listen"/> with a message naming the file, never the password. The server owns what it
/// loaded and disposes it when it stops; a certificate passed as an instance stays the caller's. Kestrel negotiates
/// TLS 1.2 or 1.3 and HTTP/1.1 or HTTP/2 (ALPN).
/// </remarks>
public sealed class HttpsOptions
{
    private readonly Func<X509Certificate2> _load;

    private HttpsOptions(string source, Func<X509Certificate2> load, bool ownsCertificate)
    {
        Source = source;
        _load = load;
        OwnsCertificate = ownsCertificate;
    }

    /// <summary>Gets where the certificate comes from (a path, or "an X509Certificate2 instance"), for messages.</summary>
    public string Source { get; }

    /// <summary>Gets whether the server disposes the certificate when it stops.</summary>
    internal bool OwnsCertificate { get; }

    /// <summary>Creates options that read a PEM certificate (chain allowed) and its PEM private key, optionally encrypted.</summary>
    public static HttpsOptions FromPemFiles(string certificatePath, string privateKeyPath, string? privateKeyPassword = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(certificatePath);
        ArgumentException.ThrowIfNullOrWhiteSpace(privateKeyPath);
        return new HttpsOptions(certificatePath, () => privateKeyPassword is null
            ? X509Certificate2.CreateFromPemFile(certificatePath, privateKeyPath)
            : X509Certificate2.CreateFromEncryptedPemFile(certificatePath, privateKeyPassword, privateKeyPath), ownsCertificate: true);
    }

    /// <summary>Creates options that read a PKCS#12 (.pfx) file holding the certificate and its private key.</summary>
    public static HttpsOptions FromPfxFile(string path, string? password = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        return new HttpsOptions(path, () => X509CertificateLoader.LoadPkcs12FromFile(path, password), ownsCertificate: true);
    }

    /// <summary>Creates options that serve a certificate already loaded; it must carry its private key and stays the caller's to dispose.</summary>
    public static HttpsOptions FromCertificate(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return new HttpsOptions("an X509Certificate2 instance", () => certificate, ownsCertificate: false);
    }

    /// <summary>Loads the certificate, or throws a <see cref="JustScaleException"/> that says which file failed and why.</summary>
    internal X509Certificate2 Load()
    {
        X509Certificate2 certificate;
        try
        {
            certificate = _load();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or CryptographicException or ArgumentException)
        {
            throw new JustScaleException($"Cannot load the TLS certificate from {Source}: {ex.Message}", innerException: ex);
        }

        if (!certificate.HasPrivateKey)
        {
            if (OwnsCertificate)
            {
                certificate.Dispose();
            }

            throw new JustScaleException($"The TLS certificate from {Source} has no private key; Kestrel cannot serve it.");
        }

        return certificate;
    }
}
