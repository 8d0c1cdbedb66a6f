using Npgsql;

namespace JustScale.Postgres;

/// <summary>Configures a <see cref="PostgresClient"/>.</summary>
public sealed class PostgresClientOptions
{
    /// <summary>Gets or sets the connection string (Npgsql keywords or a <c>postgres://</c> URL); null reads it from configuration.</summary>
    /// <remarks>Configuration is searched in this order: <c>ConnectionStrings:Postgres</c> (environment
    /// <c>ConnectionStrings__Postgres</c>), <c>POSTGRES_URL</c>, <c>DATABASE_URL</c>.</remarks>
    public string? ConnectionString { get; set; }

    /// <summary>Gets or sets whether the cluster's start migrates the database to the registered models (<see cref="PostgresClient.EnsureSchemaAsync"/>).</summary>
    /// <remarks>Additive changes (tables, nullable or defaulted columns, indexes) are applied when <see cref="ApplyMigrations"/>;
    /// anything else stops the start with a <see cref="SchemaMigrationException"/> naming the column and the SQL to review.</remarks>
    public bool EnsureSchemaOnStart { get; set; }

    /// <summary>Gets or sets whether the start applies pending additive changes itself (the default); false for reviewed deployments.</summary>
    /// <remarks>Off, a start that finds pending changes stops with the SQL to review and run (<see cref="PostgresClient.PlanSchemaAsync"/>
    /// prints the same); a database already up to date starts as usual.</remarks>
    public bool ApplyMigrations { get; set; } = true;

    /// <summary>Gets or sets whether the cluster's start opens one connection, so an unreachable server fails the start.</summary>
    public bool CheckConnectionOnStart { get; set; } = true;

    /// <summary>Gets or sets a hook that adjusts the Npgsql data source before it is built (type mappings, TLS callbacks).</summary>
    public Action<NpgsqlDataSourceBuilder>? ConfigureDataSource { get; set; }
}
