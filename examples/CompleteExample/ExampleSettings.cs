using System.Globalization;
using JustScale.Auth;

namespace CompleteExample;

/// <summary>Reads the example's settings from its arguments and environment.</summary>
/// <param name="Port">The port to listen on (3000 unless --port or PORT says otherwise).</param>
/// <param name="UsePostgres">Whether a PostgreSQL connection is configured.</param>
/// <param name="SweepInterval">How often expired sessions are deleted.</param>
/// <param name="PostgresConnectionString">A connection string given directly; null reads the configuration.</param>
public sealed record ExampleSettings(int Port, bool UsePostgres, TimeSpan SweepInterval, string? PostgresConnectionString = null)
{
    /// <summary>Gets how long a login or registration waits for a free scrypt slot before it is answered 503; null keeps the default (3 s).</summary>
    /// <remarks>Set by in-process callers that need a burst absorbed rather than shed (docs/reliability.md explains the choice).</remarks>
    public TimeSpan? PasswordQueueWait { get; init; }

    /// <summary>Gets the login and register rate limits; null keeps AuthFeature's defaults (docs/security.md lists them).</summary>
    /// <remarks>Load tests that send many logins from one address turn them off with <see cref="AuthRateLimitOptions.Off"/>
    /// (or <c>--rate-limits off</c>, <c>AUTH_RATE_LIMITS=off</c>).</remarks>
    public AuthRateLimitOptions? RateLimits { get; init; }

    /// <summary>Gets whether login puts the session token in an httpOnly cookie instead of the JSON body; off by default.</summary>
    public bool SessionCookies { get; init; }

    /// <summary>The environment variables any of which selects PostgreSQL.</summary>
    public static readonly string[] PostgresVariables = ["ConnectionStrings__Postgres", "POSTGRES_URL", "DATABASE_URL"];

    /// <summary>Reads the settings; a malformed value stops the example with a clear message.</summary>
    public static ExampleSettings From(string[] args, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(environment);
        var port = Number(Argument(args, "--port") ?? environment("PORT"), "port", 3000, 0, 65535);
        var sweep = Number(Argument(args, "--sweep-seconds") ?? environment("SESSION_SWEEP_SECONDS"), "sweep interval", 300, 1, 86400);
        var postgres = PostgresVariables.Any(name => !string.IsNullOrWhiteSpace(environment(name)));
        return new ExampleSettings(port, postgres, TimeSpan.FromSeconds(sweep))
        {
            RateLimits = Switch(Argument(args, "--rate-limits") ?? environment("AUTH_RATE_LIMITS"), "rate limits", true) ? null : AuthRateLimitOptions.Off(),
            SessionCookies = args.Contains("--session-cookies") || Switch(environment("SESSION_COOKIES"), "session cookies", false),
        };
    }

    private static bool Switch(string? text, string what, bool fallback) => text?.Trim().ToLowerInvariant() switch
    {
        null or "" => fallback,
        "on" or "true" or "1" => true,
        "off" or "false" or "0" => false,
        _ => throw new ArgumentException($"The {what} setting must be on or off; got '{text}'."),
    };

    private static string? Argument(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }

    private static int Number(string? text, string what, int fallback, int min, int max)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw new ArgumentException($"The {what} must be a whole number from {min} to {max}; got '{text}'.");
    }
}
