using JustScale.Postgres.Tests.Models;
using Npgsql;

namespace JustScale.Postgres.Tests.Client;

/// <summary>Checks which connections Npgsql resets before reuse: not the pool of JustScale's own statements (they leave no session
/// state), always the raw <see cref="PostgresClient.DataSource"/>, and a transaction's connection once code outside JustScale had it.</summary>
/// <remarks>Each cluster gets pools of one connection, so every use reuses the session the test inspects. <c>statement_timeout</c>
/// stands for any session state (<c>SET</c>, temporary tables, session advisory locks, <c>LISTEN</c>).</remarks>
[TestFixture]
public sealed class ConnectionResetTests : PostgresFixture
{
    private const string Marker = "4321ms";

    [Test]
    public async Task DefaultConnectionString_Pool_SkipsNpgsqlsResetAndDataSourceKeepsIt()
    {
        await using var cluster = await StartClusterAsync(TimeProvider.System, connectionString: OneConnection(null));
        var client = cluster.Resolve<PostgresClient>();

        Assert.That(new NpgsqlConnectionStringBuilder(client.Pool.ConnectionString).NoResetOnClose, Is.True);
        Assert.That(new NpgsqlConnectionStringBuilder(client.DataSource.ConnectionString).NoResetOnClose, Is.False);
        Assert.That(client.DataSource, Is.Not.SameAs(client.Pool));

        await SetMarkerAsync(client.Pool);
        Assert.That(await StatementTimeoutAsync(client.Pool), Is.EqualTo(Marker), "the pool's next user sees the session as it was left");

        await SetMarkerAsync(client.DataSource);
        Assert.That(await StatementTimeoutAsync(client.DataSource), Is.Not.EqualTo(Marker), "raw connections are reset before reuse");
    }

    [TestCase("No Reset On Close=false")]
    [TestCase("Pooling=false")]
    public async Task ConnectionStringDecides_OnePoolAsConfigured(string setting)
    {
        await using var cluster = await StartClusterAsync(TimeProvider.System, connectionString: OneConnection(setting));
        var client = cluster.Resolve<PostgresClient>();

        Assert.That(client.DataSource, Is.SameAs(client.Pool));
        Assert.That(new NpgsqlConnectionStringBuilder(client.Pool.ConnectionString).NoResetOnClose, Is.False);
        await SetMarkerAsync(client.Pool);
        Assert.That(await StatementTimeoutAsync(client.Pool), Is.Not.EqualTo(Marker));
    }

    [Test]
    public async Task TransactionWhoseConnectionWasGivenOut_IsResetBeforeTheNextUse()
    {
        await using var cluster = await StartClusterAsync(TimeProvider.System, connectionString: OneConnection(null));
        var client = cluster.Resolve<PostgresClient>();

        await client.TransactionAsync(async tx =>
        {
            await using var set = tx.CreateCommand($"SET statement_timeout = '{Marker}'");
            await set.ExecuteNonQueryAsync();
        });

        Assert.That(await StatementTimeoutAsync(client.Pool), Is.Not.EqualTo(Marker));
        var users = cluster.Resolve<JustScale.Core.IRepository<DocsUser>>();
        Assert.That(await users.InsertAsync(NewUser()), Is.Not.Null, "the pool still serves the repositories");
    }

    [Test]
    public async Task TransactionOfRepositoriesOnly_IsNotReset()
    {
        await using var cluster = await StartClusterAsync(TimeProvider.System, connectionString: OneConnection(null));
        var client = cluster.Resolve<PostgresClient>();
        var users = cluster.Resolve<JustScale.Core.IRepository<DocsUser>>();
        await SetMarkerAsync(client.Pool);

        await client.TransactionAsync(async _ => await users.InsertAsync(NewUser()));

        Assert.That(await StatementTimeoutAsync(client.Pool), Is.EqualTo(Marker), "no reset was sent: the session kept what it had");
    }

    [Test]
    public void WithoutReset_KeepsEveryOtherSettingAndAnExplicitChoice()
    {
        var given = "Host=db.example.com;Port=6543;Username=app;Password=secret;Database=shop;Max Auto Prepare=5;Timeout=4";

        var result = new NpgsqlConnectionStringBuilder(PgConnectionString.WithoutReset(given));

        Assert.That((result.Host, result.Port, result.Username, result.Password, result.Database, result.MaxAutoPrepare, result.NoResetOnClose),
            Is.EqualTo(("db.example.com", 6543, "app", "secret", "shop", 5, true)));
        Assert.That(PgConnectionString.WithoutReset(given + ";noresetonclose=false"), Is.EqualTo(given + ";noresetonclose=false"));
    }

    private string OneConnection(string? extra) =>
        $"{Database.ConnectionString};Maximum Pool Size=1" + (extra is null ? "" : ";" + extra);

    private static async Task SetMarkerAsync(NpgsqlDataSource dataSource)
    {
        await using var set = dataSource.CreateCommand($"SET statement_timeout = '{Marker}'");
        await set.ExecuteNonQueryAsync();
    }

    private static async Task<string> StatementTimeoutAsync(NpgsqlDataSource dataSource)
    {
        await using var show = dataSource.CreateCommand("SHOW statement_timeout");
        return (string)(await show.ExecuteScalarAsync())!;
    }
}
