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
        time.Advance(maxAge * 3 / 4 - TimeSpan.FromMilliseconds(1));
        Assert.That(await LookupsOfAPassAsync(), Is.Zero, "no entry falls due before three quarters of the max age");

        time.Advance(maxAge / 8);
        var dueEarly = await LookupsOfAPassAsync();
        Assert.That(dueEarly, Is.InRange(1, Count - 1), "by seven eighths of the max age some entries fell due, not all");

        time.Advance(maxAge / 8 + TimeSpan.FromMilliseconds(1));
        Assert.That(await LookupsOfAPassAsync(), Is.EqualTo(Count - dueEarly), "every entry of the first pass is read again by the max age");
    }
}
