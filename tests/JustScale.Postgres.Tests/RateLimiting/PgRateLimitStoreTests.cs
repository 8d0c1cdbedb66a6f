using System.Security.Cryptography;
using System.Text;
using JustScale.Core;
using JustScale.Testing;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace JustScale.Postgres.Tests.RateLimiting;

/// <summary>Tests the PostgreSQL rate limit store: atomic counting shared by clusters, windows, hashed keys and the purge.</summary>
[TestFixture]
public sealed class PgRateLimitStoreTests
{
    private static readonly DateTimeOffset Window = new(2026, 4, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);
    private readonly List<Cluster> _clusters = [];
    private TestDatabase _database = null!;

    [OneTimeSetUp]
    public async Task CreateDatabase() => _database = await TestPostgres.CreateDatabaseAsync(nameof(PgRateLimitStoreTests));

    [OneTimeTearDown]
    public async Task DropDatabase()
    {
        foreach (var cluster in _clusters)
        {
            await cluster.DisposeAsync();
        }

        await _database.DisposeAsync();
    }

    private async Task<IRateLimitStore> StartAsync(TimeProvider? time = null, PgRateLimitStoreOptions? options = null)
    {
        var cluster = new ClusterBuilder()
            .AddInstance(time ?? TimeProvider.System)
            .Add(new PostgresClient(_database.ConnectionString))
            .Add(new PgRateLimitStore(options ?? new PgRateLimitStoreOptions()))
            .Build();
        _clusters.Add(cluster);
        await cluster.CompileAsync();
        await cluster.StartAsync();
        return cluster.Resolve<IRateLimitStore>();
    }

    private static string Key() => "test:ip:" + Guid.NewGuid().ToString("N");

    private async Task<long> CountRowsAsync(string table = "rate_limits")
    {
        await using var connection = await _database.OpenConnectionAsync();
        await using var command = new NpgsqlCommand($"SELECT count(*) FROM {table}", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    [Test]
    public async Task Increment_SameWindow_CountsUpAndNamesTheWindow()
    {
        var store = await StartAsync();
        var key = Key();

        var first = await store.IncrementAsync(key, Window, Minute, 1);
        var second = await store.IncrementAsync(key, Window, Minute, 2);

        Assert.That(first, Is.EqualTo(new RateLimitCount(1, Window)));
        Assert.That(second, Is.EqualTo(new RateLimitCount(3, Window)));
    }

    [Test]
    public async Task Increment_LaterWindow_RestartsTheCount()
    {
        var store = await StartAsync();
        var key = Key();
        await store.IncrementAsync(key, Window, Minute, 5);

        var next = await store.IncrementAsync(key, Window + Minute, Minute, 1);

        Assert.That(next, Is.EqualTo(new RateLimitCount(1, Window + Minute)));
    }

    [Test]
    public async Task Increment_EarlierWindowFromALaggingClock_CountsIntoTheStoredWindow()
    {
        var store = await StartAsync();
        var key = Key();
        await store.IncrementAsync(key, Window + Minute, Minute, 1);

        var lagging = await store.IncrementAsync(key, Window, Minute, 1);

        Assert.That(lagging, Is.EqualTo(new RateLimitCount(2, Window + Minute)));
    }

    [Test]
    public async Task Increment_ConcurrentlyFromTwoClusters_EveryIncrementCountedOnce()
    {
        var stores = await Task.WhenAll(StartAsync(), StartAsync());
        var key = Key();

        var counts = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => stores[i % 2].IncrementAsync(key, Window, Minute, 1).AsTask()));

        Assert.That(counts.Select(c => c.Count).Order(), Is.EqualTo(Enumerable.Range(1, 40).Select(i => (long)i)));
    }

    [Test]
    public async Task Table_HoldsOnlyTheSha256OfEachKey()
    {
        var store = await StartAsync();
        var key = "auth.login:email:" + Guid.NewGuid().ToString("N") + "@example.com";
        await store.IncrementAsync(key, Window, Minute, 1);

        await using var connection = await _database.OpenConnectionAsync();
        await using var command = new NpgsqlCommand("SELECT key FROM rate_limits WHERE key = $1", connection);
        command.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = SHA256.HashData(Encoding.UTF8.GetBytes(key)) });
        var stored = (byte[]?)await command.ExecuteScalarAsync();

        Assert.That(stored, Has.Length.EqualTo(32));
        Assert.That(Encoding.UTF8.GetString(stored!), Does.Not.Contain("@example.com"));
    }

    [Test]
    public async Task Purge_WhileTheClusterRuns_DeletesFinishedWindowsOnly()
    {
        var time = new FakeTimeProvider(Window.AddSeconds(30));
        var options = new PgRateLimitStoreOptions { Table = "purged_limits", PurgeInterval = TimeSpan.FromMinutes(5) };
        var store = await StartAsync(time, options);
        await store.IncrementAsync(Key(), Window, Minute, 1);                          // ends 09:01
        await store.IncrementAsync(Key(), Window, TimeSpan.FromHours(1), 1);           // ends 10:00

        time.Advance(TimeSpan.FromMinutes(5));
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (await CountRowsAsync("purged_limits") != 1 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        Assert.That(await CountRowsAsync("purged_limits"), Is.EqualTo(1));
    }

    [Test]
    public async Task Start_TwoClustersAtOnce_BothCreateTheTableSafely()
    {
        var options = new PgRateLimitStoreOptions { Table = "raced_limits" };

        var stores = await Task.WhenAll(StartAsync(options: options), StartAsync(options: options));
        await stores[0].IncrementAsync(Key(), Window, Minute, 1);

        Assert.That(await CountRowsAsync("raced_limits"), Is.EqualTo(1));
    }

    [Test]
    public async Task Increment_DatabaseUnreachable_DatabaseUnavailable503()
    {
        var unreachable = new NpgsqlConnectionStringBuilder(_database.ConnectionString) { Host = "127.0.0.1", Port = 1, Timeout = 2 }.ConnectionString;
        await using var cluster = new ClusterBuilder()
            .Add(new PostgresClient(new PostgresClientOptions { ConnectionString = unreachable, CheckConnectionOnStart = false }))
            .Add(new PgRateLimitStore(new PgRateLimitStoreOptions { EnsureTableOnStart = false }))
            .Build();
        await cluster.CompileAsync();
        await cluster.StartAsync();

        var error = Assert.ThrowsAsync<DatabaseUnavailableException>(() => cluster.Resolve<IRateLimitStore>().IncrementAsync(Key(), Window, Minute, 1).AsTask());

        Assert.That(error!.StatusCode, Is.EqualTo(503));
        Assert.That(error.RetryAfter, Is.Not.Null);
    }

    [Test]
    public void GetSchemaSql_UnloggedTableWithAnIndexOnTheWindowEnd()
    {
        var sql = new PgRateLimitStore().GetSchemaSql();

        Assert.That(sql, Does.Contain("CREATE UNLOGGED TABLE IF NOT EXISTS rate_limits").And.Contain("key bytea PRIMARY KEY").And.Contain("ON rate_limits (window_end)"));
    }

    [Test]
    public void Create_TableNameNotAPlainIdentifier_Throws()
    {
        Assert.That(() => new PgRateLimitStore(new PgRateLimitStoreOptions { Table = "rate limits; DROP TABLE users" }), Throws.ArgumentException);
    }
}
