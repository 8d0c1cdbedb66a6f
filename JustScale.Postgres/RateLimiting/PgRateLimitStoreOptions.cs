namespace JustScale.Postgres;

/// <summary>Configures <see cref="PgRateLimitStore"/>: its table, the key secret, how many connections it may use, whether the start creates the table, and how often old counters are purged.</summary>
public sealed class PgRateLimitStoreOptions
{
    /// <summary>The fewest bytes a configured <see cref="Secret"/> may have.</summary>
    public const int MinimumSecretLength = 32;

    /// <summary>Gets or sets the table's name (a plain lower-case identifier); <c>rate_limits</c> by default.</summary>
    /// <remarks>The generated secret, when <see cref="Secret"/> is not set, lives beside it in <c>{Table}_secret</c>.</remarks>
    public string Table { get; set; } = "rate_limits";

    /// <summary>Gets or sets the server secret that keys are HMAC-SHA256'd with before they are stored, or null to generate one per database.</summary>
    /// <remarks>
    /// At least <see cref="MinimumSecretLength"/> bytes from a CSPRNG; every instance on one database must use the same
    /// secret, or they count the same key apart. Without it the store generates a random secret once and keeps it in
    /// <c>{Table}_secret</c>, where every instance finds it: this still defeats precomputed tables (each database has its
    /// own key), but whoever reads the counters can read the secret too and test guesses (every IPv4 address) against
    /// them. Configure one (kept out of the database, e.g. in a secret store) where that matters.
    /// </remarks>
    public byte[]? Secret { get; set; }

    /// <summary>Gets or sets how many statements the store runs at once, each on one pooled connection; 4 by default.</summary>
    /// <remarks>
    /// The bound keeps a burst of limited requests from taking the whole connection pool (and PostgreSQL's
    /// max_connections) away from the application. A request waits up to <see cref="CommandSlotWait"/> for a slot.
    /// </remarks>
    public int MaxConcurrentCommands { get; set; } = 4;

    /// <summary>Gets or sets how long a request waits for one of the <see cref="MaxConcurrentCommands"/> slots; 2 seconds by default.</summary>
    /// <remarks>A request that gets no slot in time is refused as over its limit (429): a saturated limiter fails closed rather than queueing without bound.</remarks>
    public TimeSpan CommandSlotWait { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Gets or sets whether the cluster's start creates the table when it is missing; true by default.</summary>
    /// <remarks>Turn it off when migrations own the schema; <see cref="PgRateLimitStore.GetSchemaSql"/> gives the DDL.</remarks>
    public bool EnsureTableOnStart { get; set; } = true;

    /// <summary>Gets or sets how often counters of finished windows are deleted while the cluster runs; 5 minutes by default.</summary>
    public TimeSpan PurgeInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Returns a copy of these options with <see cref="Secret"/> decoded from base64, as configuration holds it.</summary>
    /// <exception cref="FormatException">The text is not base64.</exception>
    /// <exception cref="ArgumentException">The decoded secret is shorter than <see cref="MinimumSecretLength"/> bytes.</exception>
    public PgRateLimitStoreOptions WithSecret(string base64)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(base64);
        var secret = Convert.FromBase64String(base64.Trim());
        if (secret.Length < MinimumSecretLength)
        {
            throw new ArgumentException($"The rate limit secret must be at least {MinimumSecretLength} bytes; it decodes to {secret.Length}.", nameof(base64));
        }

        var copy = (PgRateLimitStoreOptions)MemberwiseClone();
        copy.Secret = secret;
        return copy;
    }
}
