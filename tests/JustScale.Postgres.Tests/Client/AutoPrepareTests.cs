using JustScale.Core;
using JustScale.Postgres.Tests.Models;
using Npgsql;

namespace JustScale.Postgres.Tests.Client;

/// <summary>Checks that PostgresClient prepares the statements its repositories repeat, unless the connection string says otherwise.</summary>
/// <remarks>Each cluster gets a pool of one connection, so every statement runs on the session whose
/// <c>pg_prepared_statements</c> the test reads afterwards.</remarks>
[TestFixture]
public sealed class AutoPrepareTests : PostgresFixture
{
    [Test]
    public async Task DefaultConnectionString_RepeatedLookups_ArePreparedOnTheServer()
    {
        await using var cluster = await StartClusterAsync(TimeProvider.System, connectionString: OneConnection(null));

        var prepared = await LookUpRepeatedlyAsync(cluster);

        Assert.That(new NpgsqlConnectionStringBuilder(cluster.Resolve<PostgresClient>().DataSource.ConnectionString).MaxAutoPrepare,
            Is.EqualTo(PostgresClient.DefaultMaxAutoPrepare));
        Assert.That(prepared, Has.Some.Contains("FROM \"users\"").Or.Some.Contains("FROM users"), string.Join('\n', prepared));
    }

    [TestCase("Max Auto Prepare=0")]
    [TestCase("maxautoprepare=0")]
    public async Task AutoPrepareTurnedOff_RepeatedLookups_PrepareNothing(string setting)
    {
        await using var cluster = await StartClusterAsync(TimeProvider.System, connectionString: OneConnection(setting));

        var prepared = await LookUpRepeatedlyAsync(cluster);

        Assert.That(new NpgsqlConnectionStringBuilder(cluster.Resolve<PostgresClient>().DataSource.ConnectionString).MaxAutoPrepare, Is.Zero);
        Assert.That(prepared, Is.Empty);
    }

    [Test]
    public void WithDefaults_KeepsAnExplicitValueAndEveryOtherSetting()
    {
        var given = "Host=db.example.com;Port=6543;Username=app;Password=secret;Database=shop;Max Auto Prepare=5;Timeout=4";

        var result = new NpgsqlConnectionStringBuilder(PgConnectionString.WithDefaults(given));

        Assert.That((result.Host, result.Port, result.Username, result.Password, result.Database, result.MaxAutoPrepare, result.Timeout),
            Is.EqualTo(("db.example.com", 6543, "app", "secret", "shop", 5, 4)));
    }

    private string OneConnection(string? extra) =>
        $"{Database.ConnectionString};Maximum Pool Size=1" + (extra is null ? "" : ";" + extra);

    /// <summary>Runs one lookup ten times (Npgsql prepares a statement from its fifth use), then lists the session's prepared statements.</summary>
    private static async Task<List<string>> LookUpRepeatedlyAsync(Cluster cluster)
    {
        var users = cluster.Resolve<IRepository<DocsUser>>();
        var user = await users.InsertAsync(NewUser());
        for (var i = 0; i < 10; i++)
        {
            Assert.That(await users.FindOneAsync(Filter<DocsUser>.Where(DocsUser.Model.Field(u => u.Email), user.Email)), Is.Not.Null);
        }

        await using var command = cluster.Resolve<PostgresClient>().Pool.CreateCommand("SELECT statement FROM pg_prepared_statements"); // the pool the repositories use
        await using var reader = await command.ExecuteReaderAsync();
        var statements = new List<string>();
        while (await reader.ReadAsync())
        {
            statements.Add(reader.GetString(0));
        }

        return statements;
    }
}
