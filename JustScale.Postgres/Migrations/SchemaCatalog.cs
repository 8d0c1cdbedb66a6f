using System.Runtime.InteropServices;
using Npgsql;

namespace JustScale.Postgres;

/// <summary>Reads tables, columns (types, nullability, defaults) and indexes of the current schema from pg_catalog.</summary>
internal static class SchemaCatalog
{
    private const string ColumnsSql = """
        SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull, pg_get_expr(d.adbin, d.adrelid)
        FROM pg_class c
        JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = current_schema()
        JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
        LEFT JOIN pg_attrdef d ON d.adrelid = c.oid AND d.adnum = a.attnum
        WHERE c.relkind IN ('r', 'p') AND c.relname = ANY($1)
        ORDER BY c.relname, a.attnum
        """;

    private const string IndexesSql = "SELECT tablename, indexname FROM pg_indexes WHERE schemaname = current_schema() AND tablename = ANY($1)";

    /// <summary>Returns the tables among <paramref name="tables"/> that exist, by name.</summary>
    public static async Task<Dictionary<string, CatalogTable>> ReadAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, IReadOnlyList<string> tables, CancellationToken cancellationToken)
    {
        var found = new Dictionary<string, CatalogTable>(StringComparer.Ordinal);
        var columns = new NpgsqlCommand(ColumnsSql, connection, transaction);
        await using (columns.ConfigureAwait(false))
        {
            columns.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. tables] });
            var reader = await columns.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using var readerScope = reader.ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var table = CollectionsMarshal.GetValueRefOrAddDefault(found, reader.GetString(0), out _) ??= new CatalogTable();
                table.Columns[reader.GetString(1)] = (reader.GetString(2), reader.GetBoolean(3), reader.IsDBNull(4) ? null : reader.GetString(4));
            }
        }

        var indexes = new NpgsqlCommand(IndexesSql, connection, transaction);
        await using (indexes.ConfigureAwait(false))
        {
            indexes.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. tables] });
            var reader = await indexes.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using var readerScope = reader.ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                if (found.TryGetValue(reader.GetString(0), out var table))
                {
                    table.Indexes.Add(reader.GetString(1));
                }
            }
        }

        return found;
    }

    /// <summary>Tells whether a table has at least one row.</summary>
    public static async Task<bool> HasRowsAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string table, CancellationToken cancellationToken)
    {
        var command = new NpgsqlCommand($"SELECT EXISTS (SELECT 1 FROM {SqlNames.Quote(table)})", connection, transaction);
        await using var commandScope = command.ConfigureAwait(false);
        return (bool)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }
}
