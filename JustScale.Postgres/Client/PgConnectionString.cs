using System.Globalization;
using Microsoft.Extensions.Configuration;
using JustScale.Core;
using Npgsql;

namespace JustScale.Postgres;

/// <summary>Finds the connection string in configuration and turns <c>postgres://</c> URLs into Npgsql form.</summary>
internal static class PgConnectionString
{
    /// <summary>Names the configuration keys searched, in order.</summary>
    public static readonly string[] Keys = ["ConnectionStrings:Postgres", "POSTGRES_URL", "DATABASE_URL"];

    /// <summary>Returns the first connection string configured, in Npgsql form; throws naming every place searched when none is.</summary>
    public static string Resolve(string? given, IConfiguration? configuration)
    {
        if (!string.IsNullOrWhiteSpace(given))
        {
            return Normalize(given);
        }

        foreach (var key in Keys)
        {
            if (configuration?[key] is { Length: > 0 } value && !string.IsNullOrWhiteSpace(value))
            {
                return Normalize(value);
            }
        }

        throw new JustScaleException(
            "PostgresClient has no connection string. Set one of: ConnectionStrings:Postgres (environment variable " +
            "ConnectionStrings__Postgres, e.g. \"Host=localhost;Username=app;Password=...;Database=app\"), POSTGRES_URL or " +
            "DATABASE_URL (e.g. postgres://app:secret@localhost:5432/app?sslmode=require); or pass it: new PostgresClient(\"...\").");
    }

    /// <summary>Returns an Npgsql connection string: URLs are converted, keyword strings are checked and kept.</summary>
    public static string Normalize(string value)
    {
        var text = value.Trim();
        if (text.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) || text.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase))
        {
            return FromUrl(text);
        }

        try
        {
            return new NpgsqlConnectionStringBuilder(text).ConnectionString;
        }
        catch (ArgumentException ex)
        {
            throw new ArgumentException($"The PostgreSQL connection string is not valid: {ex.Message}", nameof(value));
        }
    }

    /// <summary>Returns the connection string with JustScale's defaults for the settings it does not give.</summary>
    public static string WithDefaults(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!SetsAutoPrepare(connectionString))
        {
            builder.MaxAutoPrepare = PostgresClient.DefaultMaxAutoPrepare;
        }

        return builder.ConnectionString;
    }

    /// <summary>Returns the connection string of the pool JustScale's own statements use: Npgsql's reset before each reuse of a
    /// pooled connection turned off (No Reset On Close), unless the connection string sets it itself or turns pooling off.</summary>
    public static string WithoutReset(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!builder.Pooling || Sets(connectionString, "NoResetOnClose"))
        {
            return connectionString;
        }

        builder.NoResetOnClose = true;
        return builder.ConnectionString;
    }

    /// <summary>Tells whether a connection string sets Max Auto Prepare itself (in any spelling Npgsql accepts).</summary>
    public static bool SetsAutoPrepare(string connectionString) => Sets(connectionString, "MaxAutoPrepare");

    private static bool Sets(string connectionString, string keyWithoutSpaces)
    {
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        return given.Keys.Cast<string>()
            .Any(key => string.Equals(key.Replace(" ", "", StringComparison.Ordinal), keyWithoutSpaces, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Describes where a connection string points (host, port, database), never its password.</summary>
    public static string Describe(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        return string.Create(CultureInfo.InvariantCulture, $"{builder.Host}:{builder.Port}/{builder.Database}");
    }

    private static string FromUrl(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
        {
            // The URL is not echoed back: it may contain a password.
            throw new ArgumentException("The PostgreSQL URL is not valid; expected postgres://user:password@host:port/database?sslmode=...", nameof(url));
        }

        var builder = new NpgsqlConnectionStringBuilder { Host = uri.Host.Trim('[', ']') };
        if (uri.Port > 0)
        {
            builder.Port = uri.Port;
        }

        if (uri.UserInfo.Length > 0)
        {
            var colon = uri.UserInfo.IndexOf(':', StringComparison.Ordinal);
            builder.Username = Uri.UnescapeDataString(colon < 0 ? uri.UserInfo : uri.UserInfo[..colon]);
            if (colon >= 0)
            {
                builder.Password = Uri.UnescapeDataString(uri.UserInfo[(colon + 1)..]);
            }
        }

        var database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
        if (database.Length > 0)
        {
            builder.Database = database;
        }

        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var key = Uri.UnescapeDataString(equals < 0 ? pair : pair[..equals]);
            var value = equals < 0 ? "" : Uri.UnescapeDataString(pair[(equals + 1)..]);
            ApplyParameter(builder, key, value);
        }

        return builder.ConnectionString;
    }

    private static void ApplyParameter(NpgsqlConnectionStringBuilder builder, string key, string value)
    {
        switch (key.ToLowerInvariant())
        {
            case "sslmode":
                builder.SslMode = value.ToLowerInvariant() switch
                {
                    "disable" => SslMode.Disable,
                    "allow" => SslMode.Allow,
                    "prefer" => SslMode.Prefer,
                    "require" => SslMode.Require,
                    "verify-ca" => SslMode.VerifyCA,
                    "verify-full" => SslMode.VerifyFull,
                    _ => throw new ArgumentException($"Unknown sslmode '{value}' in the PostgreSQL URL.", nameof(value)),
                };
                break;
            case "sslrootcert":
                builder.RootCertificate = value;
                break;
            case "connect_timeout":
                builder.Timeout = int.Parse(value, CultureInfo.InvariantCulture);
                break;
            case "application_name":
                builder.ApplicationName = value;
                break;
            case "options":
                builder.Options = value;
                break;
            default:
                try
                {
                    builder[key] = value;
                }
                catch (ArgumentException)
                {
                    throw new ArgumentException($"Unknown parameter '{key}' in the PostgreSQL URL.", nameof(key));
                }

                break;
        }
    }
}
