using System.Collections.Concurrent;
using System.Diagnostics;
using JustScale.Core;
using JustScale.Testing;
using Npgsql;

namespace JustScale.Reliability.Tests;

/// <summary>Two in-process examples with the session cache on (PgChangeFeed), on their own PostgreSQL server, which is
/// restarted while both serve cached profiles: no token revoked before, during or right after the restart is ever accepted again.</summary>
[TestFixture]
public sealed class SessionCacheRestartTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(1); // held in the full form (LatencyBound); how many stayed under 100 ms is reported
    private PostgresServer _server = null!;
    private InProcessExample _a = null!;
    private InProcessExample _b = null!;
    private ApiClient _clientA = null!;
    private ApiClient _clientB = null!;

    [OneTimeSetUp]
    public async Task StartExamples()
    {
        _server = await PostgresServer.StartLocalAsync();
        var connectionString = new NpgsqlConnectionStringBuilder(_server.ConnectionString) { Timeout = 3, CommandTimeout = 5, CancellationTimeout = -1 }.ConnectionString;
        _a = await InProcessExample.StartAsync(connectionString);
        _b = await InProcessExample.StartAsync(connectionString);
        _clientA = new ApiClient(_a.Url, TimeSpan.FromSeconds(60));
        _clientB = new ApiClient(_b.Url, TimeSpan.FromSeconds(60));
    }

    [OneTimeTearDown]
    public async Task StopExamples()
    {
        _clientA?.Dispose();
        _clientB?.Dispose();
        foreach (var example in new[] { _a, _b })
        {
            if (example is not null)
            {
                await example.DisposeAsync();
            }
        }

        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    [Test]
    public async Task Database_RestartedUnderCachedLoad_NothingRevokedComesBack()
    {
        var email = $"restart-{Guid.NewGuid():N}@example.com";
        await _clientA.RegisterAsync(email);
        var tokens = new List<string>();
        for (var i = 0; i < 12; i++)
        {
            tokens.Add(await (i % 2 == 0 ? _clientA : _clientB).LoginAsync(email));
        }

        // A feed counts as live for 100 ms after each proof: on a loaded machine a late proof leaves it not live for a moment.
        var live = Stopwatch.GetTimestamp();
        while (!(_a.Cluster.Resolve<IChangeFeed>().IsLive && _b.Cluster.Resolve<IChangeFeed>().IsLive) && Stopwatch.GetElapsedTime(live) < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(10);
        }

        Assert.That(_a.Cluster.Resolve<IChangeFeed>().IsLive && _b.Cluster.Resolve<IChangeFeed>().IsLive, Is.True, "both caches on");
        var revokedAt = new ConcurrentDictionary<string, long>();
        async Task RevokeAsync(ApiClient client, string token)
        {
            var answer = await client.PostAsync("/auth/logout", token: token);
            Assert.That(answer.Code, Is.EqualTo(200), "logout");
            revokedAt[token] = Stopwatch.GetTimestamp();
        }

        await RevokeAsync(_clientA, tokens[0]); // before the load
        var outcomes = new ConcurrentBag<(long Started, long Ended, string Token, int Instance, int Status)>();
        using var stop = new CancellationTokenSource();
        async Task LoadAsync(int worker)
        {
            var random = new Random(worker);
            while (!stop.IsCancellationRequested)
            {
                var token = tokens[random.Next(tokens.Count)];
                var instance = random.Next(2);
                var started = Stopwatch.GetTimestamp();
                var answer = await (instance == 0 ? _clientA : _clientB).GetAsync("/profile", token);
                outcomes.Add((started, Stopwatch.GetTimestamp(), token, instance, answer.Code));
            }
        }

        var load = Enumerable.Range(0, 8).Select(w => Task.Run(() => LoadAsync(w))).ToList();
        await Task.Delay(1000);
        foreach (var token in tokens[1..5])
        {
            await RevokeAsync(_clientA, token); // under cached load, before the restart
        }

        await Task.Delay(500);
        await _server.StopAsync();
        await Task.Delay(2000);
        await _server.StartAsync();
        var back = Stopwatch.GetTimestamp();
        while ((await _clientB.GetAsync("/profile", tokens[^1])).Code != 200 && Stopwatch.GetElapsedTime(back) < TimeSpan.FromSeconds(15))
        {
        }

        foreach (var token in tokens[5..8])
        {
            await RevokeAsync(_clientB, token); // right after: a feed may not have subscribed again yet
        }

        await Task.Delay(3000);
        await stop.CancelAsync();
        await Task.WhenAll(load);

        var all = outcomes.ToList();
        var late = all.Where(o => o.Status == 200 && revokedAt.TryGetValue(o.Token, out var at) && o.Started > at).ToList();
        var lateMs = late.Select(o => Stopwatch.GetElapsedTime(revokedAt[o.Token], o.Started).TotalMilliseconds).DefaultIfEmpty(0).Max();
        Figures.Report($"PostgreSQL restarted under {all.Count} cached GET /profile on two instances ({all.Count(o => o.Status == 200)} x 200, {all.Count(o => o.Status == 401)} x 401, {all.Count(o => o.Status == 503)} x 503); {revokedAt.Count} tokens revoked before, during the load and right after the restart; accepted after their revoke: {late.Count} (latest {lateMs:F1} ms after)");
        Assert.That(all.Select(o => o.Status), Has.All.AnyOf(200, 401, 503));
        Assert.That(all.Count(o => o.Status == 200), Is.GreaterThan(100), "the load was served");
        // Causal, whatever the load: once an instance refused a revoked token, no request it answered later accepted it again.
        var comeBack = all
            .Where(o => o.Status == 401 && revokedAt.ContainsKey(o.Token))
            .GroupBy(o => (o.Token, o.Instance), o => o.Ended)
            .SelectMany(g => all.Where(o => o.Token == g.Key.Token && o.Instance == g.Key.Instance && o.Status == 200 && o.Started > g.Min()))
            .ToList();
        Assert.That(comeBack, Is.Empty, "a revoked token was accepted again after the same instance had refused it");
        LatencyBound.AssertSingle(TimeSpan.FromMilliseconds(lateMs), Bound, "the latest request accepted after its token's revoke started");
        foreach (var token in tokens)
        {
            var expected = revokedAt.ContainsKey(token) ? 401 : 200;
            Assert.That((await _clientA.GetAsync("/profile", token)).Code, Is.EqualTo(expected));
            Assert.That((await _clientB.GetAsync("/profile", token)).Code, Is.EqualTo(expected));
        }
    }
}
