using JustScale.Core;
using Microsoft.Extensions.Logging;

namespace JustScale.Postgres;

/// <content>Schema creation for the registered models.</content>
public sealed partial class PostgresClient
{
    // pg_advisory_xact_lock key: "JustScale.Postgres schema", so two processes starting at once create the schema one after the other.
    private const long SchemaLockKey = 0x4A53_5067_5363_6865;

    /// <summary>Returns the DDL of every registered model (tables and indexes, IF NOT EXISTS), referenced tables first.</summary>
    /// <remarks>For those who apply the schema with their own migration tool instead of <see cref="EnsureSchemaAsync"/>.</remarks>
    public string GetSchemaSql() => string.Join(";\n\n", SchemaStatements()) + ";\n";

    /// <summary>Creates the missing tables and indexes of the registered models, in one transaction; running it again changes nothing.</summary>
    /// <remarks>
    /// Takes a transaction-scoped advisory lock first, so two processes starting at once are safe. It never alters or
    /// drops an existing table: a table whose columns differ from its model stays as it is.
    /// </remarks>
    public async Task EnsureSchemaAsync(CancellationToken cancellationToken = default)
    {
        var statements = SchemaStatements();
        try
        {
            await using var connection = await DataSource.OpenConnectionAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await using (var batch = new Npgsql.NpgsqlBatch(connection, transaction))
            {
                var lockCommand = new Npgsql.NpgsqlBatchCommand("SELECT pg_advisory_xact_lock($1)");
                lockCommand.Parameters.Add(new Npgsql.NpgsqlParameter<long> { TypedValue = SchemaLockKey });
                batch.BatchCommands.Add(lockCommand);
                foreach (var statement in statements)
                {
                    batch.BatchCommands.Add(new Npgsql.NpgsqlBatchCommand(statement));
                }

                await batch.ExecuteNonQueryAsync(cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
        }
        catch (Exception ex) when (PgErrors.Translate(ex, null, this) is { } translated)
        {
            throw translated;
        }

        LogSchemaEnsured(_logger, _models.Count);
    }

    private List<string> SchemaStatements()
    {
        var models = _models.Values.OrderBy(m => m.Table, StringComparer.Ordinal).ToList();
        if (models.Count == 0)
        {
            throw new InvalidOperationException("No PgModel is registered on this PostgresClient: add PgRepository.Create(...) components first.");
        }

        PgModel TableOf(Type type) => _models.TryGetValue(type, out var model)
            ? model
            : throw new InvalidOperationException($"A model references {type.Name}, but no PgModel for {type.Name} is registered on this PostgresClient.");

        // Referenced tables first (depth-first), so every REFERENCES finds its table.
        var ordered = new List<PgModel>();
        var visiting = new HashSet<PgModel>();
        void Visit(PgModel model)
        {
            if (ordered.Contains(model))
            {
                return;
            }

            if (!visiting.Add(model))
            {
                throw new InvalidOperationException($"The references of {model.ModelName} form a cycle; PgModel cannot create such tables.");
            }

            foreach (var referenced in model.References)
            {
                var target = TableOf(referenced);
                if (target != model)
                {
                    Visit(target);
                }
            }

            visiting.Remove(model);
            ordered.Add(model);
        }

        models.ForEach(Visit);
        return [.. ordered.SelectMany(m => m.SchemaStatements(TableOf))];
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "PostgreSQL schema ensured for {ModelCount} models.")]
    private static partial void LogSchemaEnsured(ILogger logger, int modelCount);
}
