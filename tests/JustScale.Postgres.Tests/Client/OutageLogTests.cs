using JustScale.Core;
using JustScale.Postgres.Tests.Models;
using JustScale.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;

namespace JustScale.Postgres.Tests.Client;

/// <summary>A stopped server under many calls: one warning per kind per 10 s window with the count of the rest when the window
/// closes, and the pool cleared once per outage, not once per failed call.</summary>
[TestFixture]
public sealed class OutageLogTests
{
    private static readonly PgModel<DocsUser> PgUser = PgModel.Create<DocsUser>(new PgModelOptions { Table = "users" });

    [Test]
    public async Task ServerStopped_FiftyFailedCalls_OnePoolClearOneWarningPerKindAndTheCountAtTheWindowsEnd()
    {
        await using var server = await PostgresServer.StartLocalAsync();
        var logs = new FakeLogCollector();
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var cluster = new ClusterBuilder()
            .Provide<TimeProvider>(time)
            .Add(new PostgresClient(new PostgresClientOptions { ConnectionString = server.ConnectionString + ";Timeout=3", EnsureSchemaOnStart = true }))
            .Add(PgRepository.Create(PgUser))
            .ConfigureServices(s => s.AddSingleton<ILoggerFactory>(LoggerFactory.Create(b => b.AddProvider(new FakeLoggerProvider(logs)))))
            .Build();
        await cluster.CompileAsync();
        await cluster.StartAsync();
        var client = cluster.Resolve<PostgresClient>();
        var users = cluster.Resolve<IRepository<DocsUser>>();
        var ada = await users.InsertAsync(new DocsUser { Email = "ada@example.com", PasswordHash = "x" });
        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => users.GetAsync(ada.Id))); // several pooled connections

        await server.StopAsync();
        var failures = 0;
        for (var i = 0; i < 50; i++)
        {
            try
            {
                await users.GetAsync(ada.Id);
            }
            catch (DatabaseUnavailableException)
            {
                failures++;
            }
        }

        var warnings = Unavailable(logs);
        Assert.That(failures, Is.EqualTo(50));
        Assert.That(client.OutagesBegun, Is.EqualTo(1));
        var kinds = warnings.Select(w => w.Split('(')[1].Split(')')[0]).ToList();
        Assert.That(kinds, Is.Unique, string.Join('\n', warnings));
        Assert.That(warnings, Has.Count.InRange(1, 2), string.Join('\n', warnings));

        time.Advance(TimeSpan.FromSeconds(10));
        var summaries = logs.GetSnapshot().Where(r => r.Message.Contains("more failures", StringComparison.Ordinal)).Select(r => r.Message).ToList();
        var counted = summaries.Sum(s => int.Parse(s.Split(": ")[1].Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture));
        Assert.That(counted + warnings.Count, Is.InRange(50, 51), string.Join('\n', summaries));
        time.Advance(TimeSpan.FromSeconds(10));
        Assert.That(logs.GetSnapshot().Count(r => r.Message.Contains("more failures", StringComparison.Ordinal)), Is.EqualTo(summaries.Count), "nothing left to tell");

        var check = new PostgresHealthCheck(client, TimeSpan.FromSeconds(30)); // an upper limit: refused at once while down, answered in milliseconds once up
        var context = new HealthCheckContext { Registration = new HealthCheckRegistration("postgres", check, HealthStatus.Unhealthy, null) };
        for (var i = 0; i < 5; i++)
        {
            Assert.That((await check.CheckHealthAsync(context)).Status, Is.EqualTo(HealthStatus.Unhealthy));
        }

        await server.StartAsync();
        for (var i = 0; i < 3; i++)
        {
            Assert.That((await check.CheckHealthAsync(context)).Status, Is.EqualTo(HealthStatus.Healthy));
        }

        var health = logs.GetSnapshot().Where(r => r.Message.StartsWith("Health check postgres", StringComparison.Ordinal)).Select(r => r.Message).ToList();
        Assert.That(health, Has.Count.EqualTo(2), string.Join('\n', health));
        Assert.That(health[0], Does.StartWith("Health check postgres fails: PostgreSQL does not answer"));
        Assert.That(health[1], Is.EqualTo("Health check postgres passes again."));
        Assert.That(await users.GetAsync(ada.Id), Is.Not.Null);
        await server.StopAsync();
        Assert.ThrowsAsync<DatabaseUnavailableException>(() => users.GetAsync(ada.Id));
        Assert.That(client.OutagesBegun, Is.EqualTo(2), "a new outage after the server was back clears the pool again");
    }

    private static List<string> Unavailable(FakeLogCollector logs) =>
        [.. logs.GetSnapshot().Where(r => r.Level == LogLevel.Warning && r.Message.StartsWith("PostgreSQL is unavailable (", StringComparison.Ordinal)).Select(r => r.Message)];
}
