using System.Collections.Concurrent;
using System.Net;
using JustScale.Core;
using JustScale.Http.Tests.Support;
using Microsoft.Extensions.Time.Testing;
using static JustScale.Http.Routes;

namespace JustScale.Http.Tests.Security;

/// <summary>Tests the <c>.RateLimit(policy)</c> step over real Kestrel, varying the client IP through a trusted proxy's X-Forwarded-For.</summary>
[TestFixture]
public sealed class RateLimitTests
{
    private static readonly ListenOptions BehindProxy = new() { Port = 0, TrustedProxies = ["127.0.0.1", "::1"] };

    private sealed class Hits
    {
        private int _count;

        public int Count => Volatile.Read(ref _count);

        public void Add() => Interlocked.Increment(ref _count);
    }

    private static Controller Limited(Hits hits) => Controller.Create("", () => new()
    {
        ["limited"] = Get("/limited").RateLimit("api").Handle(ctx =>
        {
            hits.Add();
            ctx.Res.Json(new { ok = true });
        }),
        ["tagged"] = Get("/tagged").Use(Tagging.Tag).RateLimit("per-tag").Handle(ctx => ctx.Res.Json(new { tag = ctx.Tag })),
        ["free"] = Get("/free").Handle(ctx => ctx.Res.Json(new { ok = true })),
    });

    private static Task<LiveServer> StartAsync(Hits hits, RateLimitPolicy api, Action<ClusterBuilder>? more = null) =>
        LiveServer.StartAsync(builder =>
        {
            builder.Add(Limited(hits)).Add(api)
                .Add(new RateLimitPolicy("per-tag").Limit("tag", ctx => ((ITagged)ctx).Tag is { Length: > 0 } tag ? tag : null, FixedWindowLimit.PerMinute(1)));
            more?.Invoke(builder);
        }, BehindProxy);

    private static async Task<HttpResponseMessage> GetFromAsync(LiveServer server, string path, string clientIp, string? tag = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("X-Forwarded-For", clientIp);
        if (tag is not null)
        {
            request.Headers.Add("X-Tag", tag);
        }

        return await server.Client.SendAsync(request);
    }

    private static RateLimitPolicy PerIp(int permits) =>
        new RateLimitPolicy("api").Limit("ip", RateLimitKeys.ClientIp, FixedWindowLimit.PerMinute(permits));

    [Test]
    public async Task RateLimit_OverTheLimitForOneIp_429WithRetryAfterAndTheHandlerNotRun()
    {
        var hits = new Hits();
        await using var server = await StartAsync(hits, PerIp(3));

        for (var i = 0; i < 3; i++)
        {
            using var allowed = await GetFromAsync(server, "/limited", "203.0.113.7");
            Assert.That(allowed.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }

        using var refused = await GetFromAsync(server, "/limited", "203.0.113.7");

        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
        Assert.That(await refused.ReadTextAsync(), Is.EqualTo("""{"error":"Too Many Requests"}"""));
        Assert.That(refused.Headers.RetryAfter?.Delta, Is.Not.Null.And.InRange(TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1)));
        Assert.That(hits.Count, Is.EqualTo(3));
    }

    [Test]
    public async Task RateLimit_OnRejectedCallbacks_RunOncePerRefusalInTheOrderAddedBeforeThe429()
    {
        var hits = new Hits();
        var rejected = new ConcurrentQueue<string>();
        var policy = PerIp(1)
            .OnRejected(ctx => rejected.Enqueue("first " + ctx.HttpContext.Request.Path))
            .OnRejected(_ => rejected.Enqueue("second"));
        await using var server = await StartAsync(hits, policy);

        using var allowed = await GetFromAsync(server, "/limited", "203.0.113.60");
        using var refused = await GetFromAsync(server, "/limited", "203.0.113.60");
        using var refusedAgain = await GetFromAsync(server, "/limited", "203.0.113.60");

        Assert.That(allowed.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
        Assert.That(refusedAgain.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
        Assert.That(rejected, Is.EqualTo(new[] { "first /limited", "second", "first /limited", "second" }));
    }

    [Test]
    public async Task RateLimit_OneIpLimited_AnotherIpStillServed()
    {
        var hits = new Hits();
        await using var server = await StartAsync(hits, PerIp(2));
        for (var i = 0; i < 3; i++)
        {
            (await GetFromAsync(server, "/limited", "198.51.100.1")).Dispose();
        }

        using var limited = await GetFromAsync(server, "/limited", "198.51.100.1");
        using var other = await GetFromAsync(server, "/limited", "198.51.100.2");

        Assert.That(limited.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
        Assert.That(other.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task RateLimit_RouteWithoutTheStep_NeverLimited()
    {
        await using var server = await StartAsync(new Hits(), PerIp(1));
        (await GetFromAsync(server, "/limited", "198.51.100.9")).Dispose();
        (await GetFromAsync(server, "/limited", "198.51.100.9")).Dispose();

        using var free = await GetFromAsync(server, "/free", "198.51.100.9");

        Assert.That(free.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task RateLimit_Ipv6Clients_ShareTheLimitOfTheir64Network()
    {
        await using var server = await StartAsync(new Hits(), PerIp(2));
        (await GetFromAsync(server, "/limited", "2001:db8:1:2::1")).Dispose();
        (await GetFromAsync(server, "/limited", "2001:db8:1:2::ffff")).Dispose();

        using var sameNetwork = await GetFromAsync(server, "/limited", "2001:db8:1:2:abcd::7");
        using var otherNetwork = await GetFromAsync(server, "/limited", "2001:db8:1:3::1");

        Assert.That(sameNetwork.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
        Assert.That(otherNetwork.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task RateLimit_TwoLimits_EitherOneRefuses()
    {
        var policy = new RateLimitPolicy("api")
            .Limit("ip", RateLimitKeys.ClientIp, FixedWindowLimit.PerMinute(10))
            .Limit("account", ctx => ctx.Headers["X-Account"].ToString() is { Length: > 0 } account ? account : null, FixedWindowLimit.PerMinute(2));
        await using var server = await StartAsync(new Hits(), policy);
        async Task<HttpStatusCode> Send(string ip, string? account)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/limited");
            request.Headers.Add("X-Forwarded-For", ip);
            if (account is not null)
            {
                request.Headers.Add("X-Account", account);
            }

            using var response = await server.Client.SendAsync(request);
            return response.StatusCode;
        }

        // One account from many IPs: the account limit refuses the third.
        var fromThree = new[] { await Send("192.0.2.1", "ada"), await Send("192.0.2.2", "ada"), await Send("192.0.2.3", "ada") };
        // No account: only the IP limit applies.
        var anonymous = await Send("192.0.2.3", null);

        Assert.That(fromThree, Is.EqualTo(new[] { HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests }));
        Assert.That(anonymous, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task RateLimit_AfterMiddleware_PartitionsByWhatTheMiddlewareAdded()
    {
        await using var server = await StartAsync(new Hits(), PerIp(100));

        using var ada = await GetFromAsync(server, "/tagged", "192.0.2.10", tag: "ada");
        using var adaAgain = await GetFromAsync(server, "/tagged", "192.0.2.11", tag: "ada");
        using var bob = await GetFromAsync(server, "/tagged", "192.0.2.10", tag: "bob");

        Assert.That(ada.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(adaAgain.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
        Assert.That(bob.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task RateLimit_WithAStore_CountsThereAndRetryAfterIsTheRestOfTheWindow()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 4, 1, 9, 0, 10, TimeSpan.Zero));
        var store = new CountingStore();
        await using var server = await StartAsync(new Hits(), PerIp(2), builder => builder.Provide<TimeProvider>(time).Provide<IRateLimitStore>(store));
        (await GetFromAsync(server, "/limited", "203.0.113.50")).Dispose();
        (await GetFromAsync(server, "/limited", "203.0.113.50")).Dispose();

        using var refused = await GetFromAsync(server, "/limited", "203.0.113.50");
        time.Advance(TimeSpan.FromSeconds(50));
        using var nextWindow = await GetFromAsync(server, "/limited", "203.0.113.50");

        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
        Assert.That(refused.Headers.RetryAfter?.Delta, Is.EqualTo(TimeSpan.FromSeconds(50)));
        Assert.That(nextWindow.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(store.Keys, Is.EquivalentTo(new[] { "api:ip:203.0.113.50" }));
    }

    [Test]
    public void Listen_RouteNamesAnUnknownPolicy_FailsNamingRouteAndPolicy()
    {
        var error = Assert.ThrowsAsync<JustScaleException>(() => LiveServer.StartAsync(Limited(new Hits())));

        Assert.That(error!.Message, Does.Contain("GET /limited").And.Contain("\"api\""));
    }

    [Test]
    public void Listen_PolicyAddedTwice_Fails()
    {
        var error = Assert.ThrowsAsync<JustScaleException>(() => StartAsync(new Hits(), PerIp(1), builder => builder.Add(PerIp(2))));

        Assert.That(error!.Message, Does.Contain("api").And.Contain("twice"));
    }

    [Test]
    public void Policy_InvalidNamesAndLimits_Throw()
    {
        Assert.That(() => new RateLimitPolicy("with space"), Throws.ArgumentException);
        Assert.That(() => PerIp(1).Limit("ip", RateLimitKeys.ClientIp, FixedWindowLimit.PerMinute(1)), Throws.ArgumentException);
        Assert.That(() => new FixedWindowLimit(0, TimeSpan.FromMinutes(1)), Throws.InstanceOf<ArgumentOutOfRangeException>());
        Assert.That(() => Get("/x").RateLimit(""), Throws.ArgumentException);
    }

    /// <summary>Counts in a dictionary, as a shared store would in a table: one counter per key, restarted by a later window.</summary>
    private sealed class CountingStore : IRateLimitStore
    {
        private readonly ConcurrentDictionary<string, RateLimitCount> _counters = new();

        public IEnumerable<string> Keys => _counters.Keys;

        public ValueTask<RateLimitCount> IncrementAsync(string key, DateTimeOffset windowStart, TimeSpan window, int permits, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(_counters.AddOrUpdate(
                key,
                _ => new RateLimitCount(permits, windowStart),
                (_, current) => windowStart > current.WindowStart
                    ? new RateLimitCount(permits, windowStart)
                    : current with { Count = current.Count + permits }));
    }
}
