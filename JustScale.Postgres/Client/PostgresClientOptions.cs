using Npgsql;

namespace JustScale.Postgres;

/// <summary>Configures a <see cref="PostgresClient"/>.</summary>
public sealed record PostgresClientOptions
{
    /// <summary>Gets the connection string (Npgsql keywords or a <c>postgres://</c> URL); null reads it from configuration.</summary>
    /// <remarks>Configuration is searched in this order: <c>ConnectionStrings:Postgres</c> (environment
    /// <c>ConnectionStrings__Postgres</c>), <c>POSTGRES_URL</c>, <c>DATABASE_URL</c>.</remarks>
    public string? ConnectionString { get; init; }

    /// <summary>Gets whether the cluster's start creates the missing tables and indexes of the registered models.</summary>
    public bool EnsureSchemaOnStart { get; init; }

    /// <summary>Gets whether the cluster's start opens one connection, so an unreachable server fails the start.</summary>
    public bool CheckConnectionOnStart { get; init; } = true;

    /// <summary>Gets a hook that adjusts the Npgsql data source before it is built (type mappings, TLS callbacks).</summary>
    public Action<NpgsqlDataSourceBuilder>? ConfigureDataSource { get; init; }
}
