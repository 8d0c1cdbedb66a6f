using JustScale.Testing;

namespace JustScale.Postgres.Tests.Harness;

/// <summary>Runs the same table name in two fixtures at once: each has its own database, so neither sees the other.</summary>
[TestFixture("left")]
[TestFixture("right")]
public sealed class ParallelFixtureTests(string side)
{
    private TestDatabase _database = null!;

    [OneTimeSetUp]
    public async Task CreateDatabase() => _database = await TestPostgres.CreateDatabaseAsync(side);

    [OneTimeTearDown]
    public async Task DropDatabase() => await _database.DisposeAsync();

    [Test]
    public async Task SameTableName_InParallelFixtures_Isolated()
    {
        await using var dataSource = _database.CreateDataSource();
        await using (var create = dataSource.CreateCommand("CREATE TABLE shared_name (side TEXT NOT NULL)"))
        {
            await create.ExecuteNonQueryAsync();
        }

        for (var i = 0; i < 20; i++)
        {
            await using var insert = dataSource.CreateCommand("INSERT INTO shared_name VALUES ($1)");
            insert.Parameters.Add(new() { Value = side });
            await insert.ExecuteNonQueryAsync();
            await Task.Delay(5);
        }

        await using var sides = dataSource.CreateCommand("SELECT COUNT(*), MIN(side), MAX(side) FROM shared_name");
        await using var reader = await sides.ExecuteReaderAsync();
        await reader.ReadAsync();
        Assert.That((reader.GetInt64(0), reader.GetString(1), reader.GetString(2)), Is.EqualTo((20L, side, side)));
    }
}
