using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using CompleteExample;
using JustScale.Auth;
using JustScale.Http;
using JustScale.Testing;
using Npgsql;

namespace JustScale.Examples.Tests.Security;

/// <summary>Sends 200 concurrent logins from one address to the complete example on PostgreSQL with limits on: refusals cost no connection and no UPSERT.</summary>
[TestFixture]
public sealed class LoginBurstTests
{
    // The per-IP login limit under test; windows of a day so that a burst never straddles a window boundary.
    private const int LoginPerIp = 10;

    // PgRateLimitStoreOptions.MaxConcurrentCommands' default: the limiter's own connections.
    private const int LimiterSlots = 4;

    private TestDatabase _database = null!;
    private Core.Cluster _cluster = null!;
    private HttpServer _server = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _database = await TestPostgres.CreateDatabaseAsync("login_burst");
        var settings = new ExampleSettings(0, true, TimeSpan.FromMinutes(5), _database.ConnectionString)
        {
            RateLimits = new AuthRateLimitOptions { LoginPerIp = new FixedWindowLimit(LoginPerIp, TimeSpan.FromDays(1)) },
            RateLimitSecret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            PasswordQueueWait = TimeSpan.FromSeconds(60), // the admitted logins' scrypt must not be shed as 503 on a busy CI machine
        };
        (_cluster, _server) = await ExampleApp.StartAsync(settings);
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        await _server.StopAsync();
        await _cluster.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Test]
    public async Task Login_200ConcurrentFromOneAddress_Only401And429WithBoundedConnectionsAndNoUpsertOnceOver()
    {
        using var client = new HttpClient { BaseAddress = _server.Url };
        using var sampling = new CancellationTokenSource();
        var peak = SamplePeakConnectionsAsync(sampling.Token);

        var statuses = await BurstAsync(client, 200, "first");
        await sampling.CancelAsync();
        var peakDuringBurst = await peak;
        var countAfterFirst = await MaxStoredCountAsync();
        var secondStatuses = await BurstAsync(client, 50, "second");

        Assert.That(statuses.Distinct(), Is.SubsetOf(new[] { HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests }));
        Assert.That(statuses.Count(s => s == HttpStatusCode.Unauthorized), Is.EqualTo(LoginPerIp));
        Assert.That(secondStatuses, Is.All.EqualTo(HttpStatusCode.TooManyRequests));

        // The IP key's row counts one per UPSERT. Once the UPSERT that reached the limit returned, the key is refused from
        // memory: only the statements already holding one of the limiter's slots still ran (at most LimiterSlots - 1).
        Assert.That(countAfterFirst, Is.InRange(LoginPerIp, LoginPerIp + LimiterSlots - 1));
        Assert.That(await MaxStoredCountAsync(), Is.EqualTo(countAfterFirst), "the second burst, all over the limit, ran no UPSERT");

        // The pool keeps every connection it opened, so the final count is the burst's peak too. At most: the limiter's
        // slots, one per admitted login (its user lookup), and 2 for the start's schema work and the session sweep.
        // Before the limiter answered refusals from memory and bounded its statements, this burst reached 100 and a 53300.
        const int bound = LimiterSlots + LoginPerIp + 2;
        Assert.That(peakDuringBurst, Is.LessThanOrEqualTo(bound));
        Assert.That(await ConnectionsAsync(), Is.LessThanOrEqualTo(bound));
        Assert.That(await TableExistsAsync("rate_limits_secret"), Is.False, "a configured secret is not stored");
    }

    private static async Task<HttpStatusCode[]> BurstAsync(HttpClient client, int count, string tag) =>
        await Task.WhenAll(Enumerable.Range(0, count).Select(async i =>
        {
            // Distinct emails: only the per-IP limit is reached, so every refusal comes from one key.
            using var response = await client.PostAsJsonAsync("/auth/login", new { email = $"{tag}{i}@example.com", password = "wrong password" });
            return response.StatusCode;
        }));

    private async Task<long> SamplePeakConnectionsAsync(CancellationToken stop)
    {
        long peak = 0;
        while (!stop.IsCancellationRequested)
        {
            peak = Math.Max(peak, await ConnectionsAsync());
            await Task.Delay(10, CancellationToken.None);
        }

        return peak;
    }

    private async Task<long> ConnectionsAsync()
    {
        await using var connection = await OpenProbeAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND application_name <> 'login_burst_probe'", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Opens the test's own connections under an application name the connection count leaves out.</summary>
    private async Task<NpgsqlConnection> OpenProbeAsync()
    {
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(_database.ConnectionString) { ApplicationName = "login_burst_probe" }.ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    private async Task<long> MaxStoredCountAsync()
    {
        await using var connection = await OpenProbeAsync();
        await using var command = new NpgsqlCommand("SELECT max(count) FROM rate_limits", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private async Task<bool> TableExistsAsync(string table)
    {
        await using var connection = await OpenProbeAsync();
        await using var command = new NpgsqlCommand("SELECT to_regclass($1) IS NOT NULL", connection);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = table });
        return (bool)(await command.ExecuteScalarAsync())!;
    }
}
