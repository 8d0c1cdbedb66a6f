using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;

namespace JustScale.Postgres;

/// <content>The start's check for missing tables when it does not create them (<see cref="PostgresClientOptions.EnsureSchemaOnStart"/> off).</content>
public sealed partial class PostgresClient
{
    /// <summary>Returns the tables of the registered models that the database does not have (in the connection's search path).</summary>
    internal async Task<IReadOnlyList<string>> MissingTablesAsync(CancellationToken cancellationToken = default)
    {
        string[] tables = [.. _models.Values.Select(m => m.Table).Order(StringComparer.Ordinal)];
        if (tables.Length == 0)
        {
            return [];
        }

        var connection = await Pool.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var connectionScope = connection.ConfigureAwait(false);
        var command = new NpgsqlCommand("SELECT t FROM unnest($1) AS t WHERE to_regclass(quote_ident(t)) IS NULL ORDER BY t", connection);
        await using var commandScope = command.ConfigureAwait(false);
        command.Parameters.Add(new NpgsqlParameter<string[]> { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text, TypedValue = tables });
        var missing = new List<string>();
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                missing.Add(reader.GetString(0));
            }
        }

        return missing;
    }

    /// <summary>Warns once, at start, when tables are missing and the start does not create them, instead of one bare 42P01 per request later.</summary>
    /// <remarks>Creating them here would be a migration nobody asked for (a Production database that takes reviewed
    /// migrations only, a connection string that names the wrong database): the start only says what is missing and how to create it.</remarks>
    private async Task WarnAboutMissingTablesAsync(CancellationToken cancellationToken)
    {
        try
        {
            var missing = await MissingTablesAsync(cancellationToken).ConfigureAwait(false);
            if (missing.Count > 0)
            {
                LogMissingTables(_logger, missing.Count, string.Join(", ", missing));
            }
        }
        catch (Exception ex) when (ex is NpgsqlException or IOException or TimeoutException)
        {
            // The check only helps; the connection check before it already reported an unreachable server.
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "PostgreSQL has no table for {Count} registered models ({Tables}): every query on them will fail with 42P01 undefined_table. " +
        "Set PostgresClientOptions.EnsureSchemaOnStart = true to create and migrate them at start, or create them yourself (client.EnsureSchemaAsync(), or client.GetSchemaSql() in your migrations).")]
    private static partial void LogMissingTables(ILogger logger, int count, string tables);
}
