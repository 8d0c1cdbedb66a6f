using JustScale.Testing;
using Npgsql;

namespace JustScale.Postgres.Tests.Harness;

/// <summary>Checks that every fixture gets its own database, and that it is dropped afterwards.</summary>
[TestFixture]
public sealed class TestDatabaseTests
{
    private TestDatabase _database = null!;

    [OneTimeSetUp]
    public async Task CreateDatabase() => _database = await TestPostgres.CreateDatabaseAsync(nameof(TestDatabaseTests));

    [OneTimeTearDown]
    public async Task DropDatabase() => await _database.DisposeAsync();

    [Test]
    public async Task CreateDatabase_FreshDatabase_AcceptsTablesAndRows()
    {
        await using var dataSource = _database.CreateDataSource();
        await using (var create = dataSource.CreateCommand("CREATE TABLE things (id INT PRIMARY KEY); INSERT INTO things VALUES (1), (2)"))
        {
            await create.ExecuteNonQueryAsync();
        }

        await using var count = dataSource.CreateCommand("SELECT COUNT(*) FROM things");
        Assert.That(await count.ExecuteScalarAsync(), Is.EqualTo(2L));
    }

    [Test]
    public async Task CreateDatabase_ConnectionString_NamesTheDatabase()
    {
        await using var connection = await _database.OpenConnectionAsync();
        await using var command = new NpgsqlCommand("SELECT current_database()", connection);

        Assert.That(await command.ExecuteScalarAsync(), Is.EqualTo(_database.Name));
        Assert.That(_database.Name, Does.StartWith("js_testdatabasetests_"));
    }

    [Test]
    public async Task Dispose_DatabaseWithOpenConnection_DropsIt()
    {
        var database = await TestPostgres.CreateDatabaseAsync("doomed");
        var connection = await database.OpenConnectionAsync();

        await database.DisposeAsync();

        await connection.DisposeAsync();
        Assert.That(await DatabaseExistsAsync(database.Name), Is.False);
    }

    [Test]
    public async Task GetServerConnectionString_CalledTwice_SameServer()
    {
        var first = TestPostgres.GetServerConnectionStringAsync();
        var second = TestPostgres.GetServerConnectionStringAsync();

        Assert.That(await first, Is.EqualTo(await second));
    }

    internal static async Task<bool> DatabaseExistsAsync(string name)
    {
        await using var connection = new NpgsqlConnection(await TestPostgres.GetServerConnectionStringAsync());
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT COUNT(*) FROM pg_database WHERE datname = $1", connection) { Parameters = { new() { Value = name } } };
        return (long)(await command.ExecuteScalarAsync())! == 1;
    }
}
