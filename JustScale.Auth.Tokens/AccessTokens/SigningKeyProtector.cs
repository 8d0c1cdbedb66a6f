using JustScale.Core;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace JustScale.Auth.Tokens;

/// <summary>Encrypts the signing keys' private halves with ASP.NET Core Data Protection: the secrets' key ring (<see cref="SecretProtection"/>,
/// the one two-factor secrets use, encrypted at rest), else a folder, the store's ring, or an ephemeral ring.</summary>
/// <remarks>Without two-factor login's ring, a Data Protection setup of its own: the host's cookie keys and settings stay untouched.</remarks>
internal sealed class SigningKeyProtector : IDisposable
{
    private const string Purpose = "JustScale.Auth.Tokens.SigningKey.v1";
    private readonly ServiceProvider _services;
    private readonly IDataProtector _protector;

    public SigningKeyProtector(
        TokensOptions options, IEnumerable<IRepository<KeyRingEntry>> keys, IEnumerable<SecretProtection> secrets, ILoggerFactory? loggers = null)
    {
        var services = new ServiceCollection();
        if (secrets.FirstOrDefault() is { } ring)
        {
            _services = services.BuildServiceProvider();
            _protector = ring.CreateProtector(Purpose);
            return;
        }

        services.AddSingleton(loggers ?? NullLoggerFactory.Instance);
        services.TryAdd(ServiceDescriptor.Singleton(typeof(ILogger<>), typeof(Logger<>)));
        var dataProtection = services.AddDataProtection().SetApplicationName(options.ApplicationName);
        if (keys.FirstOrDefault() is { } store)
        {
            var xml = new DataProtectionKeyStore(store);
            dataProtection.AddKeyManagementOptions(o => o.XmlRepository = xml);
        }
        else if (options.KeysDirectory is { } folder)
        {
            dataProtection.PersistKeysToFileSystem(folder);
        }
        else
        {
            services.AddSingleton<IDataProtectionProvider>(new EphemeralDataProtectionProvider());
        }

        options.ConfigureDataProtection?.Invoke(dataProtection);
        _services = services.BuildServiceProvider();
        _protector = _services.GetRequiredService<IDataProtectionProvider>().CreateProtector(Purpose);
    }

    public string Protect(byte[] secret) => Convert.ToBase64String(_protector.Protect(secret));

    public byte[] Unprotect(string stored) => _protector.Unprotect(Convert.FromBase64String(stored));

    public void Dispose() => _services.Dispose();
}
