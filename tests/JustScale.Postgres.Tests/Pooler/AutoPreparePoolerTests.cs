using JustScale.Core;
using JustScale.Postgres.Tests.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Npgsql;

namespace JustScale.Postgres.Tests.Pooler;

/// <summary>The default connection string through PgBouncer 1.18 in transaction mode: the start detects the pooler and turns
/// automatic preparation off; without that check, the first missing prepared statement (26000) does it, and the statement is retried.</summary>
[TestFixture]
public sealed class AutoPreparePoolerTests : PoolerFixture
{
    [Test]
    public async Task Start_BehindTransactionPooler_DetectsItAndTurnsAutoPrepareOffWithOneLine()
    {
        var logs = new FakeLogCollector();
        var cluster = await StartClusterAsync(Pooled, logs);
        var client = cluster.Resolve<PostgresClient>();
        var users = cluster.Resolve<IRepository<DocsUser>>();
        var user = await users.InsertAsync(NewUser());

        var lookups = await Task.WhenAll(Enumerable.Range(0, 200).Select(_ => users.GetAsync(user.Id)));

        Assert.That(client.BehindPooler, Is.True);
        Assert.That(new NpgsqlConnectionStringBuilder(client.DataSource.ConnectionString).MaxAutoPrepare, Is.Zero);
        Assert.That(client.Pool, Is.SameAs(client.DataSource), "behind a pooler, one data source keeps Npgsql's reset");
        Assert.That(new NpgsqlConnectionStringBuilder(client.Pool.ConnectionString).NoResetOnClose, Is.False);
        Assert.That(lookups, Has.All.Not.Null);
        Assert.That(Messages(logs, LogLevel.Information, "automatic preparation is off"), Has.Count.EqualTo(1));
        Assert.That(Messages(logs, LogLevel.Warning, "went missing"), Is.Empty);
    }

    [Test]
    public async Task Start_Direct_NotBehindPoolerAndAutoPrepareStaysOn()
    {
        var cluster = await StartClusterAsync(Database.ConnectionString);
        var client = cluster.Resolve<PostgresClient>();

        Assert.That(client.BehindPooler, Is.False);
        Assert.That(new NpgsqlConnectionStringBuilder(client.DataSource.ConnectionString).MaxAutoPrepare, Is.EqualTo(PostgresClient.DefaultMaxAutoPrepare));
        Assert.That(new NpgsqlConnectionStringBuilder(client.Pool.ConnectionString).NoResetOnClose, Is.True, "direct: JustScale's statements skip the reset");
    }

    [Test]
    public async Task Lookups_PreparedStatementMissingOnAnotherServerConnection_RecoveredOnceAndEveryLookupAnswered()
    {
        // No start check: the client does not know about the pooler until a prepared statement goes missing.
        var logs = new FakeLogCollector();
        var cluster = await StartClusterAsync(Bouncer.ConnectionString(Database.Name, "Maximum Pool Size=1"), logs, checkOnStart: false);
        var client = cluster.Resolve<PostgresClient>();
        var users = cluster.Resolve<IRepository<DocsUser>>();
        var user = await users.InsertAsync(NewUser());

        // Pin one of PgBouncer's two server connections in a transaction, so the lookups prepare their statement on the other.
        await using var other = new NpgsqlConnection(Bouncer.ConnectionString(Database.Name, "Max Auto Prepare=0;Pooling=false"));
        await other.OpenAsync();
        var pinned = await other.BeginTransactionAsync();
        await using (var hold = new NpgsqlCommand("SELECT 1", other, pinned))
        {
            await hold.ExecuteScalarAsync();
        }

        for (var i = 0; i < 10; i++)
        {
            Assert.That(await users.GetAsync(user.Id), Is.Not.Null);
        }

        // Released last, the pinned server connection is the one PgBouncer hands out next: it never saw the statement.
        await pinned.CommitAsync();
        for (var i = 0; i < 20; i++)
        {
            Assert.That(await users.GetAsync(user.Id), Is.Not.Null);
        }

        Assert.That(Messages(logs, LogLevel.Warning, "went missing"), Has.Count.EqualTo(1), string.Join('\n', logs.GetSnapshot().Select(r => r.Message)));
        Assert.That(Messages(logs, LogLevel.Warning, "SQLSTATE 26000"), Has.Count.EqualTo(1));
        Assert.That(new NpgsqlConnectionStringBuilder(client.DataSource.ConnectionString).MaxAutoPrepare, Is.Zero);
    }
}
