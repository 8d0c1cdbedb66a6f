using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.Time.Testing;

namespace JustScale.Auth.Tests.Sessions;

/// <content>How long entries stay fresh (a random share of the max age, so sessions cached together do not fall due
/// together), and the refresher that reads sessions in use again, in batches, before they fall due.</content>
public sealed partial class SessionCacheTests
{
    private const string RequestLookup = "find_with";
    private const string RefreshRead = "find_many_with";
    private static readonly TimeSpan FreshnessMaxAge = TimeSpan.FromSeconds(20);

    [Test]
    public async Task Freshness_SessionsCachedTogether_FallDueSpreadAndNoneOutlivesMaxAge()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var c = await StartFakeTimeInstanceAsync(time);
        var first = await CachedOnAsync(c, 40);
        time.Advance(FreshnessMaxAge * 3 / 4 - TimeSpan.FromMilliseconds(1));
        Assert.That(await LookupsOfAPassAsync(c, first), Is.Zero, "no entry falls due before three quarters of the max age");
        var reads = RefreshReadsAsync(1);
        time.Advance(TimeSpan.FromMilliseconds(250));
        await reads; // the refresher's pass is over: what follows counts requests only

        var second = await CachedOnAsync(c, 40);
        time.Advance(FreshnessMaxAge * 7 / 8);
        Assert.That(await LookupsOfAPassAsync(c, second), Is.InRange(1, second.Count - 1), "by seven eighths of the max age some entries fell due, not all");

        var third = await CachedOnAsync(c, 40);
        time.Advance(FreshnessMaxAge + TimeSpan.FromMilliseconds(1)); // no hit in between: nothing was handed to the refresher
        Assert.That(await LookupsOfAPassAsync(c, third), Is.EqualTo(third.Count), "every entry not in use falls due by the max age");
    }

    [Test]
    public async Task Refresher_SessionsInUsePastHalfTheirAge_ReadAgainInOneStatementAndNeverFallDue()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var c = await StartFakeTimeInstanceAsync(time);
        var tokens = await CachedOnAsync(c, 40);

        time.Advance(FreshnessMaxAge / 2 + TimeSpan.FromMilliseconds(1));
        Assert.That(await LookupsOfAPassAsync(c, tokens), Is.Zero, "past half their age, entries still answer (and are handed over)");
        var reads = RefreshReadsAsync(1);
        time.Advance(TimeSpan.FromMilliseconds(250)); // the refresher's pass
        Assert.That(await reads, Is.EqualTo(1), "one statement read the 40 sessions again");

        time.Advance(FreshnessMaxAge / 2); // past the max age of every entry as first cached
        Assert.That(await LookupsOfAPassAsync(c, tokens), Is.Zero, "no session in use fell due");
    }

    [Test]
    public async Task Refresher_SessionRevokedBeforeItsPass_RefusedAndNotPutBack()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var c = await StartFakeTimeInstanceAsync(time);
        var sessions = new List<Session>();
        for (var i = 0; i < 3; i++)
        {
            sessions.Add(await _a.Sessions.CreateAsync(_user));
        }

        var tokens = sessions.Select(s => s.Token).ToList();
        Assert.That(await LookupsOfAPassAsync(c, tokens), Is.EqualTo(3));
        time.Advance(FreshnessMaxAge / 2 + TimeSpan.FromMilliseconds(1));
        Assert.That(await LookupsOfAPassAsync(c, tokens), Is.Zero);
        Assert.That(await _a.Sessions.RevokeAsync(sessions[0].Id), Is.True);
        var reads = RefreshReadsAsync(1);
        time.Advance(TimeSpan.FromMilliseconds(250));
        await reads;

        var limit = Stopwatch.StartNew();
        while (await c.MeAsync(tokens[0]) != HttpStatusCode.Unauthorized && limit.Elapsed < LatencyBound.Patience)
        {
            await Task.Delay(5);
        }

        Assert.That(await c.MeAsync(tokens[0]), Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(await c.MeAsync(tokens[1]), Is.EqualTo(HttpStatusCode.OK));
    }

    private async Task<CacheInstance> StartFakeTimeInstanceAsync(FakeTimeProvider time)
    {
        var instance = await CacheInstance.StartAsync(_database.ConnectionString, options => options.SessionCache.MaxAge = FreshnessMaxAge, time: time);
        await instance.WaitLiveAsync(LiveWait);
        return instance;
    }

    /// <summary>Creates sessions on A and has the instance cache them: one lookup each.</summary>
    private async Task<List<string>> CachedOnAsync(CacheInstance instance, int count)
    {
        var tokens = new List<string>();
        for (var i = 0; i < count; i++)
        {
            tokens.Add((await _a.Sessions.CreateAsync(_user)).Token);
        }

        Assert.That(await LookupsOfAPassAsync(instance, tokens), Is.EqualTo(count), "the first pass reads every session");
        return tokens;
    }

    /// <summary>Sends GET /me once per token (each answered 200) and returns how many lookups the requests themselves made.</summary>
    /// <remarks>The instance's feed has a liveness window far beyond any delay of a loaded machine (<see cref="CacheInstance.Steady"/>),
    /// so no request of a pass bypasses the cache; each pass asserts that the feed stayed live and on one connection throughout.</remarks>
    private static async Task<int> LookupsOfAPassAsync(CacheInstance instance, IEnumerable<string> tokens)
    {
        await instance.WaitLiveAsync(LiveWait);
        var generation = instance.Feed.Generation;
        using var queries = new QueryCounter(CacheInstance.SessionTable, RequestLookup);
        foreach (var token in tokens)
        {
            Assert.That(await instance.MeAsync(token), Is.EqualTo(HttpStatusCode.OK));
        }

        Assert.That(instance.Feed.IsLive && instance.Feed.Generation == generation, Is.True, "the feed stayed live on one connection during the pass");
        return queries.Count;
    }

    /// <summary>Waits (up to 30 s: the pass takes milliseconds, a starved one longer) until the refresher has made
    /// <paramref name="expected"/> reads, then returns how many it made.</summary>
    private static async Task<int> RefreshReadsAsync(int expected)
    {
        using var reads = new QueryCounter(CacheInstance.SessionTable, RefreshRead);
        var limit = Stopwatch.StartNew();
        while (reads.Count < expected && limit.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(10);
        }

        await Task.Delay(50); // a pass that would wrongly make more reads has the time to show them
        return reads.Count;
    }
}
