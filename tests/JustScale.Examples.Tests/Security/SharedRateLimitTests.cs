using System.Net;
using System.Net.Http.Json;
using CompleteExample;
using JustScale.Auth;
using JustScale.Http;
using JustScale.Testing;

namespace JustScale.Examples.Tests.Security;

/// <summary>Runs two instances of the complete example (two clusters, each with its own Kestrel) on one PostgreSQL database: they share one limit.</summary>
[TestFixture]
public sealed class SharedRateLimitTests
{
    private const string Password = "correct horse battery staple";
    private TestDatabase _database = null!;
    private readonly List<(Core.Cluster Cluster, HttpServer Server)> _instances = [];

    [OneTimeSetUp]
    public async Task StartTwoInstances()
    {
        _database = await TestPostgres.CreateDatabaseAsync("shared_limits");
        var settings = new ExampleSettings(0, true, TimeSpan.FromMinutes(5), _database.ConnectionString)
        {
            // Windows of a day: the store aligns windows to the clock, and a test must not straddle a boundary.
            RateLimits = new AuthRateLimitOptions
            {
                LoginPerEmail = new FixedWindowLimit(5, TimeSpan.FromDays(1)),
                RegisterPerIp = new FixedWindowLimit(3, TimeSpan.FromDays(1)),
            },
        };
        _instances.Add(await ExampleApp.StartAsync(settings));
        _instances.Add(await ExampleApp.StartAsync(settings));
    }

    [OneTimeTearDown]
    public async Task StopInstances()
    {
        foreach (var (cluster, server) in _instances)
        {
            await server.StopAsync();
            await cluster.DisposeAsync();
        }

        await _database.DisposeAsync();
    }

    private async Task<HttpResponseMessage> PostAsync(int instance, string path, object body)
    {
        using var client = new HttpClient { BaseAddress = _instances[instance].Server.Url };
        return await client.PostAsJsonAsync(path, body);
    }

    [Test]
    public async Task Login_OneEmailAcrossBothInstances_TheSixthAttemptIs429()
    {
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 6; i++)
        {
            using var response = await PostAsync(i % 2, "/auth/login", new { email = "target@example.com", password = $"guess {i}" });
            statuses.Add(response.StatusCode);
            if (i == 5)
            {
                Assert.That(response.Headers.RetryAfter?.Delta, Is.Not.Null.And.InRange(TimeSpan.FromSeconds(1), TimeSpan.FromDays(1)));
                Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("""{"error":"Too Many Requests"}"""));
            }
        }

        // Split three and three, neither instance alone reaches the per-email limit of 5: only one shared counter refuses the sixth.
        Assert.That(statuses, Is.EqualTo(Enumerable.Repeat(HttpStatusCode.Unauthorized, 5).Append(HttpStatusCode.TooManyRequests)));
    }

    [Test]
    public async Task Register_OneIpAcrossBothInstances_SharesThePerIpLimit()
    {
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            using var response = await PostAsync(i % 2, "/auth/register", new { email = $"shared{i}@example.com", password = Password });
            statuses.Add(response.StatusCode);
        }

        Assert.That(statuses, Is.EqualTo(new[] { HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests }));
    }
}
