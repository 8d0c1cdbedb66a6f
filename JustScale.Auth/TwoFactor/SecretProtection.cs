using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace JustScale.Auth;

/// <summary>Creates Data Protection protectors on the key ring of JustScale's secrets: the ring two-factor secrets use, in the store and encrypted at rest with <c>JustScale:Secrets:EncryptionKey</c>.</summary>
/// <remarks>
/// Provided by <see cref="AuthEndpointsFeature"/> with two-factor login. Other features that keep secrets in the store (signing
/// keys' private halves) protect them here rather than with a Data Protection setup of their own, so that one ring, with one
/// key-encryption key, holds every key: a second setup over the same table would write keys without the encryptor.
/// </remarks>
public sealed class SecretProtection
{
    private readonly IDataProtectionProvider _provider;
    private readonly IServiceProvider? _dataProtection;
    private readonly TimeProvider _time;

    internal SecretProtection(IDataProtectionProvider provider, IServiceProvider? dataProtection = null, TimeProvider? timeProvider = null)
    {
        _provider = provider;
        _dataProtection = dataProtection;
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Creates a protector for one purpose on the secrets' key ring.</summary>
    public IDataProtector CreateProtector(string purpose)
    {
        ArgumentException.ThrowIfNullOrEmpty(purpose);
        return _provider.CreateProtector(purpose);
    }

    /// <summary>Makes a new key of the ring, active now, the one new secrets are encrypted with; returns its id.</summary>
    /// <remarks>
    /// Earlier keys still decrypt what they protected, so nothing stored needs rewriting. The new key is stored where the ring
    /// lives (the store's <see cref="KeyRingEntry"/> rows, or the keys folder), encrypted with the current key-encryption
    /// key. This instance uses it at once; other instances when their key ring reloads (Data Protection reads it again about
    /// once a day, and at once when they meet a secret protected with a key they do not know).
    /// </remarks>
    /// <exception cref="System.Security.Cryptography.CryptographicException">The configured key-encryption keys cannot read the stored ring; nothing is written.</exception>
    /// <exception cref="InvalidOperationException">The ring was not made by two-factor login's setup (no key manager).</exception>
    public Guid RotateKey()
    {
        var keys = _dataProtection?.GetService<IKeyManager>()
            ?? throw new InvalidOperationException("This secret protection has no key manager to rotate (it was not made by AuthEndpointsFeature's two-factor setup).");
        // Read the ring first: keys the configured key-encryption keys cannot decrypt fail here, before a key is stored that
        // the instances (or this ring) could not read. Reading a key's descriptor decrypts it.
        var now = _time.GetUtcNow();
        foreach (var key in keys.GetAllKeys().Where(k => !k.IsRevoked && k.ExpirationDate > now))
        {
            _ = key.Descriptor;
        }

        var lifetime = _dataProtection.GetRequiredService<IOptions<KeyManagementOptions>>().Value.NewKeyLifetime;
        return keys.CreateNewKey(now, now + lifetime).KeyId;
    }
}
