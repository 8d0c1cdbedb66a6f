using System.Net;
using JustScale.Auth.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace JustScale.Auth.Tests.Security;

/// <summary>Tests that the cookie transport stays off unless configured, and that its options are checked.</summary>
[TestFixture]
public sealed class SessionCookieOffTests
{
    [Test]
    public async Task Login_TransportOff_NoCookieAndACookieIsIgnored()
    {
        await using var app = await SecurityApp.StartAsync(StoreKind.InMemory, new FakeTimeProvider(), options => options.RateLimits = AuthRateLimitOptions.Off());
        await app.Auth.Users.RegisterAsync("ada@example.com", SecurityApp.Password);
        using var login = await app.SendAsync(HttpMethod.Post, "/auth/login", body: new { email = "ada@example.com", password = SecurityApp.Password });
        var token = System.Text.Json.JsonDocument.Parse(await login.Content.ReadAsStringAsync()).RootElement.GetProperty("token").GetString();

        using var withCookie = await app.SendAsync(HttpMethod.Get, "/profile", cookie: "__Host-session=" + token);

        Assert.That(login.Headers.Contains("Set-Cookie"), Is.False);
        Assert.That(token, Does.Match("^[0-9a-f]{64}$"));
        Assert.That(withCookie.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(await withCookie.Content.ReadAsStringAsync(), Is.EqualTo("""{"error":"Missing Authorization header"}"""));
    }

    [TestCase("bad name", "/", null)]
    [TestCase("__Host-session", "/api", null)]
    [TestCase("session", "api", null)]
    [TestCase("session", "/", "https://app.example.com/path")]
    [TestCase("session", "/", "app.example.com")]
    public void AuthFeature_InvalidCookieOptions_Throws(string name, string path, string? trustedOrigin)
    {
        var cookie = new SessionCookieOptions { Name = name, Path = path, TrustedOrigins = trustedOrigin is null ? [] : [trustedOrigin] };

        Assert.That(() => new AuthFeature(options => options.Cookie = cookie), Throws.ArgumentException);
    }
}
