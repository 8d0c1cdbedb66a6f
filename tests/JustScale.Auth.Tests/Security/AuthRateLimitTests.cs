using System.Net;
using JustScale.Auth.Tests.Support;
using JustScale.Http;
using Microsoft.Extensions.Time.Testing;

namespace JustScale.Auth.Tests.Security;

/// <summary>Tests AuthFeature's ready login and register policies over real Kestrel, in memory and counted in PostgreSQL.</summary>
[TestFixture(StoreKind.InMemory, false)]
[TestFixture(StoreKind.Postgres, true)]
public sealed class AuthRateLimitTests(StoreKind store, bool sharedLimits)
{
    private static readonly DateTimeOffset Start = new(2026, 4, 1, 9, 0, 10, TimeSpan.Zero);
    private FakeTimeProvider _time = new(Start);

    private Task<SecurityApp> StartAsync(Action<AuthRateLimitOptions> limits)
    {
        _time = new FakeTimeProvider(Start);
        return SecurityApp.StartAsync(store, _time, options => limits(options.RateLimits), sharedLimits);
    }

    [Test]
    public async Task Login_OverThePerIpLimit_429WithRetryAfterBeforeAnyPasswordCheck()
    {
        await using var app = await StartAsync(limits => limits.LoginPerIp = FixedWindowLimit.PerMinute(3));

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            statuses.Add(await app.LoginAsync($"nobody{i}@example.com", clientIp: "198.51.100.7"));
        }

        using var refused = await app.SendAsync(HttpMethod.Post, "/auth/login", "198.51.100.7", new { email = "nobody9@example.com", password = "guess" });

        Assert.That(statuses, Is.All.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
        Assert.That(await refused.Content.ReadAsStringAsync(), Is.EqualTo("""{"error":"Too Many Requests"}"""));
        Assert.That(refused.Headers.RetryAfter?.Delta, Is.Not.Null.And.InRange(TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1)));
        Assert.That(app.Handled.Count, Is.EqualTo(3));
    }

    [Test]
    public async Task Login_OneIpLimited_CorrectLoginFromAnotherIpStillWorks()
    {
        await using var app = await StartAsync(limits => limits.LoginPerIp = FixedWindowLimit.PerMinute(2));
        await app.Auth.Users.RegisterAsync("ada@example.com", SecurityApp.Password);
        await app.LoginAsync("x1@example.com", clientIp: "198.51.100.66");
        await app.LoginAsync("x2@example.com", clientIp: "198.51.100.66");

        var attackerRetry = await app.LoginAsync("ada@example.com", clientIp: "198.51.100.66");
        var ada = await app.LoginAsync("ada@example.com", clientIp: "192.0.2.44");

        Assert.That(attackerRetry, Is.EqualTo(HttpStatusCode.TooManyRequests));
        Assert.That(ada, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Login_OneEmailFromManyIps_429OnceTheEmailLimitIsReached()
    {
        await using var app = await StartAsync(limits => limits.LoginPerEmail = FixedWindowLimit.PerMinute(3));
        await app.Auth.Users.RegisterAsync("ada@example.com", SecurityApp.Password);

        var statuses = new List<HttpStatusCode>();
        foreach (var (email, ip) in new[] { ("ada@example.com", "192.0.2.1"), ("ADA@example.com", "192.0.2.2"), ("  Ada@Example.com ", "192.0.2.3"), ("ada@example.com", "192.0.2.4") })
        {
            using var response = await app.SendAsync(HttpMethod.Post, "/auth/login", ip, new { email, password = "wrong guess" });
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                Assert.That(response.Headers.RetryAfter?.Delta, Is.Not.Null);
            }
        }

        var otherEmail = await app.LoginAsync("bob@example.com", clientIp: "192.0.2.4");

        Assert.That(statuses, Is.EqualTo(new[] { HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests }));
        Assert.That(otherEmail, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task Register_OverThePerIpLimit_429AndNoUserCreated()
    {
        await using var app = await StartAsync(limits => limits.RegisterPerIp = FixedWindowLimit.PerHour(2));
        for (var i = 0; i < 2; i++)
        {
            using var created = await app.SendAsync(HttpMethod.Post, "/auth/register", "198.51.100.20", new { email = $"new{i}@example.com", password = SecurityApp.Password });
            Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }

        using var refused = await app.SendAsync(HttpMethod.Post, "/auth/register", "198.51.100.20", new { email = "new9@example.com", password = SecurityApp.Password });

        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
        Assert.That(refused.Headers.RetryAfter?.Delta, Is.Not.Null);
        Assert.That(await app.Auth.Users.FindByEmailAsync("new9@example.com"), Is.Null);
    }

    [Test]
    public async Task Login_BodyWithoutEmail_OnlyThePerIpLimitAppliesAndTheHandlerAnswers400()
    {
        await using var app = await StartAsync(limits => limits.LoginPerEmail = FixedWindowLimit.PerMinute(1));

        using var first = await app.SendAsync(HttpMethod.Post, "/auth/login", body: new { email = 42, password = "x" });
        using var second = await app.SendAsync(HttpMethod.Post, "/auth/login", body: new[] { 1, 2 });

        Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(second.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }

    [TestCase("/auth/login")]
    [TestCase("/auth/register")]
    public async Task Body_EmailWithEscapedLoneSurrogate_HandlerAnswers400Not500(string path)
    {
        await using var app = await StartAsync(limits => limits.LoginPerEmail = FixedWindowLimit.PerMinute(5));
        using var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new StringContent("""{"email":"a\ud800b@example.com","password":"x"}""", System.Text.Encoding.UTF8, "application/json"),
        };

        using var response = await app.Client.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }

    [Test]
    public async Task Login_LimitsOff_NeverLimited()
    {
        await using var app = await SecurityApp.StartAsync(store, _time, options => options.RateLimits = AuthRateLimitOptions.Off(), sharedLimits);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 8; i++)
        {
            statuses.Add(await app.LoginAsync("ada@example.com"));
        }

        Assert.That(statuses, Is.All.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task Login_LimitedEmail_NoLockoutOnceTheWindowEnds()
    {
        if (!sharedLimits)
        {
            Assert.Ignore("Moves a fake clock, which the store-backed limiter reads; the in-memory limiter runs on real time.");
        }

        await using var app = await StartAsync(limits => limits.LoginPerEmail = FixedWindowLimit.PerMinute(2));
        await app.Auth.Users.RegisterAsync("ada@example.com", SecurityApp.Password);
        await app.LoginAsync("ada@example.com", "wrong 1", "192.0.2.1");
        await app.LoginAsync("ada@example.com", "wrong 2", "192.0.2.2");

        var duringWindow = await app.LoginAsync("ada@example.com", clientIp: "192.0.2.3");
        _time.Advance(TimeSpan.FromSeconds(50));
        var afterWindow = await app.LoginAsync("ada@example.com", clientIp: "192.0.2.3");

        Assert.That(duringWindow, Is.EqualTo(HttpStatusCode.TooManyRequests));
        Assert.That(afterWindow, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Logs_AfterLimitedLogins_HoldNoEmailOrPassword()
    {
        await using var app = await StartAsync(limits => limits.LoginPerEmail = FixedWindowLimit.PerMinute(1));
        await app.LoginAsync("secret.person@example.com", "hunter2-password");
        await app.LoginAsync("secret.person@example.com", "hunter2-password");

        Assert.That(app.Auth.LogLines, Has.Some.Contains("429"));
        Assert.That(app.Auth.LogLines, Has.None.Contains("secret.person"));
        Assert.That(app.Auth.LogLines, Has.None.Contains("hunter2"));
    }
}
