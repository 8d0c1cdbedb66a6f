using Microsoft.AspNetCore.DataProtection;

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

    internal SecretProtection(IDataProtectionProvider provider) => _provider = provider;

    /// <summary>Creates a protector for one purpose on the secrets' key ring.</summary>
    public IDataProtector CreateProtector(string purpose)
    {
        ArgumentException.ThrowIfNullOrEmpty(purpose);
        return _provider.CreateProtector(purpose);
    }
}
