using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CompleteExample;
using JustScale.Auth;
using JustScale.Http;
using Microsoft.Extensions.Configuration;

namespace JustScale.Examples.Tests.Security;

/// <summary>Checks the complete example's security options: login limits applied by default, and the opt-in cookie sessions.</summary>
[TestFixture]
public sealed class ExampleSecurityTests
{
    private const string Password = "correct horse battery staple";

    private static async Task<(Core.Cluster Cluster, HttpServer Server, HttpClient Client)> StartAsync(bool sessionCookies)
    {
        var (cluster, server) = await ExampleApp.StartAsync(new ExampleSettings(0, false, TimeSpan.FromMinutes(5)) { SessionCookies = sessionCookies });
        return (cluster, server, new HttpClient(new SocketsHttpHandler { UseCookies = false }) { BaseAddress = server.Url });
    }

    private static async Task StopAsync((Core.Cluster Cluster, HttpServer Server, HttpClient Client) app)
    {
        app.Client.Dispose();
        await app.Server.StopAsync();
        await app.Cluster.DisposeAsync();
    }

    private static HttpRequestMessage Request(HttpMethod method, string path, object? body = null, string? cookie = null, string? origin = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        if (cookie is not null)
        {
            request.Headers.Add("Cookie", cookie);
        }

        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }

        return request;
    }

    [Test]
    public async Task Login_DefaultSettings_LimitsOneEmailTo5AttemptsPerMinute()
    {
        var app = await StartAsync(sessionCookies: false);
        try
        {
            var statuses = new List<HttpStatusCode>();
            for (var i = 0; i < 6; i++)
            {
                using var response = await app.Client.PostAsJsonAsync("/auth/login", new { email = "limited@example.com", password = "guess" });
                statuses.Add(response.StatusCode);
            }

            Assert.That(statuses[..5], Is.All.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(statuses[5], Is.EqualTo(HttpStatusCode.TooManyRequests));
        }
        finally
        {
            await StopAsync(app);
        }
    }

    [Test]
    public async Task SessionCookies_On_LoginSetsProfileAcceptsCrossSiteLogoutRefusedLogoutClears()
    {
        var app = await StartAsync(sessionCookies: true);
        try
        {
            using (var register = await app.Client.PostAsJsonAsync("/auth/register", new { email = "cookie@example.com", password = Password }))
            {
                Assert.That(register.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            }

            using var login = await app.Client.SendAsync(Request(HttpMethod.Post, "/auth/login", new { email = "cookie@example.com", password = Password }));
            var setCookie = login.Headers.GetValues("Set-Cookie").Single();
            var cookie = setCookie.Split(';')[0];
            var own = $"http://localhost:{app.Server.Port}";

            using var profile = await app.Client.SendAsync(Request(HttpMethod.Get, "/profile", cookie: cookie));
            using var crossSite = await app.Client.SendAsync(Request(HttpMethod.Post, "/auth/logout", cookie: cookie, origin: "https://evil.example"));
            using var stillIn = await app.Client.SendAsync(Request(HttpMethod.Get, "/profile", cookie: cookie));
            using var logout = await app.Client.SendAsync(Request(HttpMethod.Post, "/auth/logout", cookie: cookie, origin: own));
            using var loggedOut = await app.Client.SendAsync(Request(HttpMethod.Get, "/profile", cookie: cookie));

            Assert.That(JsonDocument.Parse(await login.Content.ReadAsStringAsync()).RootElement.GetProperty("token").ValueKind, Is.EqualTo(JsonValueKind.Null));
            Assert.That(setCookie.ToLowerInvariant(), Does.Contain("httponly").And.Contain("secure").And.Contain("samesite=lax"));
            Assert.That(profile.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(crossSite.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(await crossSite.Content.ReadAsStringAsync(), Is.EqualTo("""{"error":"Cross-site request refused","code":"cross_site_request"}"""));
            Assert.That(stillIn.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the refused logout did nothing");
            Assert.That(logout.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(logout.Headers.GetValues("Set-Cookie").Single(), Does.StartWith("__Host-session=;"));
            Assert.That(loggedOut.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        }
        finally
        {
            await StopAsync(app);
        }
    }

    [Test]
    public async Task SessionCookies_Default_Off()
    {
        var app = await StartAsync(sessionCookies: false);
        try
        {
            using var register = await app.Client.PostAsJsonAsync("/auth/register", new { email = "bearer@example.com", password = Password });

            Assert.That(register.Headers.Contains("Set-Cookie"), Is.False);
            Assert.That(JsonDocument.Parse(await register.Content.ReadAsStringAsync()).RootElement.GetProperty("token").GetString(), Does.Match("^[0-9a-f]{64}$"));
        }
        finally
        {
            await StopAsync(app);
        }
    }

    [Test]
    public void Settings_FromArgumentsAndEnvironment_ReadTheSecuritySwitches()
    {
        var defaults = Settings([]);
        var off = Settings(["--session-cookies", "--rate-limits", "off"]);
        var fromEnvironment = Settings([], new() { ["AUTH_RATE_LIMITS"] = "OFF", ["SESSION_COOKIES"] = "on" });

        Assert.That(defaults.RateLimits, Is.Null);
        Assert.That(defaults.SessionCookies, Is.False);
        Assert.That(off.RateLimits?.LoginPerIp, Is.Null);
        Assert.That(off.RateLimits?.LoginPerEmail, Is.Null);
        Assert.That(off.SessionCookies, Is.True);
        Assert.That(fromEnvironment.RateLimits, Is.Not.Null);
        Assert.That(fromEnvironment.SessionCookies, Is.True);
        Assert.That(() => Settings(["--rate-limits", "maybe"]), Throws.ArgumentException);
    }

    // As the host reads them: variables (unprefixed, as WebApplication.CreateBuilder loads them), then the command line.
    private static ExampleSettings Settings(string[] args, Dictionary<string, string?>? environment = null) =>
        ExampleSettings.From(new ConfigurationBuilder()
            .AddInMemoryCollection(environment ?? [])
            .AddCommandLine(ExampleSettings.NormalizeArguments(args))
            .Build());
}
