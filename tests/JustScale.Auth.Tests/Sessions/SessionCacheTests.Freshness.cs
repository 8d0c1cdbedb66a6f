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
        await RefreshPassAsync(time); // the refresher's pass is over: what follows counts requests only

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
        Assert.That(await RefreshPassAsync(time), Is.EqualTo(1), "one statement read the 40 sessions again");

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
        await RefreshPassAsync(time);

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

    /// <summary>Moves the fake clock past the refresher's quarter-second delay until its pass has read, then returns how many reads it made.</summary>
    /// <remarks>The cache hands a token over on a hit and the refresher starts its delay on the thread pool (Task.Run): on a loaded
    /// machine that delay can begin on the fake clock after the test's first step, so the clock moves on a quarter second at a time
    /// (each step fires a delay begun before it) until the read comes, ten steps at most (2.5 s, within every entry's freshness).
    /// Each step waits up to 3 s of real time for the read, which takes milliseconds.</remarks>
    private static async Task<int> RefreshPassAsync(FakeTimeProvider time)
    {
        using var reads = new QueryCounter(CacheInstance.SessionTable, RefreshRead);
        for (var step = 0; step < 10 && reads.Count == 0; step++)
        {
            time.Advance(TimeSpan.FromMilliseconds(250));
            var limit = Stopwatch.StartNew();
            while (reads.Count == 0 && limit.Elapsed < TimeSpan.FromSeconds(3))
            {
                await Task.Delay(10);
            }
        }

        // The read's results go back into the cache on the refresher's thread right after the statement; nothing signals it.
        // A quarter second covers that hand-back on a loaded machine, and gives a pass that wrongly reads again the time to show it.
        await Task.Delay(250);
        return reads.Count;
    }
}
