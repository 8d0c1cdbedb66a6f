using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;

namespace JustScale.Auth;

/// <summary>Encrypts each Data Protection key at rest with AES-256-GCM under the key-encryption key, which the database never holds.</summary>
/// <remarks>
/// Data Protection hands its encryptor the secret part of a key (the <c>&lt;masterKey&gt;</c> element) before the key is written
/// to the store; without one it stores the master key in plain text ("No XML encryptor configured"), and whoever reads
/// <c>data_protection_keys</c> can decrypt every TOTP secret (issue 25). The element written instead is
/// <c>&lt;encryptedKey kid="..."&gt;&lt;value&gt;base64(nonce | tag | ciphertext)&lt;/value&gt;&lt;/encryptedKey&gt;</c>, the key id
/// authenticated as associated data. Why our own encryptor rather than a certificate: docs/design/key-ring-encryption.md.
/// </remarks>
internal sealed class AesGcmXmlEncryptor(KeyEncryptionKeys keys) : IXmlEncryptor
{
    /// <summary>Gets the XML namespace of the encrypted element.</summary>
    public static readonly XNamespace Namespace = "https://justscale.dev/2026/data-protection/aes-gcm";

    private const int NonceSize = 12;
    private const int TagSize = 16;

    /// <inheritdoc />
    public EncryptedXmlInfo Encrypt(XElement plaintextElement)
    {
        ArgumentNullException.ThrowIfNull(plaintextElement);
        var plaintext = Encoding.UTF8.GetBytes(plaintextElement.ToString(SaveOptions.DisableFormatting));
        var output = new byte[NonceSize + TagSize + plaintext.Length];
        var nonce = output.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using (var aes = new AesGcm(keys.Current, TagSize))
        {
            aes.Encrypt(nonce, plaintext, output.AsSpan(NonceSize + TagSize), output.AsSpan(NonceSize, TagSize), AssociatedData(keys.CurrentId));
        }

        CryptographicOperations.ZeroMemory(plaintext);
        var element = new XElement(Namespace + "encryptedKey",
            new XAttribute("kid", keys.CurrentId),
            new XElement(Namespace + "value", Convert.ToBase64String(output)));
        return new EncryptedXmlInfo(element, typeof(AesGcmXmlDecryptor));
    }

    /// <summary>Returns what binds a ciphertext to its format and key id.</summary>
    internal static byte[] AssociatedData(string keyId) => Encoding.UTF8.GetBytes("JustScale.Auth.KeyRing.v1:" + keyId);

    /// <summary>Decrypts a value written by <see cref="Encrypt"/> with the given key.</summary>
    internal static byte[] Decrypt(byte[] key, string keyId, byte[] input)
    {
        if (input.Length < NonceSize + TagSize)
        {
            throw new CryptographicException("The encrypted Data Protection key is truncated.");
        }

        var plaintext = new byte[input.Length - NonceSize - TagSize];
        using var aes = new AesGcm(key, TagSize);
        aes.Decrypt(input.AsSpan(0, NonceSize), input.AsSpan(NonceSize + TagSize), input.AsSpan(NonceSize, TagSize), plaintext, AssociatedData(keyId));
        return plaintext;
    }
}
