using System.Security.Cryptography;

namespace JustScale.Auth;

/// <summary>Holds the key-encryption keys of the Data Protection key ring: the current one, which encrypts, and earlier ones, which still decrypt.</summary>
/// <remarks>Each key is named by an id (the first 8 bytes of its SHA-256, hex) written beside what it encrypted, so a key ring
/// written under an earlier key is read while that key is listed (rotation: docs/design/key-ring-encryption.md).</remarks>
internal sealed class KeyEncryptionKeys
{
    /// <summary>Gets the size of a key in bytes (AES-256).</summary>
    public const int KeySize = 32;

    private readonly Dictionary<string, byte[]> _byId = new(StringComparer.Ordinal);

    public KeyEncryptionKeys(byte[] current, IEnumerable<byte[]> previous)
    {
        CurrentId = Add(current);
        Current = current;
        foreach (var key in previous)
        {
            Add(key);
        }
    }

    /// <summary>Gets the key that encrypts new keys.</summary>
    public byte[] Current { get; }

    /// <summary>Gets the id of <see cref="Current"/>.</summary>
    public string CurrentId { get; }

    /// <summary>Returns the key with an id, or null when none is configured.</summary>
    public byte[]? Find(string id) => _byId.GetValueOrDefault(id);

    /// <summary>Returns the id of a key.</summary>
    public static string IdOf(byte[] key) => Convert.ToHexStringLower(SHA256.HashData(key).AsSpan(0, 8));

    private string Add(byte[] key)
    {
        if (key.Length != KeySize)
        {
            throw new ArgumentException($"A key-encryption key has {KeySize} bytes (base64 of 32 random bytes: openssl rand -base64 32); this one has {key.Length}.", nameof(key));
        }

        var id = IdOf(key);
        _byId.TryAdd(id, key);
        return id;
    }
}
