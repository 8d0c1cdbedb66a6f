using System.Net;
using JustScale.Testing;

namespace JustScale.Examples.Tests.Hosting;

/// <summary>Runs the example as a process on a PostgreSQL whose schema was changed behind its back: it migrates what is additive, refuses the rest.</summary>
[TestFixture]
public sealed class MigrationProcessTests
{
    [Test]
    public async Task Process_ColumnDroppedBehindItsBack_AddsItBackAndServesLogins()
    {
        await using var database = await TestPostgres.CreateDatabaseAsync("migrate_back");
        await using (var first = await ExampleProcess.StartAsync(database.ConnectionString))
        {
            using var client = new ApiClient(first.Url);
            await client.RegisterAsync("kept@example.com", name: "Kept");
            Assert.That(await first.StopAsync(), Is.Zero, first.Output);
        }

        await ExecuteAsync(database, "ALTER TABLE users DROP COLUMN last_login_at"); // the column every login writes

        await using var example = await ExampleProcess.StartAsync(database.ConnectionString);
        using (var client = new ApiClient(example.Url))
        {
            var token = await client.LoginAsync("kept@example.com");
            Assert.That((await client.GetAsync("/profile", token)).Status, Is.EqualTo(HttpStatusCode.OK));
        }

        Assert.That(await example.StopAsync(), Is.Zero, example.Output);
        Assert.That(example.Output, Does.Contain("PostgreSQL schema: added column users.last_login_at"));
        Assert.That(example.Output, Does.Not.Contain("Command execution completed"), "appsettings.json keeps Npgsql's per-command lines (Npgsql.Command, Information) off");
        Assert.That(await ScalarAsync(database, "SELECT count(*) FROM users WHERE last_login_at IS NOT NULL"), Is.EqualTo(1L), "the user was kept, and the login wrote the column");
        Assert.That(await ScalarAsync(database, "SELECT count(*) FROM justscale_migrations"), Is.EqualTo(2L));
    }

    [Test]
    public async Task Process_NameBecameInteger_RefusesToStartNamingTheColumn()
    {
        await using var database = await TestPostgres.CreateDatabaseAsync("migrate_refused");
        await using (var first = await ExampleProcess.StartAsync(database.ConnectionString))
        {
            Assert.That(await first.StopAsync(), Is.Zero, first.Output);
        }

        await ExecuteAsync(database, "ALTER TABLE users ALTER COLUMN name TYPE integer USING NULL");

        var (exitCode, output) = await ExampleProcess.RunUntilExitAsync(
            new Dictionary<string, string> { ["ConnectionStrings__Postgres"] = database.ConnectionString }, "--port", "0");

        Assert.That(exitCode, Is.EqualTo(1), output);
        Assert.That(output, Does.Contain("Cannot start: The PostgreSQL schema differs from the models"));
        Assert.That(output, Does.Contain("users.name: found integer, expected varchar(100)"));
        Assert.That(output, Does.Contain("ALTER TABLE users ALTER COLUMN name TYPE VARCHAR(100) USING name::VARCHAR(100);"));
        Assert.That(output, Does.Not.Contain("listening on"));
        Assert.That(output.Split('\n'), Has.None.StartsWith("   at "), "no stack trace");
    }

    [Test]
    public async Task Process_PrintMigrations_PrintsTheSqlChangesNothingAndExitsZero()
    {
        await using var database = await TestPostgres.CreateDatabaseAsync("migrate_print");

        var (exitCode, output) = await ExampleProcess.RunUntilExitAsync(
            new Dictionary<string, string> { ["ConnectionStrings__Postgres"] = database.ConnectionString }, "--print-migrations");

        Assert.That(exitCode, Is.Zero, output);
        Assert.That(output, Does.Match(@"-- PostgreSQL schema: created [0-9]+ tables"));
        Assert.That(output, Does.Contain("CREATE TABLE IF NOT EXISTS users (").And.Contain("CREATE TABLE IF NOT EXISTS auth_tokens (").And.Contain("CREATE TABLE IF NOT EXISTS two_factor_secrets ("));
        Assert.That(await ScalarAsync(database, "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"), Is.Zero, "nothing was applied");
    }

    private static async Task ExecuteAsync(TestDatabase database, string sql)
    {
        await using var connection = await database.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<object?> ScalarAsync(TestDatabase database, string sql)
    {
        await using var connection = await database.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }
}
