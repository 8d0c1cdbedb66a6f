using System.Diagnostics;
using System.Net;
using JustScale.Core;
using JustScale.Postgres;
using JustScale.Testing;
using Npgsql;

namespace JustScale.Auth.Tests.Sessions;

/// <summary>Two instances (clusters with their own Kestrel) on one PostgreSQL database, both caching sessions:
/// whatever ends a session or changes its user on A is refused by B within the bound, whatever connection dies.</summary>
[TestFixture]
public sealed partial class SessionCacheTests
{
    private static readonly TimeSpan Slack = TimeSpan.FromSeconds(1); // the bound (LatencyBound: the median, every sample in the full form); the 100 ms goal is reported
    private static readonly TimeSpan Goal = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan LiveWait = TimeSpan.FromSeconds(30); // an upper limit only: the feed is live in milliseconds
    private TestDatabase _database = null!;
    private CacheInstance _a = null!;
    private CacheInstance _b = null!;
    private User _user = null!;

    [OneTimeSetUp]
    public async Task StartInstances()
    {
        _database = await TestPostgres.CreateDatabaseAsync("session_cache");
        _a = await CacheInstance.StartAsync(_database.ConnectionString);
        _b = await CacheInstance.StartAsync(_database.ConnectionString);
        _user = await _a.Users.RegisterAsync("ada@example.com", "correct horse battery staple");
    }

    [OneTimeTearDown]
    public async Task StopInstances()
    {
        await _a.DisposeAsync();
        await _b.DisposeAsync();
        await _database.DisposeAsync();
    }

    [SetUp]
    public async Task BothLive()
    {
        await _a.WaitLiveAsync(LiveWait);
        await _b.WaitLiveAsync(LiveWait);
    }

    /// <summary>Creates a session on A and has B cache it (one miss, then hits).</summary>
    private async Task<Session> CachedOnBAsync(User? user = null)
    {
        var session = await _a.Sessions.CreateAsync(user ?? _user);
        Assert.That(await _b.MeAsync(session.Token), Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await _b.MeAsync(session.Token), Is.EqualTo(HttpStatusCode.OK));
        return session;
    }

    [Test]
    public async Task Lookup_CachedOnB_LaterRequestsReadNothing()
    {
        var session = await CachedOnBAsync();

        var lookups = await LookupsOfAPassAsync(_b, Enumerable.Repeat(session.Token, 20));

        Assert.That(_b.Sessions.IsCaching, Is.True);
        Assert.That(lookups, Is.Zero);
    }

    /// <remarks>Each trial waits for the refusal up to <see cref="LatencyBound.Patience"/> (10 s, below the refresher's 15 s: a refusal
    /// within it came by notification); the median of the 20 is held to <see cref="Slack"/>, every one in the full form.</remarks>
    [Test]
    public async Task Revoke_OnA_RefusedByBIn20Of20WithMedianWithinBound()
    {
        var latencies = new List<TimeSpan>();
        for (var trial = 0; trial < 20; trial++)
        {
            var session = await CachedOnBAsync();

            Assert.That(await _a.Sessions.RevokeAsync(session.Id), Is.True);
            var since = Stopwatch.GetTimestamp(); // the revoking response is in
            var refused = await _b.TimeToRefusalAsync(session.Token, since, LatencyBound.Patience);

            Assert.That(refused, Is.Not.Null, $"trial {trial}: B still accepted the token {LatencyBound.Patience.TotalSeconds} s after the revoke");
            latencies.Add(refused!.Value);
        }

        TestContext.Progress.WriteLine($"revocation A -> B: {latencies.Count(l => l < Goal)} of 20 under {Goal.TotalMilliseconds} ms");
        LatencyBound.AssertMedian(latencies, Slack, "revocation A -> B, 20 trials");
    }

    /// <remarks>What must never happen is causal, not timed: once B refused the token, no request sent after that answer is accepted
    /// (a hit racing the eviction must not put the session back). How late the last accepted request started after the revoke
    /// returned is held to the 100 ms goal in the full form and reported always.</remarks>
    [Test]
    public async Task Revoke_UnderStormOfCacheHitsOnB_NoRequestAcceptedAfterTheFirstRefusal()
    {
        var session = await CachedOnBAsync();
        var answers = new List<(double StartedMs, double EndedMs, HttpStatusCode Status)>();
        var origin = Stopwatch.GetTimestamp();
        double Now() => Stopwatch.GetElapsedTime(origin).TotalMilliseconds;
        using var storm = new CancellationTokenSource();

        async Task HammerAsync()
        {
            while (!storm.IsCancellationRequested)
            {
                var started = Now();
                var status = await _b.MeAsync(session.Token);
                var ended = Now();
                lock (answers)
                {
                    answers.Add((started, ended, status));
                }
            }
        }

        int Count(Func<(double StartedMs, double EndedMs, HttpStatusCode Status), bool> match)
        {
            lock (answers)
            {
                return answers.Count(match);
            }
        }

        var hammers = Enumerable.Range(0, 8).Select(_ => Task.Run(HammerAsync)).ToList();
        await UntilAsync(() => Count(a => a.Status == HttpStatusCode.OK) >= 40); // hits before the revoke
        await _a.Sessions.RevokeAsync(session.Id);
        var revokedAtMs = Now();
        await UntilAsync(() => Count(a => a.Status == HttpStatusCode.Unauthorized) >= 1);
        var firstRefusal = Count(_ => true);
        await UntilAsync(() => Count(_ => true) >= firstRefusal + 100); // the storm goes on: a session put back would show
        await storm.CancelAsync();
        await Task.WhenAll(hammers);

        var refusedAnswerMs = answers.Where(a => a.Status == HttpStatusCode.Unauthorized).Select(a => a.EndedMs).DefaultIfEmpty(double.MaxValue).Min();
        var lastAccepted = answers.Where(a => a.Status == HttpStatusCode.OK).Max(a => a.StartedMs) - revokedAtMs;
        TestContext.Progress.WriteLine(
            $"storm on B: {answers.Count} requests, {answers.Count(a => a.Status == HttpStatusCode.OK)} accepted; the last accepted one started {lastAccepted:F1} ms after the revoke returned, " +
            $"the first refusal was answered {refusedAnswerMs - revokedAtMs:F1} ms after it");
        Assert.That(answers.Count(a => a.StartedMs < revokedAtMs && a.Status == HttpStatusCode.OK), Is.GreaterThan(10));
        Assert.That(refusedAnswerMs - revokedAtMs, Is.LessThan(LatencyBound.Patience.TotalMilliseconds), "B refused the revoked token");
        Assert.That(answers.Where(a => a.StartedMs > refusedAnswerMs).Select(a => a.Status), Has.All.EqualTo(HttpStatusCode.Unauthorized), "no request after the first refusal was accepted");
        Assert.That(answers.Count(a => a.StartedMs > refusedAnswerMs), Is.GreaterThanOrEqualTo(50), "the storm went on after the first refusal");
        Assert.That(answers.Select(a => a.Status), Has.All.AnyOf(HttpStatusCode.OK, HttpStatusCode.Unauthorized));
        LatencyBound.AssertSingle(TimeSpan.FromMilliseconds(Math.Max(0, lastAccepted)), Goal, "storm on B: the last accepted request started after the revoke returned");
    }

    /// <summary>Waits until <paramref name="condition"/> holds, up to <see cref="LatencyBound.Patience"/> (the assertions after it tell what was missing).</summary>
    private static async Task UntilAsync(Func<bool> condition)
    {
        var since = Stopwatch.GetTimestamp();
        while (!condition() && Stopwatch.GetElapsedTime(since) < LatencyBound.Patience)
        {
            await Task.Delay(5);
        }
    }

    [Test]
    public async Task EveryConnectionTerminated_ThenRevokeOnA_RefusedByBWithinBound()
    {
        var session = await CachedOnBAsync();

        await TerminateAsync("pid <> pg_backend_pid()");
        await RevokeRetryingAsync(session.Id);
        var since = Stopwatch.GetTimestamp();
        var refused = await _b.TimeToRefusalAsync(session.Token, since, LatencyBound.Patience);

        Assert.That(refused, Is.Not.Null);
        LatencyBound.AssertSingle(refused!.Value, Slack, "every connection terminated, then a revoke on A: B refused after");
        await _b.WaitLiveAsync(LiveWait);
        Assert.That(_b.Feed.IsLive, Is.True, "B's feed subscribes again");
        Assert.That(_b.Sessions.IsCaching, Is.True);
    }

    [Test]
    public async Task ListenersTerminated_ThenRevokeOnA_RefusedByBWithinBoundAndCachingResumes()
    {
        var session = await CachedOnBAsync();
        var generation = _b.Feed.Generation;

        await TerminateAsync($"query IN ('LISTEN {PgChangeFeed.Channel}', 'SELECT 1')");
        Assert.That(await _a.Sessions.RevokeAsync(session.Id), Is.True);
        var refused = await _b.TimeToRefusalAsync(session.Token, Stopwatch.GetTimestamp(), LatencyBound.Patience);

        Assert.That(refused, Is.Not.Null);
        LatencyBound.AssertSingle(refused!.Value, Slack, "listeners terminated, then a revoke on A: B refused after");
        await _b.WaitLiveAsync(LiveWait);
        Assert.That(_b.Feed.Generation, Is.GreaterThan(generation));
        var next = await CachedOnBAsync();
        using var queries = new QueryCounter(CacheInstance.SessionTable);
        Assert.That(await _b.MeAsync(next.Token), Is.EqualTo(HttpStatusCode.OK));
        Assert.That(queries.Count, Is.Zero, "after the reconnect B answers from its cache again");
    }

    private async Task TerminateAsync(string where)
    {
        await using var connection = new NpgsqlConnection(_database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            $"SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = current_database() AND {where}", connection);
        var terminated = (long)(await command.ExecuteScalarAsync())!;
        Assert.That(terminated, Is.GreaterThan(0));
    }

    // Every pooled connection of A was just terminated: a write meets a dead one at most once per pooled connection.
    private async Task RevokeRetryingAsync(Guid sessionId)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await _a.Sessions.RevokeAsync(sessionId);
                return;
            }
            catch (DatabaseUnavailableException) when (attempt < 20)
            {
            }
        }
    }
}
