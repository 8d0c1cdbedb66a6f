using System.Diagnostics;
using JustScale.Core;
using JustScale.Postgres.Tests.Models;
using JustScale.Postgres.Tests.Notifications;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace JustScale.Postgres.Tests.Pooler;

/// <summary>The change feed behind a real PgBouncer in transaction mode: never live without a direct listen connection (one
/// warning naming the setting), live and delivering with one.</summary>
[TestFixture]
public sealed class PgChangeFeedPoolerTests : PoolerFixture
{
    [Test]
    public async Task Feed_TransactionPoolerWithoutListenConnection_NeverLiveAndOneWarningNamingTheSetting()
    {
        var logs = new FakeLogCollector();
        var cluster = await StartClusterAsync(Pooled, logs, feed: new PgChangeFeed());
        var feed = cluster.Resolve<IChangeFeed>();

        var live = 0;
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < TimeSpan.FromSeconds(4)) // the first proof times out after 1 s; then two more attempts
        {
            live += feed.IsLive ? 1 : 0;
            await Task.Delay(5);
        }

        Assert.That(live, Is.Zero, "samples in which the feed claimed to be live");
        await UntilLoggedAsync(logs, LogLevel.Warning, "ConnectionStrings:PostgresListen"); // after the first proof's 1 s, later on a loaded machine
        var warnings = Messages(logs, LogLevel.Warning, "ConnectionStrings:PostgresListen");
        Assert.That(warnings, Has.Count.EqualTo(1), string.Join('\n', logs.GetSnapshot().Select(r => r.Message)));
        Assert.That(warnings[0], Does.Contain("transaction-mode pooler"));
        Assert.That(Messages(logs, LogLevel.Warning, "connection failed"), Is.Empty, "a pooler that drops notifications is not a lost connection");
    }

    [Test]
    public async Task Feed_TransactionPoolerWithListenConnectionFromConfiguration_LiveAndDeliversWritesMadeThroughThePooler()
    {
        var logs = new FakeLogCollector();
        var observer = new RecordingObserver();
        // A liveness window (and proof timeout, ten of them) a loaded machine never reaches: one subscription, so one "came back" line.
        var cluster = await StartClusterAsync(Pooled, logs, feed: new PgChangeFeed(new PgChangeFeedOptions { LivenessTimeout = TimeSpan.FromSeconds(5) }),
            configuration: new Dictionary<string, string?> { [PgChangeFeed.ListenConnectionStringKey] = Database.ConnectionString });
        var feed = cluster.Resolve<IChangeFeed>();
        feed.Subscribe(observer);
        var users = cluster.Resolve<IRepository<DocsUser>>();

        var user = await users.InsertAsync(NewUser());
        await users.DeleteAsync(user.Id);

        Assert.That(await LiveWithinAsync(feed, TimeSpan.FromSeconds(30)), Is.True, "live (a proof delayed on a loaded machine leaves it not live for a moment)");
        Assert.That(await observer.WaitForAsync(c => c.Id == user.Id, TimeSpan.FromSeconds(30)), Is.True);
        Assert.That(Messages(logs, LogLevel.Warning, "PostgresListen"), Is.Empty);
        Assert.That(Messages(logs, LogLevel.Information, "its own notification came back"), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Feed_ListenConnectionThroughThePoolerToo_NotLiveAndWarnsThatItMustBeDirect()
    {
        var logs = new FakeLogCollector();
        var cluster = await StartClusterAsync(Pooled, logs, feed: new PgChangeFeed(new PgChangeFeedOptions { ListenConnectionString = Pooled }));

        await UntilLoggedAsync(logs, LogLevel.Warning, "must reach the same database directly"); // after the first proof's 1 s

        Assert.That(cluster.Resolve<IChangeFeed>().IsLive, Is.False);
        Assert.That(Messages(logs, LogLevel.Warning, "must reach the same database directly"), Has.Count.EqualTo(1));
    }

    /// <summary>Waits (30 s at most; the assertions after it tell what is missing) until a record at <paramref name="level"/> containing <paramref name="part"/> was logged.</summary>
    private static async Task UntilLoggedAsync(FakeLogCollector logs, LogLevel level, string part)
    {
        var since = Stopwatch.GetTimestamp();
        while (Messages(logs, level, part).Count == 0 && Stopwatch.GetElapsedTime(since) < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(10);
        }
    }

    private static async Task<bool> LiveWithinAsync(IChangeFeed feed, TimeSpan limit)
    {
        var since = Stopwatch.GetTimestamp();
        while (!feed.IsLive && Stopwatch.GetElapsedTime(since) < limit)
        {
            await Task.Delay(5);
        }

        return feed.IsLive;
    }
}
