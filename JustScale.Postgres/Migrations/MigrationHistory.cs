using Npgsql;

namespace JustScale.Postgres;

/// <summary>Keeps the table <c>justscale_migrations</c>: one row per migration applied (version, model hash, SQL, time).</summary>
internal static class MigrationHistory
{
    /// <summary>The history table's name.</summary>
    public const string Table = "justscale_migrations";

    private const string CreateSql = $"""
        CREATE TABLE IF NOT EXISTS {Table} (
          version INTEGER PRIMARY KEY,
          model_hash TEXT NOT NULL,
          sql TEXT NOT NULL,
          applied_at TIMESTAMPTZ NOT NULL DEFAULT NOW()
        )
        """;

    private const string InsertSql = $"INSERT INTO {Table} (version, model_hash, sql) SELECT COALESCE(MAX(version), 0) + 1, $1, $2 FROM {Table}";

    /// <summary>Records a migration applied in the transaction (creating the table first when needed).</summary>
    public static async Task RecordAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, SchemaPlan plan, CancellationToken cancellationToken)
    {
        var batch = new NpgsqlBatch(connection, transaction);
        await using var batchScope = batch.ConfigureAwait(false);
        batch.BatchCommands.Add(new NpgsqlBatchCommand(CreateSql));
        var insert = new NpgsqlBatchCommand(InsertSql);
        insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = plan.ModelHash });
        insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = plan.Sql });
        batch.BatchCommands.Add(insert);
        await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
