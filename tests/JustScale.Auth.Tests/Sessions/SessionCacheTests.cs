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
    private static readonly TimeSpan Slack = TimeSpan.FromSeconds(1); // the asserted bound; the 100 ms goal is reported
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
        await _a.WaitLiveAsync(TimeSpan.FromSeconds(10));
        await _b.WaitLiveAsync(TimeSpan.FromSeconds(10));
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

    [Test]
    public async Task Revoke_OnA_RefusedByBWithinBoundIn20Of20()
    {
        var latencies = new List<double>();
        for (var trial = 0; trial < 20; trial++)
        {
            var session = await CachedOnBAsync();

            Assert.That(await _a.Sessions.RevokeAsync(session.Id), Is.True);
            var since = Stopwatch.GetTimestamp(); // the revoking response is in
            var refused = await _b.TimeToRefusalAsync(session.Token, since, Slack);

            Assert.That(refused, Is.Not.Null, $"trial {trial}: B still accepted the token {Slack.TotalSeconds} s after the revoke");
            latencies.Add(refused!.Value.TotalMilliseconds);
        }

        latencies.Sort();
        TestContext.Progress.WriteLine(
            $"revocation A -> B, 20 trials: p50 {latencies[9]:F1} ms, p99 {latencies[^1]:F1} ms, {latencies.Count(l => l < 100)} of 20 under 100 ms");
        Assert.That(latencies, Has.All.LessThan(Slack.TotalMilliseconds));
    }

    [Test]
    public async Task Revoke_UnderStormOfCacheHitsOnB_NoLaterRequestAccepted()
    {
        var session = await CachedOnBAsync();
        var answers = new List<(double StartedMs, HttpStatusCode Status)>();
        var origin = Stopwatch.GetTimestamp();
        var revokedAtMs = double.MaxValue;
        using var storm = new CancellationTokenSource(TimeSpan.FromSeconds(2));

        async Task HammerAsync()
        {
            while (!storm.IsCancellationRequested)
            {
                var started = Stopwatch.GetElapsedTime(origin).TotalMilliseconds;
                var status = await _b.MeAsync(session.Token);
                lock (answers)
                {
                    answers.Add((started, status));
                }
            }
        }

        var hammers = Enumerable.Range(0, 8).Select(_ => Task.Run(HammerAsync)).ToList();
        await Task.Delay(500);
        await _a.Sessions.RevokeAsync(session.Id);
        revokedAtMs = Stopwatch.GetElapsedTime(origin).TotalMilliseconds;
        await Task.WhenAll(hammers);

        var lastAccepted = answers.Where(a => a.Status == HttpStatusCode.OK).Max(a => a.StartedMs) - revokedAtMs;
        TestContext.Progress.WriteLine(
            $"storm on B: {answers.Count} requests, {answers.Count(a => a.Status == HttpStatusCode.OK)} accepted; the last accepted one started {lastAccepted:F1} ms after the revoke returned");
        Assert.That(answers.Count(a => a.StartedMs < revokedAtMs && a.Status == HttpStatusCode.OK), Is.GreaterThan(10));
        Assert.That(answers.Where(a => a.StartedMs > revokedAtMs + Slack.TotalMilliseconds).Select(a => a.Status), Has.All.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(answers.Where(a => a.StartedMs > revokedAtMs + 100).Select(a => a.Status), Has.All.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(answers.Select(a => a.Status), Has.All.AnyOf(HttpStatusCode.OK, HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task EveryConnectionTerminated_ThenRevokeOnA_RefusedByBWithinBound()
    {
        var session = await CachedOnBAsync();

        await TerminateAsync("pid <> pg_backend_pid()");
        await RevokeRetryingAsync(session.Id);
        var since = Stopwatch.GetTimestamp();
        var refused = await _b.TimeToRefusalAsync(session.Token, since, Slack);

        TestContext.Progress.WriteLine($"every connection terminated, then a revoke on A: B refused after {refused?.TotalMilliseconds:F1} ms");
        Assert.That(refused, Is.Not.Null);
        await _b.WaitLiveAsync(TimeSpan.FromSeconds(10));
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
        var refused = await _b.TimeToRefusalAsync(session.Token, Stopwatch.GetTimestamp(), Slack);

        Assert.That(refused, Is.Not.Null);
        await _b.WaitLiveAsync(TimeSpan.FromSeconds(10));
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
