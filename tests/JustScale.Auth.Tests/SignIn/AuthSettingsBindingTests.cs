using System.Net;
using JustScale.Auth.Tests.Support;
using JustScale.Core;
using JustScale.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace JustScale.Auth.Tests.SignIn;

/// <summary>In the hosted style <c>.Add&lt;AuthFeature&gt;()</c> reads <c>JustScale:Auth</c> from the host's configuration through the binder; code wins.</summary>
public sealed class AuthSettingsBindingTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 6, 9, 0, 0, TimeSpan.Zero);

    private static string NewEmail() => $"u-{Guid.NewGuid():N}@example.com";

    [Test]
    public async Task SessionTtl_FromEnvironmentVariable_EndsTheSessionAfterTwoSeconds()
    {
        // The host's own environment source, under a prefix only this test uses (the variables of the process are shared).
        var prefix = $"SIGNIN26_{Guid.NewGuid():N}_";
        Environment.SetEnvironmentVariable(prefix + "JustScale__Auth__SessionTtl", "00:00:02");
        try
        {
            var time = new FakeTimeProvider(Start);
            await using var app = await SignInApp.StartAsync(StoreKind.InMemory, time, configuration: sources => sources.AddEnvironmentVariables(prefix));
            var token = await app.RegisterAsync(NewEmail());

            var (fresh, _, _) = await app.GetAsync("/notes/mine", bearer: token);
            time.Advance(TimeSpan.FromMilliseconds(1999));
            var (almost, _, _) = await app.GetAsync("/notes/mine", bearer: token);
            time.Advance(TimeSpan.FromMilliseconds(1));
            var (ended, _, _) = await app.GetAsync("/notes/mine", bearer: token);

            Assert.That(app.Service<AuthOptions>().SessionTtl, Is.EqualTo(TimeSpan.FromSeconds(2)));
            Assert.That(fresh, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(almost, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(ended, Is.EqualTo(HttpStatusCode.Unauthorized));
        }
        finally
        {
            Environment.SetEnvironmentVariable(prefix + "JustScale__Auth__SessionTtl", null);
        }
    }

    [Test]
    public async Task Settings_EveryKindOfKey_BoundThroughTheBinder()
    {
        await using var app = await SignInApp.StartAsync(StoreKind.InMemory, settings: new Dictionary<string, string?>
        {
            ["JustScale:Auth:TouchInterval"] = "00:05:00",
            ["JustScale:Auth:Passwords:MinLength"] = "12",
            ["JustScale:Auth:RateLimits:LoginPerIp"] = "3/minute",
            ["JustScale:Auth:RateLimits:LoginPerEmail"] = "off",
            ["JustScale:Auth:RateLimits:RegisterPerIp"] = "7/00:00:30",
            ["JustScale:Auth:Tokens:ResetPasswordTtl"] = "00:20:00",
            ["JustScale:Auth:SessionCache:MaxEntries"] = "500",
            ["JustScale:Auth:Admins:0"] = " root@example.com ",
            ["JustScale:Auth:Cookie:Name"] = "sid", // without Enabled=true: the transport stays off
        });

        var options = app.Service<AuthOptions>();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(options.TouchInterval, Is.EqualTo(TimeSpan.FromMinutes(5)));
            Assert.That(options.Passwords.MinLength, Is.EqualTo(12));
            Assert.That(options.Passwords.Cost, Is.EqualTo(1024));
            Assert.That(options.RateLimits.LoginPerIp, Is.EqualTo(new FixedWindowLimit(3, TimeSpan.FromMinutes(1))));
            Assert.That(options.RateLimits.LoginPerEmail, Is.Null);
            Assert.That(options.RateLimits.RegisterPerIp, Is.EqualTo(new FixedWindowLimit(7, TimeSpan.FromSeconds(30))));
            Assert.That(options.Tokens.ResetPasswordTtl, Is.EqualTo(TimeSpan.FromMinutes(20)));
            Assert.That(options.SessionCache.MaxEntries, Is.EqualTo(500));
            Assert.That(options.Admins, Is.EqualTo(new[] { "root@example.com" }));
            Assert.That(options.Cookie, Is.Null);
        }

        // The bound limit is the one the shipped login meets: 3 a minute from one address.
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            statuses.Add((await app.PostAsync("/auth/login", new { email = NewEmail(), password = "wrong password" })).Status);
        }

        Assert.That(statuses, Is.EqualTo(new[] { HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests }));
    }

    [Test]
    public async Task RateLimits_Off_TurnsEveryAuthLimitOff()
    {
        await using var app = await SignInApp.StartAsync(StoreKind.InMemory, settings: new Dictionary<string, string?> { ["JustScale:Auth:RateLimits"] = "off" });

        var limits = app.Service<AuthOptions>().RateLimits;

        Assert.That(new[] { limits.LoginPerIp, limits.LoginPerEmail, limits.RegisterPerIp, limits.TwoFactorPerIp }, Is.All.Null);
    }

    [Test]
    public async Task ExplicitCode_WinsOverConfiguration()
    {
        await using var app = await Hosted(
            new Dictionary<string, string?> { ["JustScale:Auth:SessionTtl"] = "00:00:02", ["JustScale:Auth:TouchInterval"] = "00:03:00" },
            cluster => cluster.Add(new AuthFeature(options => options.SessionTtl = TimeSpan.FromHours(1))));

        var options = app.Services.GetRequiredService<AuthOptions>();

        Assert.That(options.SessionTtl, Is.EqualTo(TimeSpan.FromHours(1)), "code wins");
        Assert.That(options.TouchInterval, Is.EqualTo(TimeSpan.FromMinutes(3)), "configuration fills what code left");
    }

    [Test]
    public async Task GivenOptionsInstance_IsTakenAsIs()
    {
        await using var app = await Hosted(
            new Dictionary<string, string?> { ["JustScale:Auth:SessionTtl"] = "00:00:02" },
            cluster => cluster.Add(new AuthFeature(new AuthOptions { SessionTtl = TimeSpan.FromDays(1) })));

        Assert.That(app.Services.GetRequiredService<AuthOptions>().SessionTtl, Is.EqualTo(TimeSpan.FromDays(1)));
    }

    [TestCase("JustScale:Auth:SessionTtl", "two seconds")]
    [TestCase("JustScale:Auth:RateLimits:LoginPerIp", "20/fortnight")]
    [TestCase("JustScale:Auth:Passwords:MinLength", "-3")]
    [TestCase("JustScale:Auth:Cookie:SameSite", "Sometimes")]
    public void BadValue_StartFailsNamingTheKey(string key, string value)
    {
        var error = Assert.ThrowsAsync<JustScaleException>(async () => await SignInApp.StartAsync(StoreKind.InMemory, settings: new Dictionary<string, string?>
        {
            [key] = value,
            ["JustScale:Auth:Cookie:Enabled"] = "true",
        }));

        var leaf = key[(key.LastIndexOf(':') + 1)..];
        Assert.That(error!.Message, Does.Contain("JustScale:Auth").And.Contain(leaf));
    }

    [Test]
    public void ListenStyle_BindExtension_ReadsTheSameKeys()
    {
        var section = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["JustScale:Auth:SessionTtl"] = "01:00:00",
            ["JustScale:Auth:Cookie:Enabled"] = "true",
            ["JustScale:Auth:Cookie:SameSite"] = "Strict",
            ["JustScale:Auth:Cookie:TrustedOrigins:0"] = "https://app.example.com",
        }).Build().GetSection("JustScale:Auth");
        var options = new AuthOptions { Cookie = new SessionCookieOptions { TrustedOrigins = ["https://old.example.com"] } };

        options.Bind(section);
        options.Bind(section); // twice: lists are replaced, never added to

        Assert.That(options.SessionTtl, Is.EqualTo(TimeSpan.FromHours(1)));
        Assert.That(options.Cookie!.SameSite, Is.EqualTo(Microsoft.AspNetCore.Http.SameSiteMode.Strict));
        Assert.That(options.Cookie.TrustedOrigins, Is.EqualTo(new[] { "https://app.example.com" }));
    }

    [Test]
    public void BlankValue_KeepsTheDefaultLikeAnAbsentKey()
    {
        var section = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["JustScale:Auth:SessionTtl"] = " ",
            ["JustScale:Auth:TouchInterval"] = "00:02:00",
        }).Build().GetSection("JustScale:Auth");

        var options = new AuthOptions().Bind(section);

        Assert.That(options.SessionTtl, Is.EqualTo(TimeSpan.FromDays(7)));
        Assert.That(options.TouchInterval, Is.EqualTo(TimeSpan.FromMinutes(2)));
    }

    private static async Task<WebApplication> Hosted(Dictionary<string, string?> settings, Action<ClusterBuilder> compose)
    {
        var builder = WebApplication.CreateBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddJustScale(cluster =>
        {
            cluster.Add(new AuthRepositories(InMemoryRepository.Factory));
            compose(cluster);
        });
        var app = builder.Build();
        app.MapJustScale();
        await app.StartAsync();
        return app;
    }
}
