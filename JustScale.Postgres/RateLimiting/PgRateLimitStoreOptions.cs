namespace JustScale.Postgres;

/// <summary>Configures <see cref="PgRateLimitStore"/>: its table, whether the start creates it, and how often old counters are purged.</summary>
public sealed record PgRateLimitStoreOptions
{
    /// <summary>Gets the table's name (a plain lower-case identifier); <c>rate_limits</c> by default.</summary>
    public string Table { get; init; } = "rate_limits";

    /// <summary>Gets whether the cluster's start creates the table when it is missing; true by default.</summary>
    /// <remarks>Turn it off when migrations own the schema; <see cref="PgRateLimitStore.GetSchemaSql"/> gives the DDL.</remarks>
    public bool EnsureTableOnStart { get; init; } = true;

    /// <summary>Gets how often counters of finished windows are deleted while the cluster runs; 5 minutes by default.</summary>
    public TimeSpan PurgeInterval { get; init; } = TimeSpan.FromMinutes(5);
}
