using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;
using Microsoft.Extensions.DependencyInjection;

namespace JustScale.Auth;

/// <summary>Decrypts a Data Protection key written by <see cref="AesGcmXmlEncryptor"/>, with the key-encryption key its id names.</summary>
/// <remarks>Data Protection creates it by the type name stored beside the key, with its own services (where the
/// <see cref="KeyEncryptionKeys"/> are registered). A key id that is not configured fails naming the setting to restore.</remarks>
/// <param name="services">Data Protection's services.</param>
internal sealed class AesGcmXmlDecryptor(IServiceProvider services) : IXmlDecryptor
{
    private readonly KeyEncryptionKeys _keys = (services ?? throw new ArgumentNullException(nameof(services))).GetService<KeyEncryptionKeys>()
        ?? throw new InvalidOperationException(
            "A Data Protection key is encrypted with a key-encryption key, but none is configured: set JustScale:Secrets:EncryptionKey (environment JustScale__Secrets__EncryptionKey).");

    /// <inheritdoc />
    public XElement Decrypt(XElement encryptedElement)
    {
        ArgumentNullException.ThrowIfNull(encryptedElement);
        var keyId = (string?)encryptedElement.Attribute("kid") ?? throw new CryptographicException("The encrypted Data Protection key names no key-encryption key.");
        var key = _keys.Find(keyId) ?? throw new CryptographicException(
            $"The Data Protection key was encrypted with key-encryption key {keyId}, which is not configured: keep it in JustScale:Secrets:PreviousEncryptionKeys until the keys it encrypted have expired.");
        var value = (string?)encryptedElement.Element(AesGcmXmlEncryptor.Namespace + "value") ?? throw new CryptographicException("The encrypted Data Protection key has no value.");
        var plaintext = AesGcmXmlEncryptor.Decrypt(key, keyId, Convert.FromBase64String(value));
        try
        {
            return XElement.Parse(Encoding.UTF8.GetString(plaintext));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }
}
