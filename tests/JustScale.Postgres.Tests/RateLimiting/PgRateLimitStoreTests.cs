using System.Security.Cryptography;
using System.Text;
using JustScale.Core;
using JustScale.Testing;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace JustScale.Postgres.Tests.RateLimiting;

/// <summary>Tests the PostgreSQL rate limit store: atomic counting shared by clusters, windows, HMAC'd keys and their secret, local refusals, the connection bound and the purge.</summary>
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
            .Provide(time ?? TimeProvider.System)
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
    public async Task Table_KeyIsTheHmacUnderTheGeneratedSecret_NotThePlainSha256()
    {
        var store = await StartAsync();
        var key = "auth.login:email:" + Guid.NewGuid().ToString("N") + "@example.com";
        await store.IncrementAsync(key, Window, Minute, 1);

        await using var connection = await _database.OpenConnectionAsync();
        await using var secretQuery = new NpgsqlCommand("SELECT secret FROM rate_limits_secret", connection);
        var secret = (byte[])(await secretQuery.ExecuteScalarAsync())!;

        Assert.That(secret, Has.Length.EqualTo(32));
        Assert.That(await CountKeyAsync(connection, SHA256.HashData(Encoding.UTF8.GetBytes(key))), Is.Zero);
        Assert.That(await CountKeyAsync(connection, HMACSHA256.HashData(secret, Encoding.UTF8.GetBytes(key))), Is.EqualTo(1));
    }

    [Test]
    public async Task Table_ConfiguredSecret_KeyIsItsHmacAndNoSecretIsStored()
    {
        var secret = RandomNumberGenerator.GetBytes(32);
        var options = new PgRateLimitStoreOptions { Table = "configured_limits", Secret = secret };
        var store = await StartAsync(options: options);
        var key = "auth.login:ip:127.0.0.1";
        await store.IncrementAsync(key, Window, Minute, 1);

        await using var connection = await _database.OpenConnectionAsync();

        Assert.That(await CountKeyAsync(connection, HMACSHA256.HashData(secret, Encoding.UTF8.GetBytes(key)), "configured_limits"), Is.EqualTo(1));
        Assert.That(await CountKeyAsync(connection, SHA256.HashData(Encoding.UTF8.GetBytes(key)), "configured_limits"), Is.Zero);
        Assert.That(await TableExistsAsync(connection, "configured_limits_secret"), Is.False);
    }

    [Test]
    public async Task Increment_TwoStoresWithTheSameSecret_CountTheKeyTogether()
    {
        var secret = RandomNumberGenerator.GetBytes(32);
        var stores = await Task.WhenAll(
            StartAsync(options: new PgRateLimitStoreOptions { Table = "secret_limits", Secret = secret }),
            StartAsync(options: new PgRateLimitStoreOptions { Table = "secret_limits", Secret = secret }));
        var key = Key();

        await stores[0].IncrementAsync(key, Window, Minute, 1);
        var second = await stores[1].IncrementAsync(key, Window, Minute, 1);

        Assert.That(second.Count, Is.EqualTo(2));
    }

    [Test]
    public async Task Increment_TwoStoresWithDifferentSecrets_CountTheKeyApart()
    {
        var stores = await Task.WhenAll(
            StartAsync(options: new PgRateLimitStoreOptions { Table = "secret_limits", Secret = RandomNumberGenerator.GetBytes(32) }),
            StartAsync(options: new PgRateLimitStoreOptions { Table = "secret_limits", Secret = RandomNumberGenerator.GetBytes(32) }));
        var key = Key();

        await stores[0].IncrementAsync(key, Window, Minute, 1);
        var second = await stores[1].IncrementAsync(key, Window, Minute, 1);

        Assert.That(second.Count, Is.EqualTo(1));
    }

    [Test]
    public async Task Start_TwoClustersWithoutASecret_ShareOneGeneratedSecret()
    {
        var options = new PgRateLimitStoreOptions { Table = "generated_limits" };
        var stores = await Task.WhenAll(StartAsync(options: options), StartAsync(options: options));
        var key = Key();

        await stores[0].IncrementAsync(key, Window, Minute, 1);
        var second = await stores[1].IncrementAsync(key, Window, Minute, 1);

        Assert.That(second.Count, Is.EqualTo(2));
        Assert.That(await CountRowsAsync("generated_limits_secret"), Is.EqualTo(1));
    }

    [Test]
    public void Create_SecretShorterThan32Bytes_Throws()
    {
        Assert.That(() => new PgRateLimitStore(new PgRateLimitStoreOptions { Secret = new byte[31] }), Throws.ArgumentException);
        Assert.That(() => new PgRateLimitStoreOptions().WithSecret(Convert.ToBase64String(new byte[16])), Throws.ArgumentException);
    }

    [Test]
    public void WithSecret_Base64Of32Bytes_DecodesIt()
    {
        var secret = RandomNumberGenerator.GetBytes(32);

        Assert.That(new PgRateLimitStoreOptions().WithSecret(Convert.ToBase64String(secret)).Secret, Is.EqualTo(secret));
    }

    [Test]
    public async Task Increment_KeyAtItsLimit_AnsweredFromMemoryWithoutAStatement()
    {
        var store = (PgRateLimitStore)await StartAsync(new FakeTimeProvider(Window.AddSeconds(30)));
        var key = Key();
        for (var i = 0; i < 3; i++)
        {
            await store.IncrementAsync(key, Window, Minute, 1, permitLimit: 3);
        }

        var statements = store.Statements;
        var refused = new List<RateLimitCount>();
        for (var i = 0; i < 10; i++)
        {
            refused.Add(await store.IncrementAsync(key, Window, Minute, 1, permitLimit: 3));
        }

        Assert.That(store.Statements - statements, Is.Zero);
        Assert.That(store.AnsweredLocally, Is.EqualTo(10));
        Assert.That(refused.Select(c => c.Count), Has.All.GreaterThan(3));
        Assert.That(refused.Select(c => c.WindowStart), Has.All.EqualTo(Window));
        Assert.That(await StoredCountAsync(key), Is.EqualTo(3), "the row still holds the three counted requests");
    }

    [Test]
    public async Task Increment_KeyRefusedLocally_NextWindowCountsInTheDatabaseAgain()
    {
        var time = new FakeTimeProvider(Window.AddSeconds(30));
        var store = (PgRateLimitStore)await StartAsync(time, new PgRateLimitStoreOptions { Table = "windowed_limits" });
        var key = Key();
        await store.IncrementAsync(key, Window, Minute, 2, permitLimit: 2);

        time.Advance(Minute);
        var next = await store.IncrementAsync(key, Window + Minute, Minute, 1, permitLimit: 2);

        Assert.That(next, Is.EqualTo(new RateLimitCount(1, Window + Minute)));
        Assert.That(store.AnsweredLocally, Is.Zero);
    }

    [Test]
    public async Task Increment_200ConcurrentOnOneKey_StatementsAndConnectionsStayBounded()
    {
        const int limit = 5;
        const int slots = 2;
        var application = "limits_" + Guid.NewGuid().ToString("N")[..8];
        var connectionString = new NpgsqlConnectionStringBuilder(_database.ConnectionString) { ApplicationName = application }.ConnectionString;
        var cluster = new ClusterBuilder()
            .Provide<TimeProvider>(new FakeTimeProvider(Window.AddSeconds(30)))
            .Add(new PostgresClient(connectionString))
            .Add(new PgRateLimitStore(new PgRateLimitStoreOptions { Table = "burst_limits", MaxConcurrentCommands = slots, CommandSlotWait = TimeSpan.FromSeconds(30) }))
            .Build();
        _clusters.Add(cluster);
        await cluster.CompileAsync();
        await cluster.StartAsync();
        var store = (PgRateLimitStore)cluster.Resolve<IRateLimitStore>();
        var before = store.Statements;
        var key = Key();

        var counts = await Task.WhenAll(Enumerable.Range(0, 200).Select(_ => Task.Run(() => store.IncrementAsync(key, Window, Minute, 1, permitLimit: limit).AsTask())));

        Assert.That(counts.Count(c => c.Count <= limit), Is.EqualTo(limit));
        // Once a statement returns the count at the limit, later ones are answered from memory; only those already
        // holding one of the slots at that moment still run: at most limit + slots - 1 statements in all.
        Assert.That(store.Statements - before, Is.InRange(limit, limit + slots - 1));
        Assert.That(await ConnectionsAsync(application), Is.InRange(1, slots), "the pool keeps every connection it opened: at most one per slot");
    }

    private async Task<long> ConnectionsAsync(string application)
    {
        await using var connection = await _database.OpenConnectionAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM pg_stat_activity WHERE application_name = $1", connection);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = application });
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private async Task<long> StoredCountAsync(string key)
    {
        await using var connection = await _database.OpenConnectionAsync();
        await using var secretQuery = new NpgsqlCommand("SELECT secret FROM rate_limits_secret", connection);
        var secret = (byte[])(await secretQuery.ExecuteScalarAsync())!;
        await using var command = new NpgsqlCommand("SELECT count FROM rate_limits WHERE key = $1", connection);
        command.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = HMACSHA256.HashData(secret, Encoding.UTF8.GetBytes(key)) });
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<long> CountKeyAsync(NpgsqlConnection connection, byte[] digest, string table = "rate_limits")
    {
        await using var command = new NpgsqlCommand($"SELECT count(*) FROM {table} WHERE key = $1", connection);
        command.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = digest });
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<bool> TableExistsAsync(NpgsqlConnection connection, string table)
    {
        await using var command = new NpgsqlCommand("SELECT to_regclass($1) IS NOT NULL", connection);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = table });
        return (bool)(await command.ExecuteScalarAsync())!;
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
        var deadline = DateTime.UtcNow.AddSeconds(30); // an upper limit: the purge runs in milliseconds
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

        Assert.That(sql, Does.Contain("CREATE UNLOGGED TABLE IF NOT EXISTS rate_limits ").And.Contain("key bytea PRIMARY KEY").And.Contain("ON rate_limits (window_end)"));
    }

    [Test]
    public void Create_TableNameNotAPlainIdentifier_Throws()
    {
        Assert.That(() => new PgRateLimitStore(new PgRateLimitStoreOptions { Table = "rate limits; DROP TABLE users" }), Throws.ArgumentException);
    }
}
