using System.Diagnostics;
using JustScale.Core;
using JustScale.Postgres.Tests.Models;
using JustScale.Testing;
using Npgsql;

namespace JustScale.Postgres.Tests.Notifications;

/// <summary>Tests the notify triggers and the listening feed on a real PostgreSQL: what is delivered, what is not, and liveness.</summary>
[TestFixture]
public sealed class PgChangeFeedTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30); // an upper limit only: deliveries take milliseconds

    /// <summary>The feed these tests run with: the default heartbeat, and a liveness window (and so a proof timeout, ten of them) that
    /// a loaded machine delaying a proof never reaches: the observers are reset only by what a test does, so their count is exact.
    /// A dead connection is noticed by its error whatever the window; a silent one, with the default window, in PgChangeFeedRestTests.</summary>
    private static readonly PgChangeFeedOptions Steady = new() { LivenessTimeout = TimeSpan.FromSeconds(5) };
    private static readonly PgModel<DocsUser> Users = PgModel.Create<DocsUser>(new PgModelOptions { Table = "notified_users", NotifyChanges = true });
    private static readonly PgModel<DocsSession> Sessions = PgModel.Create<DocsSession>(new PgModelOptions { Table = "notified_sessions" })
        .WithChangeNotifications(nameof(DocsSession.LastActiveAt));

    private TestDatabase _database = null!;
    private Cluster _cluster = null!;
    private RecordingObserver _observer = null!;

    private IChangeFeed Feed => _cluster.Resolve<IChangeFeed>();

    [SetUp]
    public async Task SetUp()
    {
        _database = await TestPostgres.CreateDatabaseAsync("change_feed");
        _cluster = new ClusterBuilder()
            .Add(new PostgresClient(new PostgresClientOptions { ConnectionString = _database.ConnectionString, EnsureSchemaOnStart = true }))
            .Add(PgRepository.Create(Users))
            .Add(PgRepository.Create(Sessions))
            .Add(new PgChangeFeed(Steady))
            .Build();
        await _cluster.CompileAsync();
        _observer = new RecordingObserver();
        Feed.Subscribe(_observer);
        await _cluster.StartAsync();
    }

    [TearDown]
    public async Task TearDown()
    {
        await _cluster.DisposeAsync();
        await _database.DisposeAsync();
    }

    private async Task<(DocsUser User, DocsSession Session)> InsertAsync()
    {
        var user = await _cluster.Resolve<IRepository<DocsUser>>().InsertAsync(new DocsUser { Email = $"{Guid.NewGuid():N}@example.com", PasswordHash = "x" });
        var session = await _cluster.Resolve<IRepository<DocsSession>>().InsertAsync(new DocsSession
        {
            User = user,
            Token = Guid.NewGuid().ToString("N"),
            ExpiresAt = DateTimeOffset.UtcNow.AddHours(1),
            LastActiveAt = DateTimeOffset.UtcNow,
        });
        return (user, session);
    }

    private async Task<int> SqlAsync(string sql)
    {
        await using var connection = await _database.OpenConnectionAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteNonQueryAsync();
    }

    /// <summary>Waits until the feed is live: a proof that comes back late on a loaded machine leaves it not live for a moment.</summary>
    private async Task<bool> LiveWithinAsync(TimeSpan limit)
    {
        var start = Stopwatch.GetTimestamp();
        while (!Feed.IsLive && Stopwatch.GetElapsedTime(start) < limit)
        {
            await Task.Delay(5);
        }

        return Feed.IsLive;
    }

    [Test]
    public async Task Start_FeedSubscribed_LiveAndObserversReset()
    {
        Assert.That(await LiveWithinAsync(Limit), Is.True);
        Assert.That(_observer.Resets, Is.EqualTo(1));
        Assert.That(Feed.Covers(typeof(DocsUser)) && Feed.Covers(typeof(DocsSession)), Is.True);
        Assert.That(Feed.Covers(typeof(string)), Is.False);
    }

    [Test]
    public async Task UpdateAndDelete_ByRepositoryOrSql_DeliveredWithTypeAndId()
    {
        var (user, session) = await InsertAsync();

        await _cluster.Resolve<IRepository<DocsUser>>().UpdateWhereAsync(
            Filter<DocsUser>.Where(DocsUser.Model.Id, user.Id), Changes<DocsUser>.Of(DocsUser.Model.Field(u => u.Name), "Ada"));
        await SqlAsync($"DELETE FROM notified_sessions WHERE id = '{session.Id}'");

        Assert.That(await _observer.WaitForAsync(c => c == new EntityChange(typeof(DocsUser), user.Id), Limit), Is.True);
        Assert.That(await _observer.WaitForAsync(c => c == new EntityChange(typeof(DocsSession), session.Id), Limit), Is.True);
    }

    [Test]
    public async Task DeleteUser_CascadedSessionDeletes_DeliveredToo()
    {
        var (user, session) = await InsertAsync();

        await _cluster.Resolve<IRepository<DocsUser>>().DeleteAsync(user.Id);

        Assert.That(await _observer.WaitForAsync(c => c.Id == session.Id && c.EntityType == typeof(DocsSession), Limit), Is.True);
    }

    [Test]
    public async Task Update_IgnoredFieldOnly_NothingDelivered()
    {
        var (_, session) = await InsertAsync();
        await SqlAsync($"UPDATE notified_sessions SET last_active_at = now() WHERE id = '{session.Id}'");
        await SqlAsync($"UPDATE notified_sessions SET user_agent = 'marker' WHERE id = '{session.Id}'"); // after the first, on the same channel

        Assert.That(await _observer.WaitForAsync(c => c.Id == session.Id, Limit), Is.True);
        Assert.That(_observer.Changes.Count(c => c.Id == session.Id), Is.EqualTo(1));
    }

    [Test]
    public async Task Update_RolledBack_NothingDelivered()
    {
        var (user, _) = await InsertAsync();
        await SqlAsync($"BEGIN; UPDATE notified_users SET name = 'gone' WHERE id = '{user.Id}'; ROLLBACK");
        await SqlAsync($"UPDATE notified_users SET name = 'kept' WHERE id = '{user.Id}'");

        Assert.That(await _observer.WaitForAsync(c => c.Id == user.Id, Limit), Is.True);
        Assert.That(_observer.Changes.Count(c => c.Id == user.Id), Is.EqualTo(1));
    }

    [Test]
    public async Task ListeningConnectionTerminated_NotLiveAtOnceThenResetAndLiveUnderNewGeneration()
    {
        var generation = Feed.Generation;

        await SqlAsync($"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND query IN ('LISTEN {PgChangeFeed.Channel}', 'SELECT 1') AND pid <> pg_backend_pid()");
        var start = Stopwatch.GetTimestamp();
        while (Feed.IsLive && Stopwatch.GetElapsedTime(start) < Limit)
        {
            await Task.Delay(1);
        }

        var noticed = Stopwatch.GetElapsedTime(start);
        while (!Feed.IsLive && Stopwatch.GetElapsedTime(start) < Limit)
        {
            await Task.Delay(5);
        }

        // Noticed by the connection's error: the liveness window (5 s) or a proof timeout (50 s) would take longer. The 1 s bound of
        // a quiet machine is held in the full form (LatencyBound).
        Assert.That(noticed, Is.LessThan(Steady.LivenessTimeout));
        LatencyBound.AssertSingle(noticed, TimeSpan.FromSeconds(1), "listening connection terminated: not live after");
        Assert.That(Feed.IsLive, Is.True);
        Assert.That(Feed.Generation, Is.GreaterThan(generation));
        Assert.That(_observer.Resets, Is.EqualTo(2));
        var (user, _) = await InsertAsync();
        await SqlAsync($"UPDATE notified_users SET name = 'after' WHERE id = '{user.Id}'");
        Assert.That(await _observer.WaitForAsync(c => c.Id == user.Id, Limit), Is.True, "subscribed again");
    }

    [Test]
    public void Schema_NotifyingModels_TriggersInSchemaSqlAndIdempotent()
    {
        var sql = _cluster.Resolve<PostgresClient>().GetSchemaSql();

        Assert.That(sql, Does.Contain("CREATE TRIGGER justscale_notify_notified_sessions AFTER UPDATE OR DELETE"));
        Assert.That(sql, Does.Contain("CREATE TRIGGER justscale_notify_notified_users"));
        Assert.DoesNotThrowAsync(() => _cluster.Resolve<PostgresClient>().EnsureSchemaAsync());
    }

    [Test]
    public void WithChangeNotifications_UnknownField_ThrowsNamingIt()
    {
        var error = Assert.Throws<ArgumentException>(() => PgModel.Create<DocsUser>().WithChangeNotifications("Nope"));
        Assert.That(error!.Message, Does.Contain("Nope"));
    }
}
