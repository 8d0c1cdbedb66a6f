using JustScale.Testing;
using Npgsql;

namespace JustScale.Cli.Tests;

/// <summary>The <c>migrate</c> command on an empty database: <c>--print</c> shows the SQL and changes nothing; <c>migrate</c> applies it once.</summary>
[TestFixture]
public sealed class MigrateTests
{
    private TestDatabase _database = null!;

    [OneTimeSetUp]
    public async Task Create() => _database = await TestPostgres.CreateDatabaseAsync("cli_migrate");

    [OneTimeTearDown]
    public async Task Drop() => await _database.DisposeAsync();

    private async Task<bool> TableExistsAsync(string table)
    {
        await using var connection = await _database.OpenConnectionAsync();
        await using var command = new NpgsqlCommand("SELECT to_regclass($1) IS NOT NULL", connection) { Parameters = { new() { Value = table } } };
        return (bool)(await command.ExecuteScalarAsync())!;
    }

    [Test]
    public async Task Migrate_EmptyDatabase_PrintChangesNothingThenMigrateAppliesOnce()
    {
        var printed = await Cli.RunAsync(_database.ConnectionString, "migrate", "--print");

        Assert.That(printed.ExitCode, Is.EqualTo(0), printed.ToString());
        Assert.That(printed.Output, Does.StartWith("-- PostgreSQL schema:"));
        Assert.That(printed.Output, Does.Contain("CREATE TABLE IF NOT EXISTS users (").And.Contain("CREATE TABLE IF NOT EXISTS sessions (").And.Contain("CREATE TABLE IF NOT EXISTS signing_keys ("));
        Assert.That(printed.Output, Does.Contain("justscale_notify_change"), "the triggers the running instances' caches listen to");
        Assert.That(await TableExistsAsync("users"), Is.False, "--print changes nothing");

        var migrated = await Cli.RunAsync(_database.ConnectionString, "migrate");

        Assert.That(migrated.ExitCode, Is.EqualTo(0), migrated.ToString());
        Assert.That(migrated.Output, Does.StartWith("Migrated: "));
        Assert.That(await TableExistsAsync("users"), Is.True);
        Assert.That(await TableExistsAsync("api_keys"), Is.True);

        var again = await Cli.RunAsync(_database.ConnectionString, "migrate", "--json");
        var plan = await Cli.RunAsync(_database.ConnectionString, "migrate", "--print", "--json");

        Assert.That(again.ExitCode, Is.EqualTo(0), again.ToString());
        Assert.That(again.Json.GetProperty("applied").GetArrayLength(), Is.Zero);
        Assert.That(plan.Json.GetProperty("changes").GetArrayLength(), Is.Zero);
    }
}
