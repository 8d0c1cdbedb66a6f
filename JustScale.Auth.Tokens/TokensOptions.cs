using Microsoft.AspNetCore.DataProtection;

namespace JustScale.Auth.Tokens;

/// <summary>Configures <see cref="TokensFeature"/>: access tokens, their signing keys, API keys and the routes.</summary>
public sealed class TokensOptions
{
    /// <summary>Gets the longest lifetime an access token may have: 15 minutes.</summary>
    public static readonly TimeSpan MaxAccessTokenLifetime = TimeSpan.FromMinutes(15);

    /// <summary>Gets or sets the issuer (<c>iss</c>) of the access tokens; other services check it.</summary>
    public string Issuer { get; set; } = "justscale";

    /// <summary>Gets or sets the audience (<c>aud</c>) of the access tokens; other services check it.</summary>
    public string Audience { get; set; } = "justscale";

    /// <summary>Gets or sets how long an access token lives; 15 minutes by default, and at most.</summary>
    public TimeSpan AccessTokenLifetime { get; set; } = MaxAccessTokenLifetime;

    /// <summary>Gets or sets how long one signing key signs before a new one takes over; 7 days by default.</summary>
    /// <remarks>A retired key stays in the JWKS until the last token it signed has expired.</remarks>
    public TimeSpan KeyRotation { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Gets or sets the path of the route that issues access tokens (<c>POST</c>, authenticated).</summary>
    public string TokenPath { get; set; } = "/auth/token";

    /// <summary>Gets or sets the path of the public key set (<c>GET</c>).</summary>
    public string JwksPath { get; set; } = "/.well-known/jwks.json";

    /// <summary>Gets or sets the path of the API key routes (<c>POST</c>, <c>GET</c>, <c>DELETE /:id</c>, with a session).</summary>
    public string ApiKeysPath { get; set; } = "/account/api-keys";

    /// <summary>Gets or sets the prefix every API key starts with, so that scanners and people recognise one.</summary>
    public string ApiKeyPrefix { get; set; } = "jsk_";

    /// <summary>Gets or sets how many requests one API key may make per minute on this instance; 600 by default.</summary>
    public int ApiKeyPermitsPerMinute { get; set; } = 600;

    /// <summary>Gets or sets the most API keys one user may hold; 25 by default.</summary>
    public int MaxApiKeysPerUser { get; set; } = 25;

    /// <summary>Gets or sets the folder of the Data Protection keys that encrypt the signing keys, when the cluster has no repository of <see cref="KeyRingEntry"/>.</summary>
    /// <remarks>With two-factor login (<see cref="SecretProtection"/>) the ring is the secrets' own, encrypted at rest, and this
    /// folder and <see cref="ConfigureDataProtection"/> are not used; otherwise, with a repository of <see cref="KeyRingEntry"/>
    /// (PostgreSQL) the store's ring; with neither, an ephemeral ring (the signing keys are then replaced at each start).</remarks>
    public DirectoryInfo? KeysDirectory { get; set; }

    /// <summary>Gets or sets the Data Protection application name; the same as two-factor login's, so both use one key ring.</summary>
    public string ApplicationName { get; set; } = "JustScale.Auth";

    /// <summary>Gets or sets a callback that adjusts the Data Protection setup (<c>ProtectKeysWithCertificate</c>).</summary>
    public Action<IDataProtectionBuilder>? ConfigureDataProtection { get; set; }

    /// <summary>Gets or sets whether the ASP.NET Core authentication scheme "JustScale" is registered (and made the default); true by default.</summary>
    public bool AddAuthenticationScheme { get; set; } = true;

    /// <summary>Checks the options.</summary>
    /// <exception cref="ArgumentException">A value is out of range.</exception>
    public void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(Issuer, nameof(Issuer));
        ArgumentException.ThrowIfNullOrWhiteSpace(Audience, nameof(Audience));
        ArgumentException.ThrowIfNullOrWhiteSpace(ApiKeyPrefix, nameof(ApiKeyPrefix));
        ArgumentException.ThrowIfNullOrWhiteSpace(ApplicationName, nameof(ApplicationName));
        ArgumentOutOfRangeException.ThrowIfLessThan(AccessTokenLifetime, TimeSpan.FromSeconds(10), nameof(AccessTokenLifetime));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(AccessTokenLifetime, MaxAccessTokenLifetime, nameof(AccessTokenLifetime));
        ArgumentOutOfRangeException.ThrowIfLessThan(KeyRotation, TimeSpan.FromMinutes(1), nameof(KeyRotation));
        ArgumentOutOfRangeException.ThrowIfLessThan(ApiKeyPermitsPerMinute, 1, nameof(ApiKeyPermitsPerMinute));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxApiKeysPerUser, 1, nameof(MaxApiKeysPerUser));
    }
}
