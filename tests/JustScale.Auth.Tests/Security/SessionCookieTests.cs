using System.Net;
using JustScale.Auth.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace JustScale.Auth.Tests.Security;

/// <summary>Tests the opt-in cookie transport over real Kestrel: login sets it, Auth accepts it, logout clears it, cross-site writes are refused.</summary>
[TestFixture(StoreKind.InMemory)]
[TestFixture(StoreKind.Postgres)]
public sealed class SessionCookieTests(StoreKind store)
{
    private const string Evil = "https://evil.example";
    private static readonly DateTimeOffset Start = new(2026, 4, 1, 9, 0, 0, TimeSpan.Zero);
    private FakeTimeProvider _time = null!;
    private SecurityApp _app = null!;

    private string OwnOrigin => $"http://localhost:{_app.Server.Port}";

    [SetUp]
    public async Task SetUp()
    {
        _time = new FakeTimeProvider(Start);
        _app = await SecurityApp.StartAsync(store, _time, options =>
        {
            options.RateLimits = AuthRateLimitOptions.Off();
            options.Cookie = new SessionCookieOptions { TrustedOrigins = ["https://app.example.com"] };
        });
        await _app.Auth.Users.RegisterAsync("ada@example.com", SecurityApp.Password);
    }

    [TearDown]
    public async Task TearDown() => await _app.DisposeAsync();

    private async Task<(string Cookie, string SetCookie, string Body)> LoginAsync()
    {
        using var response = await _app.SendAsync(HttpMethod.Post, "/auth/login", body: new { email = "ada@example.com", password = SecurityApp.Password });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var setCookie = response.Headers.GetValues("Set-Cookie").Single();
        return (setCookie.Split(';')[0], setCookie, await response.Content.ReadAsStringAsync());
    }

    private static string Token(string cookie) => cookie[(cookie.IndexOf('=', StringComparison.Ordinal) + 1)..];

    [Test]
    public async Task Login_TransportOn_SetsAnHttpOnlySecureLaxCookieThatExpiresWithTheSession()
    {
        var (cookie, setCookie, body) = await LoginAsync();

        Assert.That(cookie, Does.Match("^__Host-session=[0-9a-f]{64}$"));
        var attributes = setCookie.Split(';', StringSplitOptions.TrimEntries).Skip(1).Select(a => a.ToLowerInvariant()).ToList();
        Assert.That(attributes, Is.SupersetOf(new[] { "max-age=604800", "path=/", "secure", "samesite=lax", "httponly" }));
        Assert.That(body, Is.EqualTo("""{"token":null}"""), "the token stays out of reach of scripts");
    }

    [Test]
    public async Task Profile_WithTheCookie_Authenticates()
    {
        var (cookie, _, _) = await LoginAsync();

        using var response = await _app.SendAsync(HttpMethod.Get, "/profile", cookie: cookie);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("""{"email":"ada@example.com"}"""));
    }

    [Test]
    public async Task Profile_BearerStillWorks_AndAPresentHeaderWinsOverTheCookie()
    {
        var (cookie, _, _) = await LoginAsync();
        var session = await _app.Auth.Sessions.CreateAsync((await _app.Auth.Users.FindByEmailAsync("ada@example.com"))!);

        using var bearer = await _app.SendAsync(HttpMethod.Get, "/profile", bearer: session.Token);
        using var badBearerGoodCookie = await _app.SendAsync(HttpMethod.Get, "/profile", bearer: new string('0', 64), cookie: cookie);

        Assert.That(bearer.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(badBearerGoodCookie.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task Logout_ClearsTheCookieAndTheOldCookieNoLongerWorks()
    {
        var (cookie, _, _) = await LoginAsync();

        using var logout = await _app.SendAsync(HttpMethod.Post, "/auth/logout", cookie: cookie, origin: OwnOrigin);
        using var after = await _app.SendAsync(HttpMethod.Get, "/profile", cookie: cookie);

        Assert.That(logout.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var cleared = logout.Headers.GetValues("Set-Cookie").Single().ToLowerInvariant();
        Assert.That(cleared, Does.StartWith("__host-session=;").And.Contain("max-age=0").And.Contain("expires=thu, 01 jan 1970"));
        Assert.That(after.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(await after.Content.ReadAsStringAsync(), Is.EqualTo("""{"error":"Invalid or expired session"}"""));
        Assert.That(after.Headers.GetValues("Set-Cookie").Single(), Does.StartWith("__Host-session=;"), "a dead cookie is cleared");
    }

    [Test]
    public async Task CrossSitePost_WithTheCookie_403AndTheHandlerNeverRuns()
    {
        var (cookie, _, _) = await LoginAsync();
        var handledBefore = _app.Handled.Count;

        using var response = await _app.SendAsync(HttpMethod.Post, "/profile/name", cookie: cookie, origin: Evil);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("""{"error":"Cross-site request refused","code":"cross_site_request"}"""));
        Assert.That(_app.Handled.Count, Is.EqualTo(handledBefore));
    }

    [TestCase(null, null)]
    [TestCase("null", null)]
    [TestCase(null, Evil + "/page")]
    [TestCase("https://localhost.evil.example", null)]
    public async Task UnsafePost_WithTheCookieAndNoAcceptableOrigin_403(string? origin, string? referer)
    {
        var (cookie, _, _) = await LoginAsync();

        using var response = await _app.SendAsync(HttpMethod.Post, "/profile/name", cookie: cookie, origin: origin, referer: referer);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
    }

    [Test]
    public async Task UnsafePost_FromTheOwnHostATrustedOriginOrASameOriginReferer_Allowed()
    {
        var (cookie, _, _) = await LoginAsync();

        using var own = await _app.SendAsync(HttpMethod.Post, "/profile/name", cookie: cookie, origin: OwnOrigin);
        using var trusted = await _app.SendAsync(HttpMethod.Post, "/profile/name", cookie: cookie, origin: "https://app.example.com");
        using var referer = await _app.SendAsync(HttpMethod.Post, "/profile/name", cookie: cookie, referer: OwnOrigin + "/settings");

        Assert.That(new[] { own.StatusCode, trusted.StatusCode, referer.StatusCode }, Is.All.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task CrossSitePost_WithABearerHeader_Allowed()
    {
        var session = await _app.Auth.Sessions.CreateAsync((await _app.Auth.Users.FindByEmailAsync("ada@example.com"))!);

        using var response = await _app.SendAsync(HttpMethod.Post, "/profile/name", bearer: session.Token, origin: Evil);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), "a page on another site cannot add the header, so it needs no origin check");
    }

    [Test]
    public async Task OptionalAuth_CrossSitePostWithTheCookie_RefusedBeforeTheRoute()
    {
        var (cookie, _, _) = await LoginAsync();

        using var crossSite = await _app.SendAsync(HttpMethod.Post, "/maybe", cookie: cookie, origin: Evil);
        using var sameSite = await _app.SendAsync(HttpMethod.Post, "/maybe", cookie: cookie, origin: OwnOrigin);

        // The cookie transport's filter refuses every unsafe page request of another origin (login CSRF included), so the
        // route's own anonymous fallback for a cross-site cookie is never reached.
        Assert.That(crossSite.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(await sameSite.Content.ReadAsStringAsync(), Is.EqualTo("""{"user":"ada@example.com"}"""));
    }

    [Test]
    public async Task Cookie_SessionExpired_401AndCleared()
    {
        var (cookie, _, _) = await LoginAsync();
        _time.Advance(TimeSpan.FromDays(7));

        using var response = await _app.SendAsync(HttpMethod.Get, "/profile", cookie: cookie);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(response.Headers.GetValues("Set-Cookie").Single(), Does.StartWith("__Host-session=;"));
    }

    [Test]
    public async Task Logs_AfterCookieRequests_HoldNoToken()
    {
        var (cookie, _, _) = await LoginAsync();
        (await _app.SendAsync(HttpMethod.Get, "/profile", cookie: cookie)).Dispose();
        (await _app.SendAsync(HttpMethod.Post, "/profile/name", cookie: cookie, origin: Evil)).Dispose();

        Assert.That(_app.Auth.LogLines, Has.None.Contains(Token(cookie)));
    }
}
