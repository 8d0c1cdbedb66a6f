using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;

namespace JustScale.Reliability.Tests;

/// <content>What the one hosting path gives the deployment: trusted proxies, HSTS through the balancer, rolling restarts that
/// fail no request. They need JustScale:Http (JustScaleHttpOptions); on a build without it they are ignored.</content>
public sealed partial class DeploymentTests
{
    private static readonly IPAddress ClientA = IPAddress.Parse("127.0.0.2");
    private static readonly IPAddress ClientB = IPAddress.Parse("127.0.0.3");
    private static readonly IPAddress Outsider = IPAddress.Parse("127.0.0.5");

    [Test]
    public async Task TrustedProxies_TwoClientsBehindTheBalancer_OwnAddressesRecordedAndOwnRateLimitBuckets()
    {
        RequireHosting();
        using var a = new ApiClient(_deployment.Balancer.Url, TimeSpan.FromSeconds(30), _deployment.Balancer.Certificate, ClientA);
        using var b = new ApiClient(_deployment.Balancer.Url, TimeSpan.FromSeconds(30), _deployment.Balancer.Certificate, ClientB);

        var tokenA = await RegisterAsync(a);
        var tokenB = await RegisterAsync(b);
        Assert.That(await SessionAddressAsync(a, tokenA), Is.EqualTo("127.0.0.2"));
        Assert.That(await SessionAddressAsync(b, tokenB), Is.EqualTo("127.0.0.3"));

        // password/forgot allows 20 per hour per client IP: A spends its bucket, B's is untouched.
        var fromA = await Task.WhenAll(Enumerable.Range(0, 21).Select(_ => Forgot(a)));
        var fromB = await Forgot(b);

        Figures.Report($"behind HAProxy, client 127.0.0.2 sent 21 password/forgot: {string.Join(", ", fromA.GroupBy(c => c).OrderBy(g => g.Key).Select(g => $"{g.Count()} x {g.Key}"))}; then client 127.0.0.3: {fromB}");
        Assert.That(fromA.Count(c => c == 429), Is.EqualTo(1));
        Assert.That(fromB, Is.Not.EqualTo(429));
        AssertNo500();
    }

    [Test]
    public async Task TrustedProxies_SpoofedForwardedForStraightToAnInstance_Ignored()
    {
        RequireHosting();
        using var direct = new ApiClient(_deployment.Balanced[0].Url, TimeSpan.FromSeconds(30), localAddress: Outsider);
        var spoofed = new Dictionary<string, string> { ["X-Forwarded-For"] = "203.0.113.7", ["X-Forwarded-Proto"] = "https" };

        var register = Record(await direct.SendAsync(HttpMethod.Post, "/auth/register",
            new { email = $"spoof-{Guid.NewGuid():N}@example.com", password = ApiClient.Password }, headers: spoofed));
        Assert.That(register.Code, Is.EqualTo(200), register.Text);
        var token = register.Json.GetProperty("token").GetString()!;

        Assert.That(await SessionAddressAsync(direct, token), Is.EqualTo("127.0.0.5"));
        Assert.That(register.Headers.ContainsKey("Strict-Transport-Security"), Is.False, "a spoofed X-Forwarded-Proto makes no HTTPS response");
    }

    [Test]
    public async Task Hsts_ThroughTheTlsBalancer_OnTheHttpsResponse()
    {
        RequireHosting();
        var answer = Record(await _balancer.GetAsync("/health/live"));

        Assert.That(answer.Code, Is.EqualTo(200));
        Assert.That(answer.Headers.TryGetValue("Strict-Transport-Security", out var hsts), Is.True);
        Assert.That(hsts, Does.Contain("max-age="));
    }

    [Test]
    public async Task RollingRestart_ThreeInstancesUnderLoad_NoFailedRequest()
    {
        RequireHosting();
        var token = await RegisterAsync(_balancer);
        var answers = new ConcurrentDictionary<string, int>();
        using var stop = new CancellationTokenSource();
        var clock = Stopwatch.StartNew();

        async Task LoadAsync(int worker)
        {
            using var client = new ApiClient(_deployment.Balancer.Url, TimeSpan.FromSeconds(30), _deployment.Balancer.Certificate);
            while (!stop.IsCancellationRequested)
            {
                string outcome;
                try
                {
                    var answer = Record(await client.GetAsync(worker % 2 == 0 ? "/profile" : "/account/sessions", token));
                    outcome = answer.Code.ToString(System.Globalization.CultureInfo.InvariantCulture);
                }
                catch (HttpRequestException ex)
                {
                    outcome = ex.HttpRequestError.ToString();
                }

                answers.AddOrUpdate(outcome, 1, (_, n) => n + 1);
            }
        }

        var load = Enumerable.Range(0, Mode.Pick(6, 16)).Select(w => Task.Run(() => LoadAsync(w))).ToList();
        var rounds = Mode.Pick(1, 2);
        for (var round = 0; round < rounds; round++)
        {
            for (var i = 0; i < _deployment.Balanced.Length; i++)
            {
                await _deployment.RestartAsync(i);
                await _deployment.WaitUntilBalancedAsync();
            }
        }

        await stop.CancelAsync();
        await Task.WhenAll(load);
        var summary = string.Join(", ", answers.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => $"{a.Value} x {a.Key}"));
        Figures.Report($"{rounds} rolling restart(s) of the 3 instances behind HAProxy (SIGTERM, drain 3 s, start again, back in rotation) under {load.Count} workers, {clock.Elapsed.TotalSeconds:0} s: {summary}");
        Assert.That(answers.Keys, Is.EquivalentTo(new[] { "200" }), summary);
        AssertNo500();
    }

    private static void RequireHosting()
    {
        if (Type.GetType("JustScale.Http.JustScaleHttpOptions, JustScale.Http") is null)
        {
            Assert.Ignore("Needs the one hosting path (JustScale:Http: trusted proxies, HSTS, drain), not in this build.");
        }
    }

    private async Task<string?> SessionAddressAsync(ApiClient client, string token)
    {
        var answer = Record(await client.GetAsync("/account/sessions", token));
        Assert.That(answer.Code, Is.EqualTo(200), answer.Text);
        return answer.Json.GetProperty("sessions").EnumerateArray().Single(s => s.GetProperty("current").GetBoolean()).GetProperty("ipAddress").GetString();
    }

    private async Task<int> Forgot(ApiClient client) =>
        Record(await client.PostAsync("/account/password/forgot", new { email = $"nobody-{Guid.NewGuid():N}@example.com" })).Code;
}
