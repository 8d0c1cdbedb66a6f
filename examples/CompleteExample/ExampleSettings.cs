using System.Globalization;
using JustScale.Auth;
using Microsoft.Extensions.Configuration;

namespace CompleteExample;

/// <summary>Holds the example's settings, read from configuration: appsettings.json, environment, command line.</summary>
/// <param name="Port">The port to listen on; null lets ASPNETCORE_URLS, --urls or Kestrel configuration decide (3000 when none does).</param>
/// <param name="UsePostgres">Whether a PostgreSQL connection is configured.</param>
/// <param name="SweepInterval">How often expired sessions are deleted; null keeps <c>JustScale:Auth:SweepInterval</c>.</param>
/// <param name="PostgresConnectionString">A connection string given directly; null reads the configuration.</param>
public sealed record ExampleSettings(int? Port, bool UsePostgres, TimeSpan? SweepInterval, string? PostgresConnectionString = null)
{
    /// <summary>Gets how long a login or registration waits for a free scrypt slot before it is answered 503; null keeps the configured one (3 s).</summary>
    /// <remarks>Set by in-process callers that need a burst absorbed rather than shed (docs/reliability.md explains the choice).</remarks>
    public TimeSpan? PasswordQueueWait { get; init; }

    /// <summary>Gets the login and register rate limits; null keeps the configured ones (docs/security.md lists the defaults).</summary>
    /// <remarks>Load tests that send many logins from one address turn them off with <see cref="AuthRateLimitOptions.Off"/>
    /// (or <c>--rate-limits off</c>, <c>AUTH_RATE_LIMITS=off</c>, <c>JustScale__Auth__RateLimits=off</c>).</remarks>
    public AuthRateLimitOptions? RateLimits { get; init; }

    /// <summary>Gets the rate limit key secret, base64 of at least 32 random bytes (<c>JustScale:RateLimits:Secret</c>, <c>JustScale__RateLimits__Secret</c>), or null to let the PostgreSQL store generate one per database.</summary>
    /// <remarks>Every instance on one database must share it. Keep it out of appsettings.json in production (environment or a secret store).</remarks>
    public string? RateLimitSecret { get; init; }

    /// <summary>Gets whether login puts the session token in an httpOnly cookie instead of the JSON body; off by default.</summary>
    public bool SessionCookies { get; init; }

    /// <summary>Gets whether the process gives memory back when it goes idle after a busy period (<c>JustScale:IdleMemoryTrim</c>,
    /// <c>JustScale__IdleMemoryTrim=off</c>); on by default (see IdleMemoryTrimmer).</summary>
    public bool IdleMemoryTrim { get; init; } = true;

    /// <summary>Gets the origins allowed to call the API from a browser (<c>Cors:Origins</c>); none means no CORS headers.</summary>
    public IReadOnlyList<string> CorsOrigins { get; init; } = [];

    /// <summary>Gets the folder the account mails are written to as .eml files (<c>Mail:Outbox</c>, <c>MAIL_OUTBOX</c>), or null to only log them.</summary>
    public string? MailOutbox { get; init; }

    /// <summary>Gets the public address the mailed links start with (<c>App:PublicUrl</c>); http://localhost:3000 by default.</summary>
    public Uri PublicUrl { get; init; } = new("http://localhost:3000");

    /// <summary>Gets the folder of the Data Protection keys that encrypt the TOTP secrets on the in-memory store (<c>DataProtection:KeysFolder</c>,
    /// <c>DATA_PROTECTION_KEYS</c>); a folder in the temporary directory by default. On PostgreSQL the keys live in the database.</summary>
    public DirectoryInfo DataProtectionKeysFolder { get; init; } = new(Path.Combine(Path.GetTempPath(), "justscale-complete-example-keys"));

    /// <summary>Gets the key-encryption key of the Data Protection key ring (<c>JustScale:Secrets:EncryptionKey</c>, environment
    /// <c>JustScale__Secrets__EncryptionKey</c>: base64 of 32 random bytes), or null.</summary>
    /// <remarks>Required on PostgreSQL in Production, where the key ring lives in the database: without it the start fails.
    /// Elsewhere a generated key is kept in <see cref="DevelopmentKeyFile"/>, outside the database, with a warning.</remarks>
    public byte[]? SecretsEncryptionKey { get; init; }

    /// <summary>Gets the earlier key-encryption keys (<c>JustScale:Secrets:PreviousEncryptionKeys</c>, base64 separated by commas), kept while a rotation completes.</summary>
    public IReadOnlyList<byte[]> PreviousSecretsEncryptionKeys { get; init; } = [];

    /// <summary>Gets whether the host runs in the Production environment, named explicitly (<c>ASPNETCORE_ENVIRONMENT</c>,
    /// <c>DOTNET_ENVIRONMENT</c> or <c>--environment</c>).</summary>
    public bool IsProduction { get; init; }

    /// <summary>Gets the file that holds the generated development key-encryption key: under the user's profile, outside the database.</summary>
    public FileInfo DevelopmentKeyFile { get; init; } = new(Path.Combine(
        Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".justscale", "complete-example", "secrets-encryption.key"));

    /// <summary>Gets the <c>JustScale:Auth</c> section bound to AuthOptions, or null for the defaults.</summary>
    public IConfiguration? Auth { get; init; }

    /// <summary>The configuration keys any of which selects PostgreSQL (environment: <c>ConnectionStrings__Postgres</c>).</summary>
    public static readonly string[] PostgresKeys = ["ConnectionStrings:Postgres", "POSTGRES_URL", "DATABASE_URL"];

    /// <summary>Reads the settings; a malformed value stops the example with a clear message.</summary>
    /// <remarks>Besides appsettings.json: <c>--port N</c> or <c>PORT</c>, <c>--sweep-seconds N</c> or <c>SESSION_SWEEP_SECONDS</c>,
    /// <c>--rate-limits on|off</c> or <c>AUTH_RATE_LIMITS</c>, <c>--session-cookies</c> or <c>SESSION_COOKIES=on</c>.</remarks>
    public static ExampleSettings From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var port = configuration["port"];
        var sweep = configuration["sweep-seconds"] ?? configuration["SESSION_SWEEP_SECONDS"];
        var rateLimits = configuration["rate-limits"] ?? configuration["AUTH_RATE_LIMITS"];
        return new ExampleSettings(
            string.IsNullOrWhiteSpace(port) ? null : Number(port, "port", 0, 65535),
            PostgresKeys.Any(key => !string.IsNullOrWhiteSpace(configuration[key])),
            string.IsNullOrWhiteSpace(sweep) ? null : TimeSpan.FromSeconds(Number(sweep, "sweep interval", 1, 86400)))
        {
            RateLimits = Switch(rateLimits, "rate limits", true) ? null : AuthRateLimitOptions.Off(),
            SessionCookies = Switch(configuration["session-cookies"] ?? configuration["SESSION_COOKIES"], "session cookies", false),
            IdleMemoryTrim = Switch(configuration["JustScale:IdleMemoryTrim"], "idle memory trim", true),
            CorsOrigins = [.. configuration.GetSection("Cors:Origins").GetChildren().Select(c => c.Value).OfType<string>().Where(o => o.Length > 0)],
            Auth = configuration.GetSection("JustScale:Auth"),
            RateLimitSecret = Text(configuration["JustScale:RateLimits:Secret"]),
            MailOutbox = Text(configuration["Mail:Outbox"]) ?? Text(configuration["MAIL_OUTBOX"]),
            DataProtectionKeysFolder = (Text(configuration["DataProtection:KeysFolder"]) ?? Text(configuration["DATA_PROTECTION_KEYS"])) is { } keys
                ? new DirectoryInfo(keys)
                : new DirectoryInfo(Path.Combine(Path.GetTempPath(), "justscale-complete-example-keys")),
            SecretsEncryptionKey = Text(configuration["JustScale:Secrets:EncryptionKey"]) is { } secret ? Key(secret, "JustScale:Secrets:EncryptionKey") : null,
            PreviousSecretsEncryptionKeys = Text(configuration["JustScale:Secrets:PreviousEncryptionKeys"]) is { } previous
                ? [.. previous.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(k => Key(k, "JustScale:Secrets:PreviousEncryptionKeys"))]
                : [],
            IsProduction = string.Equals(Text(configuration["environment"])?.Trim(), "Production", StringComparison.OrdinalIgnoreCase),
            PublicUrl = Text(configuration["App:PublicUrl"]) is { } url
                ? (Uri.TryCreate(url, UriKind.Absolute, out var parsed) ? parsed : throw new ArgumentException($"App:PublicUrl must be an absolute URL; got '{url}'."))
                : new Uri("http://localhost:3000"),
        };
    }

    /// <summary>Turns the bare switch <c>--session-cookies</c> into <c>--session-cookies=on</c>, so the command-line configuration does not take the next argument as its value.</summary>
    public static string[] NormalizeArguments(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        return [.. args.Select(a => a == "--session-cookies" ? "--session-cookies=on" : a)];
    }

    private static byte[] Key(string base64, string setting)
    {
        byte[] key;
        try
        {
            key = Convert.FromBase64String(base64.Trim());
        }
        catch (FormatException)
        {
            throw new ArgumentException($"{setting} must be base64 of 32 random bytes (openssl rand -base64 32); it is not base64.");
        }

        return key.Length == 32 ? key : throw new ArgumentException($"{setting} must be base64 of 32 random bytes (openssl rand -base64 32); it has {key.Length} bytes.");
    }

    private static string? Text(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    private static bool Switch(string? text, string what, bool fallback) => text?.Trim().ToLowerInvariant() switch
    {
        null or "" => fallback,
        "on" or "true" or "1" => true,
        "off" or "false" or "0" => false,
        _ => throw new ArgumentException($"The {what} setting must be on or off; got '{text}'."),
    };

    private static int Number(string text, string what, int min, int max) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw new ArgumentException($"The {what} must be a whole number from {min} to {max}; got '{text}'.");
}
