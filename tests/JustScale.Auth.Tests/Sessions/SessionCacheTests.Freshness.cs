using System.Net;
using Microsoft.Extensions.Time.Testing;

namespace JustScale.Auth.Tests.Sessions;

/// <content>How long entries stay fresh: a random share of the max age, so sessions cached together do not fall due together.</content>
public sealed partial class SessionCacheTests
{
    [Test]
    public async Task Freshness_SessionsCachedTogether_FallDueSpreadAndNoneOutlivesMaxAge()
    {
        const int Count = 40;
        var maxAge = TimeSpan.FromSeconds(20);
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var c = await CacheInstance.StartAsync(_database.ConnectionString, options => options.SessionCache.MaxAge = maxAge, time: time);
        await c.WaitLiveAsync(TimeSpan.FromSeconds(10));
        var tokens = new List<string>();
        for (var i = 0; i < Count; i++)
        {
            tokens.Add((await _a.Sessions.CreateAsync(_user)).Token);
        }

        async Task<int> LookupsOfAPassAsync()
        {
            using var queries = new QueryCounter(CacheInstance.SessionTable);
            foreach (var token in tokens)
            {
                Assert.That(await c.MeAsync(token), Is.EqualTo(HttpStatusCode.OK));
            }

            return queries.Count;
        }

        Assert.That(await LookupsOfAPassAsync(), Is.EqualTo(Count), "the first pass reads every session");
        time.Advance(maxAge / 2 - TimeSpan.FromMilliseconds(1));
        Assert.That(await LookupsOfAPassAsync(), Is.Zero, "no entry falls due before half the max age");

        time.Advance(maxAge / 4);
        var dueAtThreeQuarters = await LookupsOfAPassAsync();
        Assert.That(dueAtThreeQuarters, Is.InRange(1, Count - 1), "some entries fall due by three quarters of the max age, not all");

        time.Advance(maxAge / 4 + TimeSpan.FromMilliseconds(1));
        Assert.That(await LookupsOfAPassAsync(), Is.EqualTo(Count - dueAtThreeQuarters), "every entry of the first pass is read again by the max age");
    }
}
