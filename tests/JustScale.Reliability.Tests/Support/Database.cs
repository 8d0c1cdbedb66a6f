using Npgsql;

namespace JustScale.Reliability.Tests;

/// <summary>Reads the example's tables directly, to count rows and see exactly what was stored.</summary>
internal static class Database
{
    /// <summary>Runs a scalar query (parameters $1, $2, ...) and returns its value.</summary>
    public static async Task<T> ScalarAsync<T>(string connectionString, string sql, params object[] parameters)
    {
        // Unpooled: a fault test stops the server, and a pooled connection would carry the break into the next check.
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        }

        return (T)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Counts the rows of the users and sessions tables.</summary>
    public static async Task<(long Users, long Sessions)> CountRowsAsync(string connectionString) =>
        (await ScalarAsync<long>(connectionString, "SELECT count(*) FROM users"),
         await ScalarAsync<long>(connectionString, "SELECT count(*) FROM sessions"));
}
