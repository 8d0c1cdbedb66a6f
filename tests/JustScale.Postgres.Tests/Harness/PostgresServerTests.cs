using JustScale.Testing;
using Npgsql;

namespace JustScale.Postgres.Tests.Harness;

/// <summary>Checks the dedicated server fault tests use: it stops, starts again with its data, and leaves nothing behind.</summary>
[TestFixture]
public sealed class PostgresServerTests
{
    [Test]
    public async Task StopThenStart_SamePortAndData_ServesAgain()
    {
        await using var server = await PostgresServer.StartLocalAsync();
        await ExecuteAsync(server.ConnectionString, "CREATE TABLE kept (v INT); INSERT INTO kept VALUES (7)");
        var port = server.Port;

        await server.StopAsync();
        Assert.ThrowsAsync<NpgsqlException>(() => ExecuteAsync(server.ConnectionString, "SELECT 1"));

        await server.StartAsync();
        Assert.That(server.Port, Is.EqualTo(port));
        Assert.That(await ScalarAsync(server.ConnectionString, "SELECT v FROM kept"), Is.EqualTo(7));
    }

    [Test]
    public async Task Dispose_RunningServer_RemovesFolderAndProcess()
    {
        var server = await PostgresServer.StartLocalAsync();
        var root = server.RootDirectory;
        var pid = File.ReadLines(Path.Combine(root, "data", "postmaster.pid")).First();

        await server.DisposeAsync();

        Assert.That(Directory.Exists(root), Is.False);
        Assert.That(IsRunning(pid), Is.False);
        Assert.ThrowsAsync<NpgsqlException>(() => ExecuteAsync(server.ConnectionString, "SELECT 1"));
    }

    private static bool IsRunning(string pid)
    {
        // A stopped postmaster may stay a zombie when PID 1 does not reap orphans: that counts as gone.
        var status = $"/proc/{pid}/status";
        return File.Exists(status) && !File.ReadLines(status).Any(line => line.StartsWith("State:", StringComparison.Ordinal) && line.Contains('Z', StringComparison.Ordinal));
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString + ";Pooling=false");
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<int> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString + ";Pooling=false");
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt32(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
