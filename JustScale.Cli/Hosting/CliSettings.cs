using Microsoft.Extensions.Configuration;

namespace JustScale.Cli;

/// <summary>Reads what the tool needs from the command line and configuration, with the complete example's names.</summary>
/// <param name="ConnectionString">The PostgreSQL connection string.</param>
/// <param name="Auth">The <c>JustScale:Auth</c> section (password policy, admins), bound as the app binds it.</param>
/// <param name="EncryptionKey">The secrets' key-encryption key (<c>JustScale:Secrets:EncryptionKey</c>), or null.</param>
/// <param name="PreviousEncryptionKeys">The earlier key-encryption keys (<c>JustScale:Secrets:PreviousEncryptionKeys</c>).</param>
internal sealed record CliSettings(string ConnectionString, IConfigurationSection Auth, byte[]? EncryptionKey, IReadOnlyList<byte[]> PreviousEncryptionKeys)
{
    /// <summary>The configuration keys searched for the connection, in order (environment: <c>ConnectionStrings__Postgres</c>).</summary>
    public static readonly string[] ConnectionKeys = ["ConnectionStrings:Postgres", "POSTGRES_URL", "DATABASE_URL"];

    /// <summary>Reads the settings; <paramref name="connection"/> (<c>--connection</c>) wins over configuration.</summary>
    /// <exception cref="CliException">No connection string is given (usage), or a key is malformed.</exception>
    public static CliSettings From(IConfiguration configuration, string? connection)
    {
        var connectionString = Text(connection) ?? ConnectionKeys.Select(key => Text(configuration[key])).FirstOrDefault(value => value is not null)
            ?? throw CliException.Usage("No database: pass --connection \"Host=...;Username=...;Password=...;Database=...\" or set ConnectionStrings__Postgres (or POSTGRES_URL, DATABASE_URL).");
        var previous = Text(configuration["JustScale:Secrets:PreviousEncryptionKeys"]) is { } list
            ? list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(k => Key(k, "JustScale:Secrets:PreviousEncryptionKeys")).ToList()
            : [];
        return new CliSettings(
            connectionString,
            configuration.GetSection("JustScale:Auth"),
            Text(configuration["JustScale:Secrets:EncryptionKey"]) is { } key ? Key(key, "JustScale:Secrets:EncryptionKey") : null,
            previous);
    }

    private static byte[] Key(string base64, string setting)
    {
        try
        {
            var key = Convert.FromBase64String(base64.Trim());
            return key.Length == 32 ? key : throw new CliException($"{setting} must be base64 of 32 random bytes; it has {key.Length} bytes.");
        }
        catch (FormatException)
        {
            throw new CliException($"{setting} must be base64 of 32 random bytes (openssl rand -base64 32); it is not base64.");
        }
    }

    private static string? Text(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
