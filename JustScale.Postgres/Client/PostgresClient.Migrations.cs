using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace JustScale.Postgres;

/// <content>Migrations: compare the models with the catalog, apply what is additive, refuse the rest with the SQL to review.</content>
public sealed partial class PostgresClient
{
    /// <summary>Compares the registered models with the database and returns what a migration would do; changes nothing.</summary>
    /// <remarks>Print <see cref="SchemaPlan.Sql"/> to review it, or to apply it by hand where automatic migration is off
    /// (<see cref="PostgresClientOptions.ApplyMigrations"/>).</remarks>
    public async Task<SchemaPlan> PlanSchemaAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            var connection = await Pool.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using var connectionScope = connection.ConfigureAwait(false);
            return await PlanOnAsync(connection, null, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (PgErrors.Translate(ex, null, this) is { } translated)
        {
            throw translated;
        }
    }

    /// <summary>Migrates under the advisory lock: refuses conflicts; applies the additive changes when <paramref name="apply"/>, else refuses them too.</summary>
    internal async Task<SchemaPlan> MigrateAsync(bool apply, CancellationToken cancellationToken)
    {
        SchemaPlan plan;
        try
        {
            var connection = await Pool.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using var connectionScope = connection.ConfigureAwait(false);
            var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using var transactionScope = transaction.ConfigureAwait(false);
            var lockCommand = new NpgsqlCommand("SELECT pg_advisory_xact_lock($1)", connection, transaction);
            await using (lockCommand.ConfigureAwait(false))
            {
                lockCommand.Parameters.Add(new NpgsqlParameter<long> { TypedValue = SchemaLockKey });
                await lockCommand.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            plan = await PlanOnAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
            if (plan.Conflicts.Count > 0)
            {
                throw new SchemaMigrationException(plan, Refusal(plan));
            }

            if (plan.Changes.Count > 0 && !apply)
            {
                throw new SchemaMigrationException(plan,
                    $"The PostgreSQL schema is behind the models ({plan.Summary}) and automatic migration is off " +
                    $"(PostgresClientOptions.ApplyMigrations = false). Review and run:\n{plan.Sql}");
            }

            foreach (var change in plan.Changes)
            {
                var command = new NpgsqlCommand(change.Sql, connection, transaction);
                await using var commandScope = command.ConfigureAwait(false);
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                LogSchemaChange(_logger, change.Description);
            }

            if (plan.Changes.Count > 0)
            {
                await MigrationHistory.RecordAsync(connection, transaction, plan, cancellationToken).ConfigureAwait(false);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (PgErrors.Translate(ex, null, this) is { } translated)
        {
            throw translated;
        }

        LogSchemaMigrated(_logger, plan.Summary);
        return plan;
    }

    private async Task<SchemaPlan> PlanOnAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, CancellationToken cancellationToken)
    {
        var models = OrderedModels();
        var catalog = await SchemaCatalog.ReadAsync(connection, transaction, [.. models.Select(m => m.Table)], cancellationToken).ConfigureAwait(false);
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(GetSchemaSql())));
        return await SchemaPlanner.PlanAsync(
            models, TableOf, catalog, table => SchemaCatalog.HasRowsAsync(connection, transaction, table, cancellationToken), hash).ConfigureAwait(false);
    }

    private static string Refusal(SchemaPlan plan)
    {
        var text = new StringBuilder("The PostgreSQL schema differs from the models in ways that are not applied automatically:\n");
        foreach (var conflict in plan.Conflicts)
        {
            text.Append("  ").Append(conflict).Append('\n');
        }

        text.Append("Review and run:\n");
        foreach (var conflict in plan.Conflicts)
        {
            text.Append(conflict.Sql).Append('\n');
        }

        if (plan.Changes.Count > 0)
        {
            text.Append("Then the start applies the additive changes (").Append(plan.Summary).Append(").\n");
        }

        return text.ToString();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "PostgreSQL schema: {Change}")]
    private static partial void LogSchemaChange(ILogger logger, string change);

    [LoggerMessage(Level = LogLevel.Information, Message = "PostgreSQL schema {Summary}")]
    private static partial void LogSchemaMigrated(ILogger logger, string summary);
}
