using Microsoft.AspNetCore.DataProtection;

namespace JustScale.Auth;

/// <summary>Configures two-factor login (TOTP and recovery codes) of <see cref="AuthEndpointsFeature"/>: the issuer apps show, ticket limits and where the encryption keys live.</summary>
public sealed class TwoFactorOptions
{
    /// <summary>Gets or sets the issuer authenticator apps show beside the email; <c>JustScale</c> by default.</summary>
    public string Issuer { get; set; } = "JustScale";

    /// <summary>Gets or sets how long a ticket from the password step lasts; 5 minutes by default.</summary>
    public TimeSpan TicketTtl { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Gets or sets how many codes one ticket may try before it dies; 5 by default.</summary>
    public int MaxTicketAttempts { get; set; } = 5;

    /// <summary>Gets or sets how many wrong codes in a row lock two-factor login until a password reset (default 100, NIST SP 800-63B's bound).</summary>
    /// <remarks>Before that, past <see cref="AuthRateLimitOptions.TwoFactorFailuresPerUser"/>, each attempt waits an exponential back-off.</remarks>
    public int MaxConsecutiveFailures { get; set; } = 100;

    /// <summary>Gets or sets how many recovery codes enabling makes; 10 by default.</summary>
    public int RecoveryCodeCount { get; set; } = 10;

    /// <summary>Gets or sets a folder for the Data Protection keys that encrypt the secrets; null (the default) keeps them in
    /// the store, through a repository of <see cref="KeyRingEntry"/> the cluster must then provide.</summary>
    public DirectoryInfo? KeysDirectory { get; set; }

    /// <summary>Gets or sets the key-encryption key (32 bytes) that encrypts the Data Protection key ring at rest with AES-256-GCM;
    /// from <c>JustScale:Secrets:EncryptionKey</c> (base64, environment <c>JustScale__Secrets__EncryptionKey</c>) in the example.</summary>
    /// <remarks>
    /// Keep it outside the database (a secret store, an environment variable): whoever reads the key ring without it cannot
    /// decrypt the TOTP secrets. With the keys in the store (no <see cref="KeysDirectory"/>), one of this,
    /// <see cref="DevelopmentKeyFile"/> or an encryptor of <see cref="ConfigureDataProtection"/> (a certificate) is required:
    /// otherwise the start fails naming the setting. Every instance sharing the key ring needs the same key.
    /// </remarks>
    public byte[]? KeyEncryptionKey { get; set; }

    /// <summary>Gets earlier key-encryption keys, which still decrypt the keys they encrypted (rotation); new keys use <see cref="KeyEncryptionKey"/>.</summary>
    public IList<byte[]> PreviousKeyEncryptionKeys { get; } = [];

    /// <summary>Gets or sets a file that holds a generated key-encryption key when <see cref="KeyEncryptionKey"/> is not set (development only), or null.</summary>
    /// <remarks>Created on first use (mode 600) and read afterwards, outside the database; a warning is logged at each start.
    /// Instances on one machine share it; instances on several need <see cref="KeyEncryptionKey"/>.</remarks>
    public FileInfo? DevelopmentKeyFile { get; set; }

    /// <summary>Gets or sets the Data Protection application name: instances that share keys must share it; <c>JustScale.Auth</c> by default.</summary>
    public string ApplicationName { get; set; } = "JustScale.Auth";

    /// <summary>Gets or sets a callback that adjusts the private Data Protection setup (<c>ProtectKeysWithCertificate</c>, key lifetime), or null.</summary>
    public Action<IDataProtectionBuilder>? ConfigureDataProtection { get; set; }

    internal void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(Issuer, nameof(Issuer));
        if (Issuer.Contains(':', StringComparison.Ordinal))
        {
            throw new ArgumentException("The issuer must not contain ':' (it separates issuer and account in the otpauth label).", nameof(Issuer));
        }

        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(TicketTtl, TimeSpan.Zero, nameof(TicketTtl));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxTicketAttempts, 1, nameof(MaxTicketAttempts));
        ArgumentOutOfRangeException.ThrowIfLessThan(RecoveryCodeCount, 1, nameof(RecoveryCodeCount));
        ArgumentException.ThrowIfNullOrWhiteSpace(ApplicationName, nameof(ApplicationName));
    }
}
