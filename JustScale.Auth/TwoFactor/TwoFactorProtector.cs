using JustScale.Core;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.AspNetCore.DataProtection.KeyManagement;

namespace JustScale.Auth;

/// <summary>Encrypts and decrypts TOTP secrets with ASP.NET Core Data Protection, keys in the store or in a folder.</summary>
/// <remarks>
/// A Data Protection setup of its own, not the host's: the host may use Data Protection for its cookies with other keys and
/// settings, and <c>AddDataProtection</c> in the shared container would change them. The secrets' keys stay with the secrets.
/// </remarks>
internal sealed class TwoFactorProtector : IDisposable
{
    private const string Purpose = "JustScale.Auth.TwoFactor.Secret.v1";
    private readonly ServiceProvider _services;
    private readonly IDataProtector _protector;

    private TwoFactorProtector(ServiceProvider services)
    {
        _services = services;
        _protector = services.GetRequiredService<IDataProtectionProvider>().CreateProtector(Purpose);
    }

    /// <summary>Builds the protector: keys in <see cref="TwoFactorOptions.KeysDirectory"/>, or in the store through <paramref name="keys"/>.</summary>
    public static TwoFactorProtector Create(TwoFactorOptions options, IRepository<KeyRingEntry>? keys, ILoggerFactory? loggers)
    {
        var services = new ServiceCollection();
        services.AddSingleton(loggers ?? NullLoggerFactory.Instance);
        services.TryAdd(ServiceDescriptor.Singleton(typeof(ILogger<>), typeof(Logger<>)));
        var dataProtection = services.AddDataProtection().SetApplicationName(options.ApplicationName);
        if (options.KeysDirectory is { } folder)
        {
            dataProtection.PersistKeysToFileSystem(folder);
        }
        else
        {
            var store = new DataProtectionKeyStore(keys ?? throw new InvalidOperationException(
                "Two-factor login keeps its keys in the store: add a repository for KeyRingEntry, or set TwoFactorOptions.KeysDirectory."));
            dataProtection.AddKeyManagementOptions(o => o.XmlRepository = store);
        }

        options.ConfigureDataProtection?.Invoke(dataProtection);
        var logger = (loggers ?? NullLoggerFactory.Instance).CreateLogger("JustScale.Auth.TwoFactor");
        if (KeyEncryptionKeyOf(options, logger) is { } key)
        {
            var ring = new KeyEncryptionKeys(key, options.PreviousKeyEncryptionKeys);
            services.AddSingleton(ring);
            dataProtection.AddKeyManagementOptions(o => o.XmlEncryptor = new AesGcmXmlEncryptor(ring));
        }
        else if (options.PreviousKeyEncryptionKeys.Count > 0)
        {
            throw new ArgumentException("PreviousKeyEncryptionKeys need a current KeyEncryptionKey.", nameof(options));
        }

        var provider = services.BuildServiceProvider();
        if (options.KeysDirectory is null && provider.GetRequiredService<IOptions<KeyManagementOptions>>().Value.XmlEncryptor is null)
        {
            provider.Dispose();
            throw new JustScaleException(
                "Two-factor login keeps its Data Protection keys in the database, which must not hold the key that decrypts them: "
                + "set JustScale:Secrets:EncryptionKey (environment JustScale__Secrets__EncryptionKey) to base64 of 32 random bytes "
                + "(openssl rand -base64 32), or TwoFactorOptions.KeyEncryptionKey, or protect the keys with a certificate in ConfigureDataProtection.");
        }

        return new TwoFactorProtector(provider);
    }

    /// <summary>Returns the configured key-encryption key, or the development file's (made on first use), or null.</summary>
    private static byte[]? KeyEncryptionKeyOf(TwoFactorOptions options, ILogger logger)
    {
        if (options.KeyEncryptionKey is { } key)
        {
            return key;
        }

        if (options.DevelopmentKeyFile is not { } file)
        {
            return null;
        }

        var generated = DevelopmentKeyFiles.ReadOrCreate(file);
        TwoFactorLog.DevelopmentKeyFile(logger, file.FullName);
        return generated;
    }

    /// <summary>Gets the private Data Protection provider, for <see cref="SecretProtection"/>.</summary>
    public IDataProtectionProvider Provider => _services.GetRequiredService<IDataProtectionProvider>();

    /// <summary>Gets the private Data Protection services (the key manager, for <see cref="SecretProtection.RotateKey"/>).</summary>
    public IServiceProvider Services => _services;

    /// <summary>Returns the secret encrypted and authenticated, as base64.</summary>
    public string Protect(byte[] secret) => Convert.ToBase64String(_protector.Protect(secret));

    /// <summary>Returns the secret of a stored value.</summary>
    public byte[] Unprotect(string stored) => _protector.Unprotect(Convert.FromBase64String(stored));

    /// <summary>Disposes the private Data Protection services.</summary>
    public void Dispose() => _services.Dispose();
}
