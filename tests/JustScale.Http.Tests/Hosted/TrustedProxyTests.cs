using System.Net;
using JustScale.Core;
using JustScale.Http.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using static JustScale.Http.Routes;

namespace JustScale.Http.Tests.Hosted;

/// <summary>Pins JustScale:Http:TrustedProxies and HSTS in the hosted style over real Kestrel: believed from a listed peer only, bound from configuration.</summary>
[TestFixture]
public sealed class TrustedProxyTests
{
    private static readonly Controller Echo = Controller.Create("", () => new()
    {
        ["who"] = Get("/who").Handle(ctx => ctx.Res.Json(new
        {
            ip = ctx.ClientIp,
            scheme = ctx.HttpContext.Request.Scheme,
            host = ctx.HttpContext.Request.Host.Value,
        })),
        ["limited"] = Get("/limited").RateLimit("api").Handle(ctx => ctx.Res.Json(new { ok = true })),
    });

    // A day's window: the store aligns windows to the clock, and a test must not straddle a boundary.
    private static readonly RateLimitPolicy OnePerIp = new RateLimitPolicy("api").Limit("ip", RateLimitKeys.ClientIp, new FixedWindowLimit(1, TimeSpan.FromDays(1)));

    private static Task<HostedServer> StartAsync(IReadOnlyList<string> trusted, string? environment = null) =>
        HostedServer.StartAsync(cluster => cluster.Add(Echo).Add(OnePerIp), builder =>
        {
            for (var i = 0; i < trusted.Count; i++)
            {
                builder.Configuration[$"JustScale:Http:TrustedProxies:{i}"] = trusted[i];
            }
        }, environment: environment);

    private static async Task<(HttpResponseMessage Response, Dictionary<string, string?> Body)> WhoAsync(
        HostedServer server, string? forwardedFor, string? proto = null, string? host = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/who");
        if (forwardedFor is not null)
        {
            request.Headers.Add("X-Forwarded-For", forwardedFor);
        }

        if (proto is not null)
        {
            request.Headers.Add("X-Forwarded-Proto", proto);
        }

        if (host is not null)
        {
            request.Headers.Add("X-Forwarded-Host", host);
        }

        var response = await server.Client.SendAsync(request);
        var json = await response.ReadJsonAsync();
        return (response, json!.AsObject().ToDictionary(p => p.Key, p => (string?)p.Value));
    }

    [Test]
    public async Task TrustedPeer_ForwardedForProtoAndHost_GiveClientIpHttpsAndHostWithHsts()
    {
        await using var server = await StartAsync(["127.0.0.1"]);

        var (response, who) = await WhoAsync(server, "198.51.100.1, 203.0.113.7", "https", "app.example");
        using var _ = response;

        Assert.That(who["ip"], Is.EqualTo("203.0.113.7"), "the rightmost address the trusted proxy appended");
        Assert.That(who["scheme"], Is.EqualTo("https"));
        Assert.That(who["host"], Is.EqualTo("app.example"));
        Assert.That(response.Headers.GetValues("Strict-Transport-Security"), Is.EqualTo(new[] { "max-age=31536000" }));
    }

    [Test]
    public async Task TrustedNetwork_CidrRange_IsBelieved()
    {
        await using var server = await StartAsync(["10.0.0.0/8", "127.0.0.0/8"]);

        var (response, who) = await WhoAsync(server, "203.0.113.7, 10.1.2.3");
        using var _ = response;

        Assert.That(who["ip"], Is.EqualTo("203.0.113.7"));
    }

    [Test]
    public async Task UntrustedPeer_SpoofedHeaders_IgnoredAndNoHsts()
    {
        await using var server = await StartAsync(["10.0.0.0/8"]);

        var (response, who) = await WhoAsync(server, "203.0.113.7", "https", "evil.example");
        using var _ = response;

        Assert.That(who["ip"], Is.EqualTo("127.0.0.1"));
        Assert.That(who["scheme"], Is.EqualTo("http"));
        Assert.That(who["host"], Does.StartWith("127.0.0.1:"));
        Assert.That(response.Headers.Contains("Strict-Transport-Security"), Is.False);
    }

    [Test]
    public async Task NoTrustedProxies_SpoofedForwardedFor_NeitherClientIpNorRateLimitBucket()
    {
        await using var server = await StartAsync([]);

        var (response, who) = await WhoAsync(server, "203.0.113.7", "https");
        using var _ = response;
        using var first = await LimitedAsync(server, "198.51.100.1");
        using var spoofed = await LimitedAsync(server, "198.51.100.2");

        Assert.That(who["ip"], Is.EqualTo("127.0.0.1"));
        Assert.That(who["scheme"], Is.EqualTo("http"));
        Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(spoofed.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests), "another X-Forwarded-For is the same bucket: the peer's");
    }

    [Test]
    public async Task TrustedPeer_TwoClients_SeparateRateLimitBuckets()
    {
        await using var server = await StartAsync(["127.0.0.1"]);

        using var first = await LimitedAsync(server, "198.51.100.1");
        using var again = await LimitedAsync(server, "198.51.100.1");
        using var other = await LimitedAsync(server, "198.51.100.2");

        Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
        Assert.That(other.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task TrustedProxies_EnvironmentForm_BoundByTheConfigurationBinder()
    {
        var prefix = $"JSTEST_{Guid.NewGuid():N}_";
        Environment.SetEnvironmentVariable(prefix + "JustScale__Http__TrustedProxies__0", "127.0.0.0/8");
        try
        {
            await using var server = await HostedServer.StartAsync(cluster => cluster.Add(Echo).Add(OnePerIp),
                builder => builder.Configuration.AddEnvironmentVariables(prefix));

            var (response, who) = await WhoAsync(server, "203.0.113.7");
            using var _ = response;

            Assert.That(who["ip"], Is.EqualTo("203.0.113.7"));
        }
        finally
        {
            Environment.SetEnvironmentVariable(prefix + "JustScale__Http__TrustedProxies__0", null);
        }
    }

    [TestCase("proxy.local")]
    [TestCase("10.0.0.0/33")]
    [TestCase("2001:db8::/200")]
    public void TrustedProxies_NotAnAddressOrNetwork_MapJustScaleFailsNamingTheSetting(string value)
    {
        var error = Assert.ThrowsAsync<JustScaleException>(() => StartAsync(["10.0.0.0/8", value]));

        Assert.That(error!.Message, Does.StartWith($"JustScale:Http:TrustedProxies:1 is \"{value}\""));
    }

    [Test]
    public async Task Hsts_Development_NotSentEvenOnForwardedHttps()
    {
        await using var server = await StartAsync(["127.0.0.1"], Environments.Development);

        var (response, who) = await WhoAsync(server, "203.0.113.7", "https");
        using var _ = response;

        Assert.That(who["scheme"], Is.EqualTo("https"));
        Assert.That(response.Headers.Contains("Strict-Transport-Security"), Is.False);
    }

    private static async Task<HttpResponseMessage> LimitedAsync(HostedServer server, string forwardedFor)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/limited") { Headers = { { "X-Forwarded-For", forwardedFor } } };
        return await server.Client.SendAsync(request);
    }
}
