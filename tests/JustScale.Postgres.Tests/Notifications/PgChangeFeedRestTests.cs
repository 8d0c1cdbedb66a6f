using System.Diagnostics;
using System.Globalization;
using JustScale.Core;
using JustScale.Postgres.Tests.Models;
using JustScale.Testing;
using Npgsql;

namespace JustScale.Postgres.Tests.Notifications;

/// <summary>The feed's rest (<see cref="PgChangeFeedOptions.IdleAfter"/>): no proof is sent while no cache asks, and after the rest the
/// feed counts as live only once a fresh proof came back, so that a cache never answers from a subscription nobody checked.</summary>
/// <remarks>Run with the default liveness timeout (100 ms: a 1 s proof timeout) and with 300 ms (a 3 s proof timeout, longer than the 64
/// proofs the feed keeps send times for at its 40 ms heartbeat: before the fix, a frozen listener was then never given up).</remarks>
[TestFixture(100)]
[TestFixture(300)]
public sealed class PgChangeFeedRestTests(int livenessMilliseconds)
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30); // an upper limit only
    private static readonly PgModel<DocsUser> Users = PgModel.Create<DocsUser>(new PgModelOptions { Table = "resting_users", NotifyChanges = true });
    private TestDatabase _database = null!;
    private Cluster _cluster = null!;
    private RecordingObserver _observer = null!;
    private ProofCounter _proofs = null!;

    private IChangeFeed Feed => _cluster.Resolve<IChangeFeed>();

    [SetUp]
    public async Task SetUp()
    {
        _database = await TestPostgres.CreateDatabaseAsync("feed_rest");
        _cluster = new ClusterBuilder()
            .Add(new PostgresClient(new PostgresClientOptions { ConnectionString = _database.ConnectionString, EnsureSchemaOnStart = true }))
            .Add(PgRepository.Create(Users))
            .Add(new PgChangeFeed(new PgChangeFeedOptions { IdleAfter = TimeSpan.FromMilliseconds(300), LivenessTimeout = TimeSpan.FromMilliseconds(livenessMilliseconds) }))
            .Build();
        await _cluster.CompileAsync();
        _observer = new RecordingObserver();
        Feed.Subscribe(_observer);
        await _cluster.StartAsync();
        _proofs = await ProofCounter.StartAsync(_database);
    }

    [TearDown]
    public async Task TearDown()
    {
        await _proofs.DisposeAsync();
        await _cluster.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Test]
    public async Task NobodyAsks_AfterIdleAfter_NoProofSent()
    {
        Assert.That(await LiveWithinAsync(Limit), Is.True);

        Assert.That(await _proofs.SilentAsync(TimeSpan.FromSeconds(1), Limit), Is.True, "the proofs rest");
        var before = _proofs.Count;
        await Task.Delay(TimeSpan.FromSeconds(1)); // a window with nobody asking: at 40 ms a heartbeat, 25 proofs if it did not rest

        Assert.That(_proofs.Count, Is.EqualTo(before));
    }

    [Test]
    public async Task Resting_ChangeCommittedThenAsked_DeliveredAndNotLiveUntilAFreshProofCameBack()
    {
        var user = await InsertUserAsync();
        Assert.That(await LiveWithinAsync(Limit), Is.True);
        var generation = Feed.Generation;
        Assert.That(await _proofs.SilentAsync(TimeSpan.FromSeconds(1), Limit), Is.True, "the proofs rest");
        var proofsBefore = _proofs.Count;

        await RenameAsync(user);
        Assert.That(await _observer.WaitForAsync(c => c.Id == user.Id, Limit), Is.True, "changes keep arriving during the rest");

        Assert.That(Feed.IsLive, Is.False, "the first question after the rest: no proof is fresh");
        Assert.That(await LiveWithinAsync(Limit), Is.True, "the question woke the proofs");
        Assert.That((Feed.Generation, _observer.Resets), Is.EqualTo((generation, 1)), "the same subscription, proven again");
        Assert.That(await _proofs.MoreThanAsync(proofsBefore, Limit), Is.True, "a fresh proof went through the pool");
    }

    [Test]
    public async Task Resting_ListenerFrozenThenChangeCommitted_NeverLiveOnTheOldSubscription()
    {
        var user = await InsertUserAsync();
        Assert.That(await LiveWithinAsync(Limit), Is.True);
        var generation = Feed.Generation;
        var listener = await ListenerPidAsync();
        if (!File.Exists($"/proc/{listener}/status"))
        {
            Assert.Ignore("The server is not on this machine: its listening backend cannot be frozen.");
        }

        Assert.That(await _proofs.SilentAsync(TimeSpan.FromSeconds(1), Limit), Is.True, "the proofs rest");
        Signal("STOP", listener); // a connection that goes silent without a reset, as in a network partition
        var liveOnOld = 0;
        try
        {
            await RenameAsync(user);
            var start = Stopwatch.GetTimestamp();
            while (Feed.Generation == generation && Stopwatch.GetElapsedTime(start) < Limit)
            {
                liveOnOld += Feed.IsLive && Feed.Generation == generation ? 1 : 0;
                await Task.Delay(2);
            }
        }
        finally
        {
            Signal("CONT", listener);
        }

        // The change never reached the frozen connection: a cache that answered on it would miss it. The proofs woken by the
        // questions do not come back either, so the feed gives the connection up and subscribes again (observers reset).
        Assert.That(liveOnOld, Is.Zero);
        Assert.That(Feed.Generation, Is.Not.EqualTo(generation));
        Assert.That(await LiveWithinAsync(Limit), Is.True);
        Assert.That(_observer.Resets, Is.EqualTo(2));
    }

    private Task<DocsUser> InsertUserAsync() =>
        _cluster.Resolve<IRepository<DocsUser>>().InsertAsync(new DocsUser { Email = $"{Guid.NewGuid():N}@example.com", PasswordHash = "x" });

    private Task RenameAsync(DocsUser user) =>
        _cluster.Resolve<IRepository<DocsUser>>().UpdateWhereAsync(
            Filter<DocsUser>.Where(DocsUser.Model.Id, user.Id), Changes<DocsUser>.Of(DocsUser.Model.Field(u => u.Name), "Ada"));

    private async Task<bool> LiveWithinAsync(TimeSpan limit)
    {
        var start = Stopwatch.GetTimestamp();
        while (!Feed.IsLive && Stopwatch.GetElapsedTime(start) < limit)
        {
            await Task.Delay(5);
        }

        return Feed.IsLive;
    }

    private async Task<int> ListenerPidAsync()
    {
        await using var connection = await _database.OpenConnectionAsync();
        await using var command = new NpgsqlCommand(
            $"SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND query = 'LISTEN {PgChangeFeed.Channel}' AND pid <> pg_backend_pid() AND pid <> $1", connection);
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = _proofs.BackendPid });
        return (int)(await command.ExecuteScalarAsync())!;
    }

    private static void Signal(string signal, int pid)
    {
        using var kill = Process.Start("kill", [$"-{signal}", pid.ToString(CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }
}
