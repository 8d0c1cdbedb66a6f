using System.Net;
using JustScale.Auth.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace JustScale.Auth.Tests.Security;

/// <summary>With cookie sessions on, a page of another origin can neither log a browser in nor register it (login CSRF), and "another origin" means scheme, host and port.</summary>
[TestFixture(StoreKind.InMemory)]
[TestFixture(StoreKind.Postgres)]
public sealed class LoginCsrfTests(StoreKind store)
{
    private SecurityApp _app = null!;

    private string OwnOrigin => $"http://localhost:{_app.Server.Port}";

    [SetUp]
    public async Task SetUp()
    {
        _app = await SecurityApp.StartAsync(store, new FakeTimeProvider(new DateTimeOffset(2026, 4, 1, 9, 0, 0, TimeSpan.Zero)), options =>
        {
            options.RateLimits = AuthRateLimitOptions.Off();
            options.Cookie = new SessionCookieOptions { TrustedOrigins = ["https://app.example.com"] };
        });
        await _app.Auth.Users.RegisterAsync("ada@example.com", SecurityApp.Password);
    }

    [TearDown]
    public async Task TearDown() => await _app.DisposeAsync();

    [TestCase("https://evil.example")]
    [TestCase("https://localhost")]      // another scheme
    [TestCase("http://localhost:9999")]  // another port
    public async Task Login_FromAnotherOrigin_403WithoutCookieAndTheHandlerNeverRuns(string origin)
    {
        var handled = _app.Handled.Count;

        using var response = await _app.SendAsync(HttpMethod.Post, "/auth/login", body: new { email = "ada@example.com", password = SecurityApp.Password }, origin: origin);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("\"code\":\"cross_site_request\""));
        Assert.That(response.Headers.Contains("Set-Cookie"), Is.False);
        Assert.That(_app.Handled.Count, Is.EqualTo(handled));
    }

    [Test]
    public async Task Register_FromAnotherOrigin_403AndNoUserCreated()
    {
        using var response = await _app.SendAsync(HttpMethod.Post, "/auth/register", body: new { email = "mallory-victim@example.com", password = SecurityApp.Password }, origin: "https://evil.example");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(await _app.Auth.Users.FindByEmailAsync("mallory-victim@example.com"), Is.Null);
    }

    [Test]
    public async Task Login_FromOwnOriginOrTrustedOrNoPage_SetsTheCookie()
    {
        using var own = await _app.SendAsync(HttpMethod.Post, "/auth/login", body: new { email = "ada@example.com", password = SecurityApp.Password }, origin: OwnOrigin);
        using var trusted = await _app.SendAsync(HttpMethod.Post, "/auth/login", body: new { email = "ada@example.com", password = SecurityApp.Password }, origin: "https://app.example.com");
        using var noPage = await _app.SendAsync(HttpMethod.Post, "/auth/login", body: new { email = "ada@example.com", password = SecurityApp.Password });

        Assert.That(new[] { own.StatusCode, trusted.StatusCode, noPage.StatusCode }, Is.All.EqualTo(HttpStatusCode.OK));
        Assert.That(own.Headers.GetValues("Set-Cookie").Single(), Does.StartWith("__Host-session="));
    }
}
