using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using JustScale.Examples.Tests.Account;

namespace JustScale.Examples.Tests.Hosting;

/// <summary>The hosted complete example behind a proxy: JustScale:Http:TrustedProxies decides whose X-Forwarded-For becomes the session's IP.</summary>
[TestFixture]
public sealed class TrustedProxySessionTests
{
    [TestCase("127.0.0.1", "203.0.113.7")]
    [TestCase("10.0.0.0/8", "127.0.0.1")]
    public async Task Register_ForwardedFor_RecordedOnlyFromATrustedPeer(string trusted, string recorded)
    {
        await using var app = await AccountApp.StartAsync("InMemory", builder => builder.Configuration["JustScale:Http:TrustedProxies:0"] = trusted);
        using var http = new HttpClient { BaseAddress = app.Url };

        using var register = new HttpRequestMessage(HttpMethod.Post, "/auth/register")
        {
            Content = JsonContent.Create(new { email = $"proxy-{Guid.NewGuid():N}@example.com", password = "correct horse battery staple" }),
            Headers = { { "X-Forwarded-For", "203.0.113.7" } },
        };
        using var registered = await http.SendAsync(register);
        var token = JsonDocument.Parse(await registered.Content.ReadAsStringAsync()).RootElement.GetProperty("token").GetString();
        using var list = new HttpRequestMessage(HttpMethod.Get, "/account/sessions") { Headers = { { "Authorization", $"Bearer {token}" } } };
        using var sessions = await http.SendAsync(list);
        var body = JsonDocument.Parse(await sessions.Content.ReadAsStringAsync()).RootElement;

        Assert.That(registered.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(body.GetProperty("sessions").EnumerateArray().Select(s => s.GetProperty("ipAddress").GetString()), Is.EqualTo(new[] { recorded }));
    }

    [TestCase("127.0.0.1", HttpStatusCode.OK)]
    [TestCase("10.0.0.0/8", HttpStatusCode.Forbidden)]
    public async Task CookieRegister_ThroughATlsProxy_SameOriginOnlyWhenThePeerIsTrusted(string trusted, HttpStatusCode expected)
    {
        await using var app = await AccountApp.StartAsync("InMemory", builder =>
        {
            builder.Configuration["JustScale:Http:TrustedProxies:0"] = trusted;
            builder.Configuration["session-cookies"] = "on";
        });
        using var http = new HttpClient { BaseAddress = app.Url };

        // What a TLS-terminating proxy passes on for a page of https://app.example: the Host, the scheme, the client.
        using var register = new HttpRequestMessage(HttpMethod.Post, "/auth/register")
        {
            Content = JsonContent.Create(new { email = $"cookie-{Guid.NewGuid():N}@example.com", password = "correct horse battery staple" }),
            Headers = { { "Origin", "https://app.example" }, { "X-Forwarded-Proto", "https" }, { "X-Forwarded-For", "203.0.113.7" } },
        };
        register.Headers.Host = "app.example";
        using var response = await http.SendAsync(register);
        var body = await response.Content.ReadAsStringAsync();

        Assert.That(response.StatusCode, Is.EqualTo(expected), body);
        if (expected == HttpStatusCode.OK)
        {
            Assert.That(response.Headers.GetValues("Set-Cookie").Single(), Does.Contain("secure").IgnoreCase);
            Assert.That(response.Headers.GetValues("Strict-Transport-Security"), Is.EqualTo(new[] { "max-age=31536000" }));
        }
        else
        {
            Assert.That(body, Does.Contain("\"code\":\"cross_site_request\""));
            Assert.That(response.Headers.Contains("Strict-Transport-Security"), Is.False);
        }
    }
}
